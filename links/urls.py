app_name = "links"

urlpatterns = []
