"""What a person does in the browser, written once for every browser test."""

from tests.conftest import PASSWORD

# Where the focus is, described in one round trip.
_FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute('name') || '',
    type: el.getAttribute('type') || '',
    href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
    inHeader: !!el.closest('header'),
    inNav: !!el.closest('nav'),
  };
}"""


def focused(page):
    return page.evaluate(_FOCUSED_JS)


def sign_in(page, user, password=PASSWORD):
    """Sign in through the real form, as a person would."""
    response = page.goto("/comptes/login/")
    assert response.status == 200, f"the sign-in page answered {response.status}"
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/comptes/login/" not in url)


def tab_until(page, wanted, *, max_presses=40, on_each=None):
    """Press Tab until `wanted(focused element)` holds; the element, or None if never reached."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        element = focused(page)
        if element and on_each:
            on_each(element)
        if element and wanted(element):
            return element
    return None
