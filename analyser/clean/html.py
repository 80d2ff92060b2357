"""HTML bodies to plain text that keeps paragraphs, lists and links.

Helpdesks export agent replies as HTML (Zendesk ``html_body``, Freshdesk ``body``, ServiceNow and Jira
rich text).  Scoring HTML would count tags as words, and stripping tags with a regex loses the paragraph
and list structure that readability and layout features depend on.  We use *inscriptis*, a maintained
HTML-to-text renderer that lays text out the way a browser would (paragraphs, bullets, tables).

Before rendering, the HTML elements that mail clients use for *quoted history* (Gmail's ``gmail_quote``,
``<blockquote>``, Outlook's ``divRplyFwdMsg`` reply header and everything after it) are taken out of the
tree: in HTML they are marked explicitly, which is more reliable than recognising them in the text later.
"""

from __future__ import annotations

import re

from inscriptis import Inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from lxml import etree
from lxml.html import HtmlElement, document_fromstring

from analyser.clean.markup import looks_like_html, unescape_entities  # noqa: F401  (re-exported)

_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=True)

_TAG = re.compile(r"<[^<>]{0,2000}>")
# inscriptis renders links as [text](url); a reader sees "text (url)", which is how we keep them.
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{0,500})\]\(([^()\s]{1,2000})\)")

# Elements that hold quoted history in mail HTML (XPath, evaluated on the parsed tree).
_QUOTE_XPATHS = (
    "//blockquote",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' gmail_quote ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' moz-cite-prefix ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' yahoo_quoted ')]",
    "//*[@id='appendonsend']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' zd-quoted ')]",
)
# Outlook's reply header: the element and every element after it belong to the quoted message.
_CUT_FROM_XPATHS = ("//*[@id='divRplyFwdMsg']", "//*[@id='x_divRplyFwdMsg']")


def _parse(html: str) -> HtmlElement | None:
    html = html.strip()
    if not html:
        return None
    try:
        return document_fromstring(html)
    except (etree.ParserError, ValueError):
        try:
            return document_fromstring("<pre>" + html.replace("<", "&lt;") + "</pre>")
        except (etree.ParserError, ValueError):
            return None


def _text_of(element: HtmlElement) -> str:
    try:
        return Inscriptis(element, _CONFIG).get_text().strip()
    except Exception:  # inscriptis on a detached fragment: fall back to lxml's own text
        return " ".join(element.itertext()).strip()


def _remove(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:  # keep the text that follows the element in the parent
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _following(element: HtmlElement) -> list[HtmlElement]:
    """The element itself and everything after it in document order (siblings up the tree)."""
    out = [element]
    node: HtmlElement | None = element
    while node is not None and node.getparent() is not None:
        out.extend(sibling for sibling in node.itersiblings() if isinstance(sibling.tag, str))
        node = node.getparent()
    return out


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Render ``html`` as text; return (text, quoted history removed from the markup).

    Links come out as ``text (url)`` (or the bare url when the text is the url), list items as bullets,
    paragraphs separated by a blank line.
    """
    tree = _parse(html)
    if tree is None:
        return "", []
    quoted: list[str] = []
    for xpath in _CUT_FROM_XPATHS:
        found = tree.xpath(xpath)
        if found:
            for element in _following(found[0]):
                if element.getparent() is not None:
                    quoted.append(_text_of(element))
                    _remove(element)
            break
    for xpath in _QUOTE_XPATHS:
        for element in tree.xpath(xpath):
            if element.getparent() is not None:
                quoted.append(_text_of(element))
                _remove(element)
    try:
        text = Inscriptis(tree, _CONFIG).get_text()
    except Exception:
        text = " ".join(tree.itertext())
    text = _MARKDOWN_LINK.sub(_link, text)
    return text, [q for q in quoted if q]


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1).strip(), match.group(2)
    if not label or label == url or url.startswith("#"):
        return label or url
    if url.startswith("mailto:") and url[7:] == label:
        return label
    return f"{label} ({url})"


def markup_of(html: str) -> str:
    """The markup (tags) of ``html``, for the record of what cleaning removed."""
    return "".join(_TAG.findall(html))
