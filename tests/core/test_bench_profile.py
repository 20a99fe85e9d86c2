"""The benchmark's profile of a request (tousvoisins.bench_profile): only when asked."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiled(settings):
    settings.MIDDLEWARE = ["tousvoisins.bench_profile.BenchProfileMiddleware", *settings.MIDDLEWARE]


def test_a_request_that_asks_gets_where_its_time_went(client, profiled):
    response = client.get("/agenda/", headers={"X-Bench-Profile": "1"})
    timing = dict(part.split(";dur=") for part in response["Server-Timing"].split(", "))
    assert set(timing) == {"sql", "tpl", "py", "total", "q"}
    assert float(timing["total"]) >= float(timing["sql"]) > 0
    assert float(timing["tpl"]) > 0
    assert int(timing["q"]) >= 1


def test_other_requests_are_left_alone(client, profiled):
    assert "Server-Timing" not in client.get("/agenda/")
