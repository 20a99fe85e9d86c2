"""What every page must pass in the browser: axe-core, and the checks axe does not make.

Each check returns a list of problems in plain words (empty when the page is fine), so a
failing test lists everything wrong with a page at once.
"""

from axe_playwright_python.sync_playwright import Axe

SITE_SUFFIX = " — Tous voisins 44"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
NARROW_WIDTH = 320

_axe = Axe()

# The house rules (lang, title, one h1, skip link), read from the DOM in one round trip.
_PAGE_FACTS_JS = """() => {
  const focusable = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])'
  )].filter(el => !el.disabled && el.getClientRects().length > 0);
  const first = focusable[0];
  return {
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim()),
    firstFocusable: first ? {href: first.getAttribute('href') || '', text: first.textContent.trim()} : null,
    mainTarget: !!document.querySelector('main#contenu'),
  };
}"""


def assert_accessible(page, entry, console_messages, failed_responses, *, language="fr"):
    """Every check on the page as it is now; `entry` is a pages.Page (its path and title).
    In another `language` than French, the page's title is not compared with the French one."""
    title = entry.title if language == "fr" else None
    problems = page_problems(page, title_fragment=title, language=language)
    violations = axe_violations(page)
    problems += reflow_problems(page)
    problems += csp_problems(console_messages)
    problems += [f"failed to load: {failure}" for failure in failed_responses]
    if violations:
        problems.append("axe-core violations:\n" + format_violations(violations))
    assert not problems, f"{entry.path}:\n" + "\n".join(problems)


def axe_violations(page):
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


RIGHT_TO_LEFT = {"ar"}


def page_problems(page, *, title_fragment=None, language="fr"):
    """lang and dir, title, one h1 and the skip link: the house rules of every page."""
    facts = page.evaluate(_PAGE_FACTS_JS)
    problems = []
    if facts["lang"] != language:
        problems.append(f'<html lang> is {facts["lang"]!r}, not "{language}"')
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    if facts["dir"] != direction:
        problems.append(f'<html dir> is {facts["dir"]!r}, not "{direction}"')
    title = facts["title"]
    if not title.endswith(SITE_SUFFIX) or not title[: -len(SITE_SUFFIX)].strip():
        problems.append(f"the title {title!r} is not «Page{SITE_SUFFIX}»")
    if title_fragment and title_fragment.casefold() not in title.casefold():
        problems.append(f"the title {title!r} does not contain {title_fragment!r}")
    if len(facts["h1"]) != 1:
        problems.append(f"{len(facts['h1'])} <h1> instead of one: {facts['h1']}")
    first = facts["firstFocusable"]
    if not first or first["href"] != "#contenu":
        problems.append(f"the first focusable element is not the skip link to #contenu: {first}")
    if not facts["mainTarget"]:
        problems.append("no <main id=contenu> for the skip link to reach")
    return problems


def reflow_problems(page):
    """WCAG 1.4.10: nothing scrolls sideways at 320 CSS pixels."""
    size = page.viewport_size
    page.set_viewport_size({"width": NARROW_WIDTH, "height": 640})
    try:
        widths = page.evaluate(
            """() => {
              const wide = [...document.body.querySelectorAll('*')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                           + (el.className && typeof el.className === 'string'
                              ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
              return {scroll: document.documentElement.scrollWidth, wide};
            }"""
        )
    finally:
        page.set_viewport_size(size)
    if widths["scroll"] > NARROW_WIDTH:
        return [f"the page is {widths['scroll']} px wide at {NARROW_WIDTH} px (too wide: {widths['wide']})"]
    return []


def csp_problems(console_messages):
    return [f"CSP: {text}" for text in console_messages if "Content Security Policy" in text]


def focus_indicator_problem(page):
    """None when the focused element shows a focus indicator (outline or box-shadow)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return 'nothing has the focus';
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          const shadow = style.boxShadow && style.boxShadow !== 'none';
          if (outline || shadow) return null;
          return `${el.tagName.toLowerCase()} «${el.textContent.trim().slice(0, 40)}» has no visible focus`;
        }"""
    )
