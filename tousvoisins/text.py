"""Markdown written by people, turned into HTML that is safe to show, or into plain text."""

import html
import re
import threading
from functools import lru_cache

import markdown
import nh3
from django.utils.translation import gettext_lazy as _
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# A list item ("- lundi", "* lundi", "+ lundi", "1. lundi"), maybe inside a quote ("> - lundi").
_QUOTE_PREFIX = re.compile(r"^(?:> ?)*")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}\.) +\S")


class ListAfterLineProcessor(Preprocessor):
    """People write a list right under their sentence ("Nous proposons :" then "- lundi"), as the
    help texts show, but Markdown wants a blank line before a list and would run it into the
    sentence ("Nous proposons : - lundi - jeudi"). Python-Markdown has no option for it, so a
    blank line (inside the same quote, if any) goes before such a first item."""

    def run(self, lines):
        result = []
        previous = ""
        for line in lines:
            prefix = _QUOTE_PREFIX.match(line).group()
            content, before = line[len(prefix) :], previous[len(prefix) :]
            if (
                _LIST_ITEM.match(content)
                and previous.startswith(prefix)
                and _QUOTE_PREFIX.match(previous).group() == prefix
                and before.strip()
                and not before.startswith(" ")  # a continued list item or code: already fine
                and not _LIST_ITEM.match(before)
            ):
                result.append(prefix.rstrip())
            result.append(line)
            previous = line
        return result


class ListAfterLineExtension(Extension):
    def extendMarkdown(self, md):
        # After whitespace normalisation (priority 30), before raw HTML is set aside (20).
        md.preprocessors.register(ListAfterLineProcessor(md), "list_after_line", 25)


# Building a parser costs more than most texts: one per thread, reset before each text.
_parsers = threading.local()


def _render(source):
    parser = getattr(_parsers, "markdown", None)
    if parser is None:
        # sane_lists: "1." and "-" lists do not merge; nl2br: a line break stays a line break.
        parser = markdown.Markdown(
            extensions=["sane_lists", "nl2br", ListAfterLineExtension()], output_format="html"
        )
        _parsers.markdown = parser
    return parser.reset().convert(source or "")


# Pages show the same texts again and again (an event's page, its JSON-LD, the feeds): the result
# depends on the source alone.
MARKDOWN_KEPT = 512


@lru_cache(maxsize=MARKDOWN_KEPT)
def markdown_to_html(source):
    """Sanitised HTML: raw HTML in the source is escaped away, links get rel="noopener noreferrer"."""
    return nh3.clean(
        _render(source),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=MARKDOWN_KEPT)
def markdown_to_text(source):
    """Plain text for calendars and search engines: no markup, no entities."""
    text = nh3.clean(_render(source), tags=set())
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


# "En bref" (events, news): one or two short sentences, at most this many characters.
SUMMARY_MAX_LENGTH = 200
SUMMARY_TOO_LONG = _(
    "Écrivez 200 caractères au plus : votre texte en a %(show_value)d. Gardez une ou deux phrases "
    "courtes ; les détails vont plus bas."
)
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?…])(?:\s|$)", re.DOTALL)


def summary_from(text, *, limit=SUMMARY_MAX_LENGTH):
    """An "En bref" made from a longer plain text: its first sentence (or first line), on one line,
    cut after a whole word with "…" when it is longer than `limit`; '' for an empty text.

    For the events and news written before "En bref" existed, and for imported events whose
    agenda gives none. A person rewrites it better; this keeps the lists whole until then."""
    first_line = next((line.strip() for line in (text or "").splitlines() if line.strip()), "")
    first_line = first_line.lstrip("-*+> ").strip()
    match = _FIRST_SENTENCE.match(first_line)
    sentence = " ".join((match.group(1) if match else first_line).split())
    sentence = sentence[:1].upper() + sentence[1:]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def summary_from_description(description, *, title):
    """The "En bref" of an event or news item that has none: the first sentence of its Markdown
    `description`, else its title."""
    return summary_from(markdown_to_text(description)) or summary_from(title)
