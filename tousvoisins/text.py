"""Markdown written by people, turned into HTML that is safe to show, or into plain text."""

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def markdown_to_html(source):
    """Sanitised HTML: raw HTML in the source is escaped away, links get rel="noopener noreferrer"."""
    rendered = markdown.markdown(source or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def markdown_to_text(source):
    """Plain text for calendars and search engines: no markup, no entities."""
    rendered = markdown.markdown(source or "", output_format="html")
    text = nh3.clean(rendered, tags=set())
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()
