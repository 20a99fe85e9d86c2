from django.urls import path

from . import views

# Included at the root: these are full paths (DESIGN.md's URL contract).
app_name = "profiles"
urlpatterns = [
    path("membres/", views.member_list, name="member-list"),
    path("membres/<str:username>/", views.member_detail, name="member-detail"),
    path("membres/<str:username>/ecrire/", views.conversation_start, name="conversation-start"),
    path("membres/<str:username>/bloquer/", views.member_block, name="member-block"),
    path("membres/<str:username>/debloquer/", views.member_unblock, name="member-unblock"),
    path("membres/<str:username>/signaler/", views.report_profile, name="report-profile"),
    path("mon-profil/", views.my_profile, name="my-profile"),
    path("mon-profil/rencontres/", views.my_matches, name="my-matches"),
    path("mon-profil/membres-bloques/", views.blocked_members, name="blocked-members"),
    path("mon-profil/mes-donnees/", views.my_data, name="my-data"),
    path("mon-profil/mes-donnees/telecharger/", views.my_data_download, name="my-data-download"),
    path("mon-profil/supprimer-mon-compte/", views.account_delete, name="account-delete"),
    path("compte-supprime/", views.account_deleted, name="account-deleted"),
    path("messages/", views.conversation_list, name="conversation-list"),
    path("messages/<int:pk>/", views.conversation_detail, name="conversation"),
    path("messages/<int:pk>/signaler/<int:message_pk>/", views.report_message, name="report-message"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
