"""Give each catalogue in locale/ a proper header (makemessages writes a fuzzy template one).

Run by `make messages` after makemessages; idempotent.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"en": "English", "ar": "Arabic", "uk": "Ukrainian"}


def main():
    for path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        code = path.parent.parent.name
        catalogue = polib.pofile(str(path), wrapwidth=79)
        catalogue.metadata.update(
            {
                "Project-Id-Version": "Tous voisins 44",
                "Language": code,
                "Language-Team": f"{NAMES.get(code, code)} (tous voisins 44)",
                "Last-Translator": "Tous voisins 44",
                "Report-Msgid-Bugs-To": "",
            }
        )
        # Dates would change at every extraction and make every merge conflict.
        catalogue.metadata.pop("POT-Creation-Date", None)
        catalogue.metadata.pop("PO-Revision-Date", None)
        catalogue.metadata_is_fuzzy = False
        language = NAMES.get(code, code)
        catalogue.header = f"Tous voisins 44: the interface in {language}.\nFrench is the source."
        catalogue.save()


if __name__ == "__main__":
    main()
