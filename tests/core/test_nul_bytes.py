"""A NUL character (%00) in an address, a query or a form answers 400 with a French page, on every
URL of the site (tousvoisins.middleware.RefuseNulMiddleware): PostgreSQL refuses NUL in any text,
so a view that looked it up used to answer 500."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SAYS = "Nous ne pouvons pas lire cette demande"


def _route_text(pattern, value):
    """The literal address of one pattern, every parameter given `value`."""
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<[^>]+>", value, str(pattern._route))
    regex = pattern._regex.lstrip("^").rstrip("$").removesuffix(r"\Z")
    # Named or plain groups become the value; what is left must be plain text.
    regex = re.sub(r"\(\?P<\w+>[^()]*(?:\([^()]*\)[^()]*)*\)", value, regex)
    regex = re.sub(r"\((?!\?)[^()]*\)", value, regex)
    regex = regex.replace("\\", "").replace("?", "")
    return regex if not re.search(r"[\[\]()*+|{}]", regex) else None


def _walk(patterns, prefix_nul="", prefix_clean=""):
    for entry in patterns:
        nul = _route_text(entry.pattern, "x%00")
        clean = _route_text(entry.pattern, "1")
        if nul is None or clean is None:
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix_nul + nul, prefix_clean + clean)
        elif isinstance(entry, URLPattern):
            yield prefix_nul + nul, prefix_clean + clean


def every_url():
    """(address with a NUL in each parameter, or at the end when it has none; the same with plain values)."""
    seen = {}
    for nul, clean in _walk(get_resolver().url_patterns):
        if nul == clean:
            nul = f"{clean}%00" if clean.endswith("/") or not clean else f"{clean}/%00"
        seen.setdefault("/" + nul, "/" + clean)
    return sorted(seen.items())


URLS = every_url()


def test_the_walk_finds_the_pages_the_issue_named():
    addresses = dict(URLS)
    assert "/membres/x%00/" in addresses
    assert "/agenda/imprimer/x%00/" in addresses
    assert "/referents/trouver/%00" in addresses
    assert len(URLS) > 100  # the admin's too


@pytest.mark.parametrize(
    "address", ["/membres/%00/", "/agenda/imprimer/%00/", "/referents/trouver/?commune=%00"]
)
def test_the_addresses_found_under_attack_answer_400_in_french(
    client, member, address, django_assert_num_queries
):
    client.force_login(member)

    with django_assert_num_queries(0):
        response = client.get(address)

    assert response.status_code == 400
    html = response.content.decode()
    assert SAYS in html
    assert '<html lang="fr"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("nul", "clean"), URLS)
def test_every_url_refuses_a_nul_in_its_path_query_and_form(client, nul, clean):
    responses = {
        "path": client.get(nul),
        "query": client.get(clean, {"q": "rez\x00é"}),
        "query key": client.get(f"{clean}?commune%00=1"),
        "form": client.post(clean, {"name": "Alice\x00"}),
        "form key": client.post(clean, {"na\x00me": "Alice"}),
    }

    for where, response in responses.items():
        assert response.status_code == 400, (where, response.status_code)
        assert SAYS in response.content.decode(), where


def test_a_nul_in_a_multipart_form_field_or_file_name_answers_400(client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member)

    in_field = client.post("/mon-profil/", {"display_name": "Al\x00ice"})
    in_file_name = client.post("/mon-profil/", {"photo": SimpleUploadedFile("a\x00.jpg", b"x")})

    assert in_field.status_code == 400
    assert in_file_name.status_code in (400, 200)  # Django's parser may drop the NUL from a file name
    assert "\x00" not in in_file_name.content.decode()


def test_a_request_without_nul_goes_on_as_before(client, db):
    assert client.get("/referents/trouver/?q=Rez%C3%A9").status_code == 200
