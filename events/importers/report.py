"""What an import did: counts for a message, details for the agenda's page.

Reasons and labels are kept as lazy sentences (`sentence()`), so a report reads in the language
of whoever reads it: the referent's in the admin's message, French in the report kept on the
agenda (history, as written by the periodic job).
"""

from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

# The report kept on the agenda lists at most this many lines per kind.
REPORT_LINES = 50


def _format(message, params):
    return str(message) % {
        key: str(value) if isinstance(value, Promise) else value for key, value in params.items()
    }


_lazy_format = lazy(_format, str)


def sentence(message, **params):
    """`message` (a gettext_lazy string with %(name)s placeholders) filled in when it is read."""
    return _lazy_format(message, params)


def decimal(number):
    """10 -> "10", 0.5 -> "0,5" in French, "0.5" in English."""
    return f"{number:g}".replace(".", get_format("DECIMAL_SEPARATOR"))


def plural_number(number):
    """The number ngettext should choose the form by: French says "0 événement créé".

    French is the source language, with no catalogue of its own to say that 0 takes the singular.
    """
    if number == 0 and (get_language() or "fr").split("-")[0] == "fr":
        return 1
    return number


def with_reason(entry, reason):
    """« Fête du jeu » (mardi 8 décembre 2026) : why, as a lazy sentence."""
    return sentence(_("%(entry)s : %(reason)s"), entry=entry, reason=reason)


def untitled_label(title):
    """« Fête du jeu » as an entry is named in the report; « sans titre » without a title."""
    if title:
        return sentence(_("« %(title)s »"), title=title)
    return _("« sans titre »")


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    cancelled: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (entry, reason)
    notes: list = field(default_factory=list)  # (entry, remark): imported, with something left aside
    to_review: list = field(default_factory=list)  # created, waiting in the referents' queue
    past: int = 0  # entries already over and never imported: not worth a line each
    error: str = ""

    def summary(self):
        """One sentence in the active language, for a message or a command's last line."""
        if self.error:
            return gettext("Import impossible : %(error)s") % {"error": self.error}
        counts = [
            ngettext(
                "%(count)s événement créé", "%(count)s événements créés", plural_number(len(self.created))
            ),
            ngettext("%(count)s mis à jour", "%(count)s mis à jour", plural_number(len(self.updated))),
            ngettext("%(count)s inchangé", "%(count)s inchangés", plural_number(len(self.unchanged))),
            ngettext("%(count)s annulé", "%(count)s annulés", plural_number(len(self.cancelled))),
            ngettext("%(count)s non importé", "%(count)s non importés", plural_number(len(self.skipped))),
        ]
        numbers = [
            len(self.created),
            len(self.updated),
            len(self.unchanged),
            len(self.cancelled),
            len(self.skipped),
        ]
        parts = [text % {"count": number} for text, number in zip(counts, numbers, strict=True)]
        if self.past:
            parts.append(
                ngettext("%(count)s déjà passé, ignoré", "%(count)s déjà passés, ignorés", self.past)
                % {"count": self.past}
            )
        summary = gettext("%(counts)s.") % {"counts": gettext(", ").join(parts)}
        if self.to_review:
            summary += " " + ngettext(
                "%(count)s nouvel événement attend la relecture des référents avant d'être publié.",
                "%(count)s nouveaux événements attendent la relecture des référents avant d'être publiés.",
                len(self.to_review),
            ) % {"count": len(self.to_review)}
        return summary

    def as_text(self):
        """The summary and the details, as kept in ExternalAgenda.last_report."""
        lines = [self.summary()]
        for heading, items in (
            (gettext("Créés"), self.created),
            (gettext("Mis à jour"), self.updated),
            (gettext("Annulés"), self.cancelled),
        ):
            lines += _section(heading, items)
        lines += _section(
            gettext("Non importés"), [_entry_line(entry, reason) for entry, reason in self.skipped]
        )
        lines += _section(gettext("Remarques"), [_entry_line(entry, remark) for entry, remark in self.notes])
        return "\n".join(lines)


def _entry_line(entry, reason):
    return gettext("%(entry)s : %(reason)s") % {"entry": entry, "reason": reason}


def _section(heading, items):
    if not items:
        return []
    lines = ["", gettext("%(heading)s :") % {"heading": heading}] + [
        f"- {item}" for item in items[:REPORT_LINES]
    ]
    if len(items) > REPORT_LINES:
        others = len(items) - REPORT_LINES
        lines.append(
            "- " + ngettext("… et %(count)s autre.", "… et %(count)s autres.", others) % {"count": others}
        )
    return lines
