"""Is a body HTML, and its entities decoded: the light half of :mod:`analyser.clean.html`.

Kept apart from the HTML renderer (inscriptis, lxml) so that the linter, which reads HTML templates with the
standard library's parser, decides "is this HTML?" exactly as cleaning does without importing the renderer.
"""

from __future__ import annotations

import html as html_module
import re

# A tag a message body would plausibly contain; plain text with "a < b", "<3" or "<p.jansen@example.nl>" is
# not HTML.  Entities alone ("AT&amp;T", as Twitter escapes text) do not make HTML either: see unescape().
_HTML_HINT = re.compile(
    r"</?(?:p|div|br|span|a|ul|ol|li|table|tr|td|th|tbody|blockquote|b|i|u|em|strong|font|h[1-6]|html|body|"
    r"img|hr|pre|code|section|header|footer|center|small|sup|sub)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


def unescape_entities(text: str) -> str:
    """Plain text with HTML entities (``&amp;``) decoded, newlines untouched."""
    return html_module.unescape(text) if _ENTITY.search(text) else text


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds HTML markup (a known tag or entity), not just a stray ``<``."""
    return bool(_HTML_HINT.search(text))
