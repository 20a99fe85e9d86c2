import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["base_de_donnees"] is True


def test_health_answers_503_when_the_database_is_unreachable(client, settings, monkeypatch):
    from django.db import DatabaseError

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("serveur injoignable")

    # The real failure is a refused connection; making the cursor raise is that failure seen from the view.
    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["base_de_donnees"] is False
