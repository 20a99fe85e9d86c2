"""Long words and addresses wrap at 320 px (WCAG 1.4.10): an e-mail address, a web address
pasted in a post, a long word in an event's title: nothing scrolls sideways, and the text
is still there to read."""

import pytest
from allauth.account.models import EmailAddress

from tests.conftest import make_user
from tests.factories import EventFactory
from tests.factories.forum import TopicFactory

from . import checks
from .browsing import sign_in

pytestmark = pytest.mark.browser

LONG_ADDRESS = "mariethereseduponddelavillemarque.associationdesvoisins@quartierexemple.fr"
LONG_URL = "https://www.exemple.fr/une/adresse/tres/longue/sans/espace/ni/tiret/" + "a" * 80
LONG_WORD = "Anticonstitutionnellement" * 3


def test_a_long_email_address_wraps_on_the_addresses_page(page):
    user = make_user("mtdupont")
    EmailAddress.objects.filter(user=user).update(email=LONG_ADDRESS)
    user.email = LONG_ADDRESS
    user.save(update_fields=["email"])
    sign_in(page, user)

    page.goto("/comptes/email/")

    assert page.get_by_text(LONG_ADDRESS).is_visible()
    assert checks.reflow_problems(page) == []


def test_a_long_web_address_wraps_in_a_forum_post(page):
    topic = TopicFactory(title="Un lien utile", body=f"Regardez ici : {LONG_URL}")

    page.goto(topic.get_absolute_url())

    assert page.get_by_text("Regardez ici").is_visible()
    assert checks.reflow_problems(page) == []


@pytest.mark.parametrize("where", ["list", "detail"])
def test_a_long_word_wraps_in_the_agenda(page, where):
    event = EventFactory(title=f"Atelier {LONG_WORD}", description=f"Venez : {LONG_WORD} {LONG_URL}")

    response = page.goto("/agenda/" if where == "list" else event.get_absolute_url())

    assert response.status == 200
    assert page.get_by_text(LONG_WORD).first.is_visible()
    assert checks.reflow_problems(page) == []
