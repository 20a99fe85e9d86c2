"""What communities hold about a member, for "Télécharger mes données" and "Supprimer mon compte".

accounts.gdpr calls export_user_data(user) and erase_user_data(user) of every app. Memberships
go with the account; the messages a host wrote to the members stay on the community's page,
unsigned ("Les hôtes"), like forum posts signed "ancien membre". The people without an account a
referent added are erased by the referent (admin) when they ask, or with their community.
"""

from tousvoisins.site import absolute_url

from .models import Community, HostMessage, Membership


def export_user_data(user):
    memberships = Membership.objects.filter(user=user).select_related("community").order_by("joined_at", "pk")
    hosted = Community.objects.filter(hosts=user).order_by("name")
    messages = HostMessage.objects.filter(author=user).select_related("community").order_by("created", "pk")
    return {
        "communautes": [
            {
                "nom": membership.community.name,
                "membre_depuis_le": membership.joined_at,
                "adresse_sur_le_site": absolute_url(membership.community.get_absolute_url()),
            }
            for membership in memberships
        ],
        "communautes_dont_je_suis_hote": [community.name for community in hosted],
        "messages_ecrits_aux_membres": [
            {
                "communaute": message.community.name,
                "objet": message.subject,
                "texte": message.body,
                "le": message.created,
            }
            for message in messages
        ],
    }


def erase_user_data(user):
    Membership.objects.filter(user=user).delete()
    HostMessage.objects.filter(author=user).update(author=None)
    for community in Community.objects.filter(hosts=user):
        community.hosts.remove(user)
