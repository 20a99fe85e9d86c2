"""The benchmark's ratios measured beside what they are compared with (issue 18): at L, the M data
is served beside the L data and both are asked in turn, so that the machine's other work weighs on
both alike (a ratio of two runs twenty minutes apart measured the host as much as the code); and
each page's share is against the floor measured just before and after its own loop."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.core.bench_script import bench_module

pytestmark = pytest.mark.bench


class _TimedServer:
    """A real HTTP server on a free port answering every request with the Server-Timing total it
    is given, in turn, and writing down the order requests came in (shared by both servers)."""

    def __init__(self, name, totals, arrivals):
        outer = self
        self.name, self.totals, self.arrivals = name, list(totals), arrivals

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                arrivals.append((outer.name, self.path, self.headers.get("X-Bench-Uncached")))
                total = outer.totals.pop(0)
                self.send_response(200)
                self.send_header("Server-Timing", f"sql;dur=0.1, total;dur={total}, q;dur=1")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.http.server_address[1]
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def two_servers():
    arrivals = []
    servers = {
        # M: 1 ms nineteen times and one slow request; L: 3 ms, its p95 of twenty is 3.
        "M": _TimedServer("M", [1.0] * 19 + [9.0], arrivals),
        "L": _TimedServer("L", [3.0] * 20, arrivals),
    }
    yield servers, arrivals
    for server in servers.values():
        server.close()


def test_a_page_s_requests_take_turns_between_the_two_servers_and_each_gets_its_own_p95(two_servers):
    servers, arrivals = two_servers
    bench = bench_module()
    pages = {"agenda": {"M": (lambda: "/agenda/?m", None), "L": (lambda: "/agenda/?l", None)}}

    found = bench.interleaved_alone_p95(pages, {scale: server.port for scale, server in servers.items()}, 20)

    assert [name for name, _, _ in arrivals[:6]] == ["M", "L", "L", "M", "M", "L"]
    assert len(arrivals) == 40
    # Each server is asked for its own data's address, uncached.
    assert {(name, path, uncached) for name, path, uncached in arrivals} == {
        ("M", "/agenda/?m", "1"),
        ("L", "/agenda/?l", "1"),
    }
    assert found == {"M": {"agenda": 9.0}, "L": {"agenda": 3.0}}


def test_the_mix_runs_in_turn_m_l_l_m():
    assert bench_module().abba("M", "L", 120) == [("M", 120), ("L", 120), ("L", 120), ("M", 120)]


def test_the_mix_s_figures_judge_a_download_on_its_first_byte_and_keep_its_whole_time():
    bench = bench_module()
    json_file = "données ouvertes JSON"
    results = [("agenda", 0.010, 200, 0.002)] * 19 + [("agenda", 0.050, 200, 0.004)]
    results += [(json_file, 0.008, 200, 0.001)] * 20

    judged, whole = bench.mix_figures(results)

    assert judged == {"agenda": pytest.approx(50.0), json_file: pytest.approx(1.0)}
    assert whole == {json_file: pytest.approx(8.0)}


@pytest.mark.parametrize(
    ("environment", "possible"),
    [
        ({"BENCH_SCALE": "L"}, True),
        ({"BENCH_SCALE": "M"}, False),
        ({"BENCH_SCALE": "L", "BENCH_DATABASE_URL": "postgis://elsewhere/bench"}, False),
        ({"BENCH_SCALE": "L", "BENCH_PROFILE_ONLY": "1"}, False),
    ],
)
def test_the_m_data_is_served_beside_only_at_another_scale_in_the_local_cluster(
    monkeypatch, environment, possible
):
    for name in ("BENCH_SCALE", "BENCH_DATABASE_URL", "BENCH_PROFILE_ONLY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert bench_module().side_by_side_possible() is possible


def test_each_scale_keeps_its_open_data_files_apart(monkeypatch):
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgis://elsewhere/bench")
    bench = bench_module()

    at_m, at_l = bench.bench_environment("M")["MEDIA_ROOT"], bench.bench_environment("L")["MEDIA_ROOT"]

    assert at_m != at_l and at_m.endswith("bench-media-M")


def test_the_mix_draws_each_scale_s_addresses_from_its_own_data():
    data = {
        "events": ["/agenda/evenement/un/"],
        "referents": ["/referents/une/"],
        "territories": ["244400404"],
        "communes": ["Saint-Herblain"],
        "topics": ["/forum/sujet/1/"],
        "news": ["/actualites/une/"],
        "communities": ["/communautes/tricot/"],
        "cookies": ["sessionid=abc"],
    }

    anonymous, signed_in, cookies = bench_module().page_mix(data)
    paths = {kind: maker() for _, kind, maker in anonymous + signed_in}

    assert paths["événement"] == "/agenda/evenement/un/"
    assert paths["qui est mon référent"] == "/referents/trouver/?q=Saint-Herblain"
    assert paths["agenda imprimable"] == "/agenda/imprimer/244400404/"
    assert paths["communauté"] == "/communautes/tricot/"
    assert cookies == ["sessionid=abc"]
    # The dashboard and the members' pages are the signed-in part of the mix.
    assert {"tableau de bord (modération)", "mes affinités (connecté)"} <= {kind for _, kind, _ in signed_in}


def test_each_page_is_held_to_the_floor_measured_just_before_and_just_after_it(monkeypatch):
    arrivals = []
    floor_server = _TimedServer("plancher", [1.0] * 10_000, arrivals)
    bench = bench_module()
    monkeypatch.setattr(bench, "PORT", floor_server.port)
    monkeypatch.setattr(bench, "FLOOR_SECONDS", 0.2)
    try:
        floor = bench.Floor()
        before = len(arrivals)
        rate, errors, around = floor.beside(lambda: (123.0, 0))
    finally:
        floor_server.close()

    assert (rate, errors) == (123.0, 0)
    assert len(floor.rates) == 2 and all(value > 0 for value in floor.rates)
    assert around == pytest.approx((floor.rates[0] + floor.rates[1]) / 2)
    # The floor was measured again after the page's loop, on the floor view.
    assert len(arrivals) > before and {path for _, path, _ in arrivals} == {"/banc/plancher/"}


def test_the_stampede_check_shows_the_pages_slowest_after_the_flush_beside_their_warm_p95():
    warm = [("agenda du mois", 0.010, 200, 0.001)] * 20 + [("accueil", 0.004, 200, 0.001)] * 20
    flushed = [("agenda du mois", 0.010, 200, 0.001)] * 18 + [("agenda du mois", 0.600, 200, 0.001)] * 2
    flushed += [("accueil", 0.005, 200, 0.001)] * 20 + [("flux RSS", 0.090, 200, 0.001)]

    header, _, first, second, third = bench_module().flush_rows(warm, flushed)

    assert header.startswith("| page | requests | warm p95 ms")
    assert first == "| agenda du mois | 20 | 10 | 600 | 600 |"
    # A page the warm run did not draw shows no warm value.
    assert second == "| flux RSS | 1 | — | 90 | 90 |"
    assert third == "| accueil | 20 | 4 | 5 | 5 |"


def test_two_mixes_drawn_afresh_ask_for_the_same_communes_and_territories_in_the_same_order():
    def data(events):
        return {
            "events": events,
            "referents": ["/referents/une/"],
            "territories": [str(siren) for siren in range(17)],
            "communes": [f"Commune {number}" for number in range(207)],
            "topics": ["/forum/sujet/1/"],
            "news": ["/actualites/une/"],
            "communities": ["/communautes/tricot/"],
            "cookies": ["sessionid=abc"],
        }

    bench = bench_module()
    at_m = {kind: maker for _, kind, maker in bench.page_mix(data(["/agenda/evenement/m/"]))[0]}
    at_l = {kind: maker for _, kind, maker in bench.page_mix(data(["/agenda/evenement/l/"]))[0]}

    drawn_m = [at_m["qui est mon référent"]() for _ in range(30)]
    drawn_l = [at_l["qui est mon référent"]() for _ in range(30)]
    assert drawn_m == drawn_l and len(set(drawn_m)) > 10
