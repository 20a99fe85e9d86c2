"""The agenda in a real browser: axe-core and the house rules on its pages, the keyboard, and the
whole journey of a proposed event (a member proposes, a referent publishes, everyone sees it)."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import TERRITORY_REFERENTS
from events.models import PARIS
from tests.conftest import NANTES_METROPOLE, PASSWORD, make_user
from tests.factories import EventFactory, next_local

from . import checks
from .browsing import focused, sign_in, tab_until

pytestmark = pytest.mark.browser


def assert_accessible(page, title_fragment, console_messages, failed_responses):
    problems = checks.page_problems(page, title_fragment=title_fragment)
    violations = checks.axe_violations(page)
    problems += checks.reflow_problems(page)
    problems += checks.csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    if violations:
        problems.append("axe-core violations:\n" + checks.format_violations(violations))
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


@pytest.fixture
def agenda():
    """A few events of the coming days across the territory, one of them recurring."""
    events = [
        EventFactory(
            title="Café-emploi",
            themes=["emploi"],
            start=next_local(days=2, hour=14),
            recurrence="FREQ=WEEKLY",
            step_free=True,
            capacity=12,
        ),
        EventFactory(title="Repair café", insee="44184", start=next_local(days=3, hour=10)),
        EventFactory(title="Tricot et papotage", insee="44113", start=next_local(days=3, hour=15)),
        EventFactory(title="Chorale", insee="44109", start=next_local(days=4, hour=18)),
    ]
    for number in range(6):  # a few hundred metres apart in Nantes: the map groups them
        EventFactory(
            title=f"Atelier {number}",
            point=Point(-1.56 + 0.004 * number, 47.215, srid=4326),
            start=next_local(days=5, hour=9 + number),
        )
    return events


def this_month_path():
    today = timezone.localdate(timezone=PARIS)
    return f"/agenda/mois/{today.year:04d}/{today.month:02d}/"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/agenda/", "Agenda"),
        ("/agenda/?theme=emploi&acces=plain-pied", "Agenda — Emploi"),
        ("/agenda/?theme=jardinage", "Agenda"),
        ("month", "Agenda d"),  # "Agenda de décembre", "Agenda d'avril"
        ("/agenda/carte/", "Carte de l'agenda"),
    ],
)
def test_the_agenda_pages_are_accessible(page, agenda, console_messages, failed_responses, path, title):
    path = this_month_path() if path == "month" else path
    response = page.goto(path)
    assert response.status == 200
    if "carte" in path:
        # The markers come from the GeoJSON endpoint once the map is up.
        page.wait_for_selector(".leaflet-marker-icon")
    assert_accessible(page, title, console_messages, failed_responses)


def test_the_detail_page_is_accessible_with_its_map(page, agenda, console_messages, failed_responses):
    page.goto(agenda[0].get_absolute_url())
    page.wait_for_selector("#event-map .leaflet-marker-icon")
    expect(page.locator("#event-map .map__fallback")).to_have_count(0)
    assert_accessible(page, "Café-emploi", console_messages, failed_responses)


def test_the_map_groups_close_markers_and_opens_them(page, agenda):
    page.goto("/agenda/carte/")
    cluster = page.locator(".map-cluster").first
    expect(cluster).to_be_visible()
    counts = page.locator(".map-cluster [aria-hidden=true]").all_inner_texts()
    assert sum(int(count) for count in counts) >= 6, counts
    # A cluster is a button: Enter zooms in until the markers stand apart.
    for _ in range(6):
        if not page.locator(".map-cluster").count():
            break
        page.locator(".map-cluster").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
    markers = page.locator("img.leaflet-marker-icon")
    assert markers.count() >= 2
    markers.first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup .map-popup a").first).to_be_visible()


def test_the_month_grid_can_be_read_and_turned_with_the_keyboard(page, agenda):
    today = timezone.localdate(timezone=PARIS)
    page.goto("/agenda/")
    month_link = tab_until(page, lambda element: element["text"] == "Mois")
    assert month_link, "no link to the month grid by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{this_month_path()}")
    expect(page.locator("td[aria-current=date]")).to_have_count(1)

    next_link = tab_until(page, lambda element: element["text"].startswith("Mois suivant"), max_presses=80)
    assert next_link, "no link to the next month by Tab"
    page.keyboard.press("Enter")
    following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    page.wait_for_url(f"**/agenda/mois/{following.year:04d}/{following.month:02d}/")
    expect(page.locator("caption")).to_contain_text(str(following.year))
    assert focused(page) is None or focused(page)["tag"] != "td"


# Proposals ----------------------------------------------------------------------------------


def test_the_proposal_pages_are_accessible_empty_and_with_errors(
    page, browser_member, console_messages, failed_responses
):
    EventFactory(title="Refusée", status="refused", status_reason="Payant.", proposed_by=browser_member)
    EventFactory(title="En attente", status="proposed", proposed_by=browser_member)
    sign_in(page, browser_member)
    page.goto("/agenda/proposer/")
    assert_accessible(page, "Proposer une rencontre", console_messages, failed_responses)

    form = page.locator("main form[method=post]")
    form.evaluate("form => { form.noValidate = true; }")
    page.locator("#id_title").fill("Café-emploi")
    page.locator("#id_commune_name").fill("Paris")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.locator("#id_commune_name_error")).to_contain_text("Nous ne trouvons pas « Paris »")
    expect(page.locator("#id_title")).to_have_value("Café-emploi")
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 3
    assert_accessible(page, "Erreur — Proposer une rencontre", console_messages, failed_responses)

    page.goto("/agenda/mes-propositions/")
    expect(page.get_by_text("Motif donné par le référent : « Payant. »")).to_be_visible()
    assert_accessible(page, "Mes propositions", console_messages, failed_responses)


def test_a_proposal_goes_from_a_member_to_the_agenda_through_a_referent(page, browser_member):
    referent = make_user("nadia", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])
    day = next_local(days=10).date()

    # A member proposes a meeting in Rezé.
    sign_in(page, browser_member)
    page.goto("/agenda/")
    page.get_by_role("link", name="Proposer une rencontre").click()
    page.locator("#id_title").fill("Atelier vélo solidaire")
    page.locator("#id_summary").fill("On répare ensemble les vélos. Les outils sont prêtés.")
    page.get_by_label("Mobilité").check()
    page.locator("#id_description").fill("On répare les vélos ensemble.")
    page.locator("#id_start_date").fill(day.isoformat())
    page.locator("#id_start_time").fill("14:00")
    page.locator("#id_end_time").fill("17:00")
    page.locator("#id_place_name").fill("Garage associatif")
    page.locator("#id_commune_name").fill("Rezé")
    page.get_by_label("Accès de plain-pied / fauteuil roulant").check()
    page.locator("#id_organiser_name").fill("Les Biclous de Rezé")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_text("Merci ! « Atelier vélo solidaire » est envoyée.")).to_be_visible()
    expect(page.get_by_text("En attente de relecture.")).to_be_visible()
    page.goto("/agenda/")
    expect(page.get_by_text("Atelier vélo solidaire")).to_have_count(0)
    page.get_by_role("button", name="Se déconnecter").click()

    # The Nantes Métropole referent publishes it from the admin's review queue.
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(referent.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    page.get_by_role("link", name="Propositions à relire").first.click()
    row = page.locator("#result_list tbody tr", has_text="Atelier vélo solidaire")
    row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("publish_selected")
    with page.expect_navigation():
        page.locator("button[name=index], .actions button[type=submit]").first.click()
    expect(page.get_by_text("1 événement publié.")).to_be_visible()

    # Everyone sees it in the agenda and in the calendar feed.
    page.goto("/agenda/")
    expect(page.get_by_role("link", name="Atelier vélo solidaire")).to_be_visible()
    feed = page.request.get("/agenda/agenda.ics")
    assert feed.ok
    assert "SUMMARY:Atelier vélo solidaire" in feed.text()


# "Je participe" -----------------------------------------------------------------------------


def test_a_member_joins_a_date_and_finds_it_in_their_participations(
    page, agenda, browser_member, console_messages, failed_responses
):
    event = agenda[0]  # weekly, 12 places
    sign_in(page, browser_member)
    page.goto(event.get_absolute_url())
    first_date = page.locator(".event-date").first
    with page.expect_navigation():
        first_date.get_by_role("button", name="Je participe").click()
    expect(page.get_by_text("C'est noté : vous participez à « Café-emploi »")).to_be_visible()
    first_date = page.locator(".event-date").first
    expect(first_date).to_contain_text("1 personne participe. Il reste 11 places sur 12.")
    assert_accessible(page, "Café-emploi", console_messages, failed_responses)

    page.get_by_role("link", name="Voir toutes mes participations").click()
    expect(page.get_by_role("heading", name="Café-emploi")).to_be_visible()
    assert_accessible(page, "Mes participations", console_messages, failed_responses)
    with page.expect_navigation():
        page.get_by_role("button", name="Je ne participe plus").click()
    expect(page.get_by_text("Vous n'avez dit « je participe » à aucune rencontre à venir.")).to_be_visible()
