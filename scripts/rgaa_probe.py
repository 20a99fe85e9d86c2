"""What the internal RGAA 4.1 audit reads from the browser on the sample of pages (docs/rgaa-audit.csv).

Run against a site served with the demo content (`make run`, or `manage.py runserver` after
`seed_demo`):

    .venv/bin/python scripts/rgaa_probe.py http://127.0.0.1:8000 > /tmp/rgaa-probe.json

It signs in as the demo member, opens each page of the sample in Debian's Chromium, runs axe-core
(WCAG 2.1 A and AA) and gathers the facts the RGAA criteria ask about that a template does not
show at a glance: images and their text alternatives, frames, tables, links without a name or
with the same name for different addresses, headings, forms (labels, groups, autocomplete),
focus visibility along the tab order, positive tabindex, new windows, media, reflow at 320 px and
256 px high, text spacing, and content left when the style sheets are off. The audit's results
are written by a person from these facts and from reading the templates.
"""

# ruff: noqa: E501 (the JavaScript read in the page keeps its own long lines)

import json
import sys

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
DEMO_MEMBER = ("martine@exemple.tousvoisins44.fr", "voisins-demo-44")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

FACTS_JS = """() => {
  const text = el => (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim();
  const name = el => (el.getAttribute('aria-label') || text(el)
      || [...el.querySelectorAll('img')].map(i => i.alt).join(' ')).trim();
  const links = [...document.querySelectorAll('a[href]')];
  const byName = {};
  links.forEach(a => { const n = name(a).toLowerCase(); (byName[n] = byName[n] || new Set()).add(a.getAttribute('href')); });
  const ambiguous = Object.entries(byName).filter(([n, s]) => s.size > 1).map(([n, s]) => [n, [...s].slice(0, 3)]);
  const fields = [...document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea')];
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const dupIds = ids.filter((id, i) => ids.indexOf(id) !== i);
  return {
    title: document.title,
    lang: document.documentElement.lang,
    doctype: document.doctype ? document.doctype.name : null,
    images: [...document.querySelectorAll('img, svg, [role=img], input[type=image], area')].map(el => ({
      tag: el.tagName.toLowerCase(), alt: el.getAttribute('alt'), aria: el.getAttribute('aria-label'),
      hidden: el.getAttribute('aria-hidden'), role: el.getAttribute('role'),
      src: (el.getAttribute('src') || '').slice(-50),
    })).slice(0, 40),
    figures: document.querySelectorAll('figure').length,
    frames: [...document.querySelectorAll('iframe, frame')].map(f => f.title),
    media: document.querySelectorAll('video, audio, object, embed, canvas').length,
    tables: [...document.querySelectorAll('table')].map(t => ({
      caption: t.caption ? text(t.caption) : null, th: t.querySelectorAll('th').length,
      scoped: t.querySelectorAll('th[scope]').length, role: t.getAttribute('role'),
    })),
    emptyLinks: links.filter(a => !name(a)).map(a => a.outerHTML.slice(0, 120)),
    ambiguousLinks: ambiguous.slice(0, 10),
    newWindows: links.filter(a => a.target === '_blank').map(a => name(a)),
    headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => h.tagName + ' ' + text(h).slice(0, 60)),
    landmarks: [...document.querySelectorAll('header, nav, main, footer, [role=search], aside')].map(
      e => e.tagName.toLowerCase() + (e.getAttribute('role') ? '[' + e.getAttribute('role') + ']' : '')
           + (e.getAttribute('aria-label') ? '«' + e.getAttribute('aria-label') + '»' : '')),
    fields: fields.map(f => ({
      name: f.name, type: f.type, label: f.labels && f.labels.length ? text(f.labels[0]).slice(0, 60) : null,
      aria: f.getAttribute('aria-label') || f.getAttribute('aria-labelledby'),
      describedby: f.getAttribute('aria-describedby'), autocomplete: f.getAttribute('autocomplete'),
      inFieldset: !!f.closest('fieldset'), required: f.required || f.getAttribute('aria-required'),
    })),
    fieldsetsWithoutLegend: [...document.querySelectorAll('fieldset')].filter(f => !f.querySelector('legend')).length,
    buttons: [...document.querySelectorAll('button, input[type=submit]')].map(b => name(b) || b.value),
    positiveTabindex: document.querySelectorAll('[tabindex]:not([tabindex="0"]):not([tabindex^="-"])').length,
    langChanges: [...document.querySelectorAll('body [lang]')].map(e => e.lang + ': ' + text(e).slice(0, 30)),
    dirChanges: [...document.querySelectorAll('[dir]')].map(e => e.dir),
    quotes: document.querySelectorAll('blockquote, q').length,
    metaRefresh: !!document.querySelector('meta[http-equiv=refresh]'),
    autoplay: document.querySelectorAll('[autoplay]').length,
    marquee: document.querySelectorAll('marquee, blink').length,
    presentational: document.querySelectorAll('font, center, b, i, u, s, strike, big, tt').length,
    duplicateIds: [...new Set(dupIds)],
    accesskeys: document.querySelectorAll('[accesskey]').length,
    liveRegions: [...document.querySelectorAll('[role=status], [role=alert], [aria-live]')].map(e => text(e).slice(0, 60)),
    stylesheets: document.styleSheets.length,
    inlineStyles: document.querySelectorAll('[style]').length,
    orientationLock: [...document.styleSheets].some(s => { try { return [...s.cssRules].some(r => r.media && /orientation/.test(r.media.mediaText)); } catch (e) { return false; } }),
  };
}"""

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  const r = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), text: (el.textContent || el.name || '').trim().slice(0, 30), visible, top: Math.round(r.top + scrollY)};
}"""

SPACING_CSS = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""

OVERFLOW_JS = """() => [...document.body.querySelectorAll('*')].filter(el => {
  const s = getComputedStyle(el);
  return (el.scrollWidth > el.clientWidth + 1 && (s.overflowX === 'hidden' || s.overflow === 'hidden'))
      || (el.scrollHeight > el.clientHeight + 1 && (s.overflowY === 'hidden') && el.clientHeight > 0);
}).slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + (el.className || ''))"""


def probe(page, url, *, tab_presses=60):
    response = page.goto(url)
    facts = page.evaluate(FACTS_JS)
    facts["status"] = response.status if response else None
    facts["axe"] = [
        (v["id"], len(v["nodes"])) for v in Axe().run(page, options=AXE_OPTIONS).response["violations"]
    ]
    # Focus along the tab order: every stop visible, and the order going down the page.
    stops, page_height = [], page.evaluate("document.body.scrollHeight")
    page.locator("body").focus()
    for _ in range(tab_presses):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_JS)
        if not stop or (stops and stop == stops[0]):
            break
        stops.append(stop)
    facts["focusStops"] = len(stops)
    facts["focusInvisible"] = [s["text"] for s in stops if not s["visible"]]
    facts["pageHeight"] = page_height
    # Reflow: 320 px wide, and 256 px high (landscape phone, zoomed).
    size = page.viewport_size
    for width, height, key in ((320, 640, "scrollAt320"), (1280, 256, "scrollAt256High")):
        page.set_viewport_size({"width": width, "height": height})
        facts[key] = page.evaluate("document.documentElement.scrollWidth") - width
    page.set_viewport_size(size)
    # Text spacing (WCAG 1.4.12): nothing clipped.
    page.add_style_tag(content=SPACING_CSS)
    facts["clippedWithSpacing"] = page.evaluate(OVERFLOW_JS)
    # Style sheets off: what is left to read.
    facts["textWithoutCss"] = page.evaluate(
        """() => { [...document.styleSheets].forEach(s => s.disabled = true);
                   return document.body.innerText.length; }"""
    )
    return facts


def sign_in(page, base):
    page.goto(base + "/comptes/login/")
    page.locator("input[name=login]").fill(DEMO_MEMBER[0])
    page.locator("input[name=password]").fill(DEMO_MEMBER[1])
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()


def main(base, paths):
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        page.route(lambda url: not url.startswith(base), lambda route: route.fulfill(status=204))
        for path in paths:
            if path == "SIGN-IN":
                sign_in(page, base)
                continue
            try:
                results[path] = probe(page, base + path)
            except Exception as error:
                results[path] = {"error": str(error)}
        browser.close()
    json.dump(results, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:])
