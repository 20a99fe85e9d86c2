"""What an import did, in French: counts for a message, details for the agenda's page."""

from dataclasses import dataclass, field

# The report kept on the agenda lists at most this many lines per kind.
REPORT_LINES = 50


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
        """One French sentence, for a message or a command's last line."""
        if self.error:
            return f"Import impossible : {self.error}"
        parts = [
            _count(len(self.created), "événement créé", "événements créés"),
            _count(len(self.updated), "mis à jour", "mis à jour"),
            _count(len(self.unchanged), "inchangé", "inchangés"),
            _count(len(self.cancelled), "annulé", "annulés"),
            _count(len(self.skipped), "non importé", "non importés"),
        ]
        if self.past:
            parts.append(_count(self.past, "déjà passé, ignoré", "déjà passés, ignorés"))
        summary = ", ".join(parts) + "."
        if self.to_review:
            summary += " " + _count(
                len(self.to_review),
                "nouvel événement attend la relecture des référents avant d'être publié.",
                "nouveaux événements attendent la relecture des référents avant d'être publiés.",
            )
        return summary

    def as_text(self):
        """The summary and the details, as kept in ExternalAgenda.last_report."""
        lines = [self.summary()]
        for heading, items in (
            ("Créés", self.created),
            ("Mis à jour", self.updated),
            ("Annulés", self.cancelled),
        ):
            lines += _section(heading, items)
        lines += _section("Non importés", [f"{entry} : {reason}" for entry, reason in self.skipped])
        lines += _section("Remarques", [f"{entry} : {remark}" for entry, remark in self.notes])
        return "\n".join(lines)


def _count(number, singular, plural):
    return f"{number} {singular if number < 2 else plural}"


def _section(heading, items):
    if not items:
        return []
    lines = ["", f"{heading} :"] + [f"- {item}" for item in items[:REPORT_LINES]]
    if len(items) > REPORT_LINES:
        lines.append(f"- … et {len(items) - REPORT_LINES} autres.")
    return lines
