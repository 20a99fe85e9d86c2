"""Reading an iCalendar text that may be partly damaged: what can be read comes in, the rest is said.

icalendar puts up with a bad line inside an event (it lands in `component.errors`), but one fault
outside the events refuses the whole text: bytes after END:VCALENDAR, a line that is no property
between two events, an event never closed. Feeds in the wild have such faults, and one of them
must not keep the other events out. So a text icalendar refuses is cut into its components here,
each read on its own: a component that still cannot be read is left out with a French reason.
Only a text with no BEGIN:VCALENDAR at all is not an agenda.
"""

import re
from dataclasses import dataclass, field

import icalendar
from django.utils.translation import gettext_lazy as _
from icalendar.parser import Contentline

from .report import sentence, untitled_label
from .vevent import clip

# The components that sit directly in a calendar: meeting one inside an event means that event
# was never closed.
TOP_LEVEL = {"VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VTIMEZONE", "VAVAILABILITY"}
WHOLE_FILE = _("Le fichier")
SUMMARY = re.compile(r"^SUMMARY(?:;[^:]*)?:(.*)$", re.IGNORECASE)


@dataclass
class Reading:
    calendar: icalendar.Calendar | None = None  # None: no VCALENDAR in the text
    skipped: list = field(default_factory=list)  # (entry, reason): events that cannot be read
    notes: list = field(default_factory=list)  # (where, remark): what else was left aside


def read_calendar(text):
    """The calendar in `text`, with what had to be left out (a Reading)."""
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError):
        pass
    else:
        if not isinstance(calendar, list) and calendar.name == "VCALENDAR":
            return Reading(calendar)
    return _read_piece_by_piece(text)


def _unfolded_lines(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n[ \t]", "", text).split("\n")


def _begin_or_end(line):
    """("BEGIN", "VEVENT") for "BEGIN:VEVENT", ("END", …) likewise, else (None, None)."""
    name, colon, value = line.strip().partition(":")
    name = name.upper()
    if colon and name in ("BEGIN", "END") and value.strip():
        return name, value.strip().upper()
    return None, None


def _label(lines):
    for line in lines:
        match = SUMMARY.match(line)
        if match:
            title = re.sub(r"\\([,;\\])", r"\1", match.group(1)).replace("\\n", " ").replace("\\N", " ")
            return untitled_label(clip(title, 80))
    return untitled_label("")


class _Cutter:
    """Cuts the lines after BEGIN:VCALENDAR into the calendar's own properties and its components."""

    def __init__(self):
        self.properties, self.components = [], []  # components: (name, lines)
        self.reading = Reading()
        self.block, self.open, self.damaged = None, [], False

    def cut(self, lines):
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            kind, name = _begin_or_end(line)
            if self.block is not None and self._add_to_block(line, kind, name):
                continue
            if kind == "BEGIN":
                self.block, self.open, self.damaged = [line], [name], False
            elif kind == "END" and name == "VCALENDAR":
                if any(rest.strip() for rest in lines[number + 1 :]):
                    self._note(_("ce qui suit la fin de l'agenda (END:VCALENDAR) est ignoré"))
                return
            elif kind == "END":
                self._note(
                    sentence(
                        _("une ligne « %(line)s » sans début correspondant est ignorée"), line=clip(line, 60)
                    )
                )
            elif _is_property(line):
                self.properties.append(line)
            else:
                self._note(sentence(_("une ligne illisible est ignorée : « %(line)s »"), line=clip(line, 60)))
        if self.block is not None:
            self._left_open()
        self._note(_("la fin de l'agenda (END:VCALENDAR) manque : le fichier est peut-être coupé"))

    def _add_to_block(self, line, kind, name):
        """Adds the line to the component being read; False when the line is not the component's."""
        if (kind == "BEGIN" and name in TOP_LEVEL) or (kind == "END" and name == "VCALENDAR"):
            self._left_open()
            return False
        self.block.append(line)
        if kind == "BEGIN":
            self.open.append(name)
        elif kind == "END" and name in self.open:
            del self.open[self.open.index(name) :]
            if not self.open:
                self._close()
        elif kind == "END":
            self.damaged = True
        return True

    def _close(self):
        name = _begin_or_end(self.block[0])[1]
        if self.damaged:
            self._reject(_("il est mal construit (BEGIN et END ne correspondent pas)"))
        else:
            self.components.append((name, self.block))
        self.block = None

    def _left_open(self):
        self._reject(sentence(_("il n'est pas terminé (la ligne END:%(name)s manque)"), name=self.open[0]))
        self.block = None

    def _reject(self, reason):
        name = _begin_or_end(self.block[0])[1]
        if name == "VEVENT":
            self.reading.skipped.append((_label(self.block), reason))
        else:
            self._note(sentence(_("un élément %(name)s est ignoré : %(reason)s"), name=name, reason=reason))

    def _note(self, remark):
        self.reading.notes.append((WHOLE_FILE, remark))


def _is_property(line):
    try:
        Contentline(line).parts()
    except ValueError:
        return False
    return True


def _read_piece_by_piece(text):
    lines = _unfolded_lines(text)
    begin = next((n for n, line in enumerate(lines) if _begin_or_end(line) == ("BEGIN", "VCALENDAR")), None)
    if begin is None:
        return Reading()
    cutter = _Cutter()
    cutter.cut(lines[begin + 1 :])
    reading = cutter.reading
    try:
        reading.calendar = icalendar.Calendar.from_ical(
            "\r\n".join(["BEGIN:VCALENDAR", *cutter.properties, "END:VCALENDAR", ""])
        )
    except (ValueError, IndexError, KeyError):
        reading.calendar = icalendar.Calendar()  # its name (X-WR-CALNAME) is only a default
        reading.notes.append((WHOLE_FILE, _("les propriétés de l'agenda lui-même sont illisibles")))
    # Time zones first: icalendar keeps each VTIMEZONE it reads for the TZIDs of the events.
    ordered = sorted(cutter.components, key=lambda item: item[0] != "VTIMEZONE")
    for name, block in ordered:
        try:
            component = icalendar.Component.from_ical("\r\n".join([*block, ""]))
        except (ValueError, IndexError, KeyError):
            if name == "VEVENT":
                reading.skipped.append((_label(block), _("il n'est pas lisible")))
            else:
                reading.notes.append(
                    (WHOLE_FILE, sentence(_("un élément %(name)s illisible est ignoré"), name=name))
                )
            continue
        reading.calendar.add_component(component)
    return reading
