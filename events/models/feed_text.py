"""The VEVENT text of each event as the agenda's iCalendar feeds write it (events.ical), kept in
the database for every process and server: a feed of a thousand events is then joined from
texts written once, not written again by each worker that serves it for the first time."""

from django.db import models

from .event import Event


class VeventText(models.Model):
    """Rows are derived, never edited: written again when their stamp (the event's last change,
    status, thèmes and commune: events.ical) no longer matches, and the ones of events changed
    or no longer public are deleted by the open-data job (so a former text, with a name erased
    since, does not stay)."""

    # Shown to nobody (no admin, no page): its names are not translated.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    # The reader's language: the thèmes' names (CATEGORIES) are said in it.
    language = models.CharField("langue", max_length=8)
    stamp = models.CharField("empreinte", max_length=32)
    updated = models.DateTimeField("modifiée le")
    text = models.BinaryField("texte")
    # The text compressed alone (raw deflate ended by a full flush): the gzip body of a feed is
    # these pieces joined (tousvoisins.precompressed.joined_gzip).
    packed = models.BinaryField("texte compressé")

    class Meta:
        verbose_name = "texte iCalendar d'une rencontre"
        verbose_name_plural = "textes iCalendar des rencontres"
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="events_veventtext_event_language"),
        ]

    def __str__(self):
        return f"{self.event_id} ({self.language})"
