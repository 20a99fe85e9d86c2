"""The site's addresses plus one page that fails with a member's address in the error
(tests/core/test_logs.py)."""

from django.urls import path

from tousvoisins.urls import urlpatterns as site_urlpatterns


def failing(request):
    # What real errors carry: PostgreSQL's detail of a unique constraint, a header refused.
    raise ValueError(
        "duplicate key value violates unique constraint\n"
        f"DETAIL:  Key (username)=({request.GET.get('name')}) already exists. "
        f"Header values can't contain newlines (got {request.GET.get('email')!r})"
    )


urlpatterns = [path("echec/", failing), *site_urlpatterns]
