"""Who may import whom (docs/architecture.md): a tab imports the core (`tousvoisins`) and
`accounts`, never another tab, but for the few edges listed in ALLOWED; the core and
`accounts` import no tab at all (they find the tabs' hooks through the app registry)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = {"tousvoisins", "accounts"}
TABS = {
    "pages",
    "events",
    "referents",
    "news",
    "links",
    "forum",
    "profiles",
    "helpboard",
    "communities",
    "dashboard",
}

# The crossings between tabs, each with its reason: {reason: {importer: tabs it may import}}.
# Keep in step with the README's layout section.
ALLOWED = {
    "the home page shows the next dates, the latest news and members who share one's interests": {
        "pages": {"events", "news", "profiles"},
    },
    "an event's page names the referent to contact; a referent's page lists their next dates": {
        "events": {"referents"},
        "referents": {"events"},
    },
    "the weekly digest lists the new events of a member's thèmes and territory": {
        "profiles": {"events"},
    },
    "answering a coup de pouce opens a private conversation; its words are the profiles' tags": {
        "helpboard": {"profiles"},
    },
    "my matches and the weekly digest suggest the coups de pouce of my savoirs and envies": {
        "profiles": {"helpboard"},
    },
    "a community gathers the people of recurring rencontres and talks in a forum category of its own": {
        "communities": {"events", "forum"},
    },
    "the home page shows communities near you; the member's profile lists their communities and "
    "the matching finds members of one's communities who share one's interests": {
        "pages": {"communities"},
        "profiles": {"communities"},
    },
    "the dashboard counts the agenda's dates, the referents and the forum; open data publishes "
    "the events and the referents directory": {
        "dashboard": {"events", "referents", "forum"},
    },
}


def edges(allowed):
    """{(importer, imported)} for the exceptions in `allowed`."""
    return {(app, other) for tabs in allowed.values() for app, others in tabs.items() for other in others}


def imported_apps(source):
    """The first component of every absolute module a Python source imports."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def forbidden_imports(root, allowed=ALLOWED):
    """'app/file.py imports other' for every import between apps that the rules refuse."""
    allowed = edges(allowed)
    problems = []
    for app in sorted(CORE | TABS):
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # migrations name other apps' models by design
            for other in sorted(imported_apps(path.read_text()) & (CORE | TABS) - {app}):
                refused = (app in CORE and other in TABS) or (
                    app in TABS and other in TABS and (app, other) not in allowed
                )
                if refused:
                    problems.append(f"{path.relative_to(root)} imports {other}")
    return problems


def test_no_app_imports_another_outside_the_rules():
    assert forbidden_imports(ROOT) == []


def test_every_allowed_edge_is_still_used():
    # An exception nobody needs any more is taken off the list.
    used = set()
    for app in TABS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                used |= {(app, other) for other in imported_apps(path.read_text()) & TABS if other != app}
    assert edges(ALLOWED) <= used, f"unused exceptions: {edges(ALLOWED) - used}"


@pytest.mark.parametrize(
    ("app", "source", "refused"),
    [
        ("forum", "from profiles.models import Profile\n", True),
        ("forum", "def f():\n    import news.models\n", True),
        ("tousvoisins", "from events.models import Event\n", True),
        ("accounts", "from forum import services\n", True),
        ("forum", "from accounts.models import User\nfrom tousvoisins.text import render\n", False),
        ("pages", "from events.models import Occurrence\n", False),
        ("events", "from referents.models import Referent\n", False),
        ("referents", "from events.models import Occurrence\n", False),
        ("profiles", "from events.models import Occurrence\n", False),
        ("news", "from events.models import Occurrence\n", True),
        ("profiles", "def f():\n    from pages.models import ContactMessage\n", True),
        ("events", "from pages.forms import ContactForm\n", True),
        ("forum", "from .models import Post\n", False),
    ],
)
def test_the_check_refuses_a_new_import_between_tabs(tmp_path, app, source, refused):
    for name in CORE | TABS:
        (tmp_path / name).mkdir()
    (tmp_path / app / "module.py").write_text(source)

    problems = forbidden_imports(tmp_path)

    assert bool(problems) is refused, problems
