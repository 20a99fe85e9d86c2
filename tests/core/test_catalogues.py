"""The translations are complete: every string marked for translation in the code, templates and
scripts is in locale/{en,ar,uk}/LC_MESSAGES/django.po (djangojs.po for the scripts), translated,
not fuzzy, with the same placeholders.

The strings are extracted afresh by `manage.py makemessages` from a copy of the sources in a
temporary folder (the real catalogues are never touched), then compared with polib.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DOMAINS = ("django", "djangojs")
SKIPPED = {
    ".venv",
    ".git",
    ".local",
    "tests",
    "scripts",
    "staticfiles",
    "media",
    "locale",
    "node_modules",
    "backups",
}
SOURCES = ("*.py", "*.html", "*.txt", "*.js")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")

EXTRACT = """
import os, sys
import django
django.setup()
from django.core.management import call_command
from django.test.utils import override_settings
copy = sys.argv[1]
os.chdir(copy)
with override_settings(LOCALE_PATHS=[os.path.join(copy, "locale")]):
    for domain in ("django", "djangojs"):
        call_command("makemessages", locale=["en"], domain=domain, keep_pot=True, verbosity=0)
"""


def _ignore(folder, names):
    kept = set()
    for name in names:
        path = Path(folder) / name
        if path.is_dir():
            if name not in SKIPPED and not name.startswith("."):
                kept.add(name)
        elif any(path.match(pattern) for pattern in SOURCES):
            kept.add(name)
    return [name for name in names if name not in kept]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """{domain: [entries of the .pot that makemessages writes from today's sources]}."""
    copy = tmp_path_factory.mktemp("sources") / "project"
    shutil.copytree(ROOT, copy, ignore=_ignore)
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "-c", EXTRACT, str(copy)],
        check=True,
        cwd=ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    return {domain: _pot(copy / "locale" / f"{domain}.pot") for domain in DOMAINS}


def _pot(path):
    return [entry for entry in polib.pofile(str(path)) if entry.msgid] if path.exists() else []


def placeholders(*texts):
    found = []
    for text in texts:
        for match in PLACEHOLDER.finditer(text):
            found.append(match.group(0))
    return sorted(set(found))


def problems(entries, catalogue):
    """What is wrong with `catalogue` (a polib file) for these extracted entries, in words."""
    found = []
    for wanted in entries:
        entry = catalogue.find(wanted.msgid, msgctxt=wanted.msgctxt)
        name = repr(wanted.msgid) + (f" (contexte {wanted.msgctxt!r})" if wanted.msgctxt else "")
        if entry is None or entry.obsolete:
            found.append(f"absente : {name}")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"à revoir (fuzzy) : {name}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not translations or not all(text.strip() for text in translations):
            found.append(f"non traduite : {name}")
            continue
        source = placeholders(entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            # A singular may leave the number out ("Un membre…"); all forms together keep them all.
            used = placeholders(*translations)
            wrong = used != source or any(not set(placeholders(text)) <= set(source) for text in translations)
        else:
            wrong = placeholders(translations[0]) != source
        if wrong:
            found.append(f"variables différentes : {name} {source} → {placeholders(*translations)}")
    return found


def test_it_extracts_the_strings_of_templates_python_and_scripts(extracted):
    msgids = {entry.msgid for entry in extracted["django"]}
    assert "Se connecter" in msgids  # templates/includes/header.html
    assert "%(day)s, de %(start)s à %(end)s" in msgids  # tousvoisins/dates.py
    assert "Proposer votre aide" in {entry.msgid for entry in extracted["djangojs"]}


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(extracted, language, domain):
    path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    catalogue = polib.pofile(str(path)) if path.exists() else polib.POFile()

    found = problems(extracted[domain], catalogue)

    assert not found, (
        f"{path.relative_to(ROOT)} : {len(found)} problème(s). Lancez `make messages`, traduisez, "
        "puis `make compilemessages` (voir « Traduire le site » dans le README).\n" + "\n".join(found[:40])
    )


def test_it_finds_a_missing_a_fuzzy_and_an_untranslated_string_and_a_wrong_placeholder():
    extracted = [
        polib.POEntry(msgid="Absente"),
        polib.POEntry(msgid="Floue"),
        polib.POEntry(msgid="Vide"),
        polib.POEntry(msgid="Bonjour %(name)s"),
        polib.POEntry(msgid="Un message", msgid_plural="%(counter)s messages"),
        polib.POEntry(msgid="Bien"),
    ]
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Floue", msgstr="Fuzzy", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="Vide", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Bonjour %(name)s", msgstr="Hello %(nom)s"))
    catalogue.append(
        polib.POEntry(
            msgid="Un message", msgid_plural="%(counter)s messages", msgstr_plural={0: "One message", 1: ""}
        )
    )
    catalogue.append(polib.POEntry(msgid="Bien", msgstr="Good"))

    found = problems(extracted, catalogue)

    assert [line.split(" :")[0] for line in found] == [
        "absente",
        "à revoir (fuzzy)",
        "non traduite",
        "variables différentes",
        "non traduite",
    ]
