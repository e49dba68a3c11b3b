"""Named escapes: untrusted text -> inert Markdown/HTML.

Article and note text must never become HTML, script, Markdown structure or
template code. Markdown has no complete escape syntax across all extensions
(attr_list, pymdownx...), so every character that any of them gives meaning
to is written as a numeric character reference: the browser shows the
character, no Markdown processor sees syntax.
"""
from __future__ import annotations

import html
import json
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

# Characters with meaning to Markdown, its extensions, HTML or Jinja.
_SPECIAL = set("\\`*_{}[]()#+-.!|<>&\"'~^=:$%@")
_SPACES = re.compile(r"\s+")
_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})


def text(value: str) -> Markup:
    """Plain untrusted text for any Markdown or HTML *text* position.

    Line breaks become spaces: a passage stays one line, so nothing it holds
    can start a Markdown block."""
    return Markup(text_str(str(value)))


def text_str(value: str) -> str:
    """:func:`text` as a plain ``str``, for Python code that assembles a larger
    piece of markup from many runs and marks it safe once."""
    return _SPACES.sub(" ", value).translate(_TABLE)


def attr(value: str) -> Markup:
    """Untrusted text for an HTML attribute value (inside double quotes)."""
    return Markup(attr_str(str(value)))


def attr_str(value: str) -> str:
    """:func:`attr` as a plain ``str`` (see :func:`text_str`)."""
    return html.escape(_SPACES.sub(" ", value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def attr_list_value(value: str) -> str:
    """Untrusted text for a quoted value in a Markdown attribute list
    (``{ data-tip="..." }``). Markdown's inline patterns read the list before
    it becomes attributes, so brackets and parentheses left as they are would
    make a link or an image there: every syntax character is a character
    reference, as in :func:`text_str`, which the browser decodes."""
    return text_str(value)


def safe_url(url: str) -> str | None:
    """The URL if it is http(s) and harmless in an attribute, else ``None``."""
    return url if re.match(r"^https?://[^\s<>\"'`{}|\\^]+$", url) else None


def _validate_link(url: str) -> bool:
    return safe_url(url) is not None


NOTE_MARKUP_OFF = ("table", "code", "fence", "blockquote", "hr", "heading", "lheading", "image")
"""Markdown that notes may not use: it shows as typed. A heading would add a
second ``<h1>`` to a page, an image would load from anywhere; a note is a
paragraph or a list with emphasis, inline code and http(s) links."""


def _make_markdown() -> MarkdownIt:
    # Raw HTML escaped, unsafe schemes refused. An image is parsed but shown as
    # typed: with its rule off, its "[alt](url)" would still become a link.
    md = MarkdownIt("js-default").disable([rule for rule in NOTE_MARKUP_OFF if rule != "image"])
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_typed)
    return md


def _image_as_typed(self: object, tokens: list[Token], idx: int, options: object, env: object) -> str:
    """markdown-it render rule: an image as the text that was typed, escaped."""
    token = tokens[idx]
    return html.escape(f"![{token.content}]({token.attrGet('src')})")


_MD = _make_markdown()
_TEXT_NODE = re.compile(r">([^<]+)<")


def _inert(rendered: str) -> str:
    """Make markdown-it's HTML inert for a second Markdown pass (MkDocs):
    encode syntax characters in text nodes; entities stay as they are."""
    special = _SPECIAL - {"&"}
    table = str.maketrans({c: f"&#{ord(c)};" for c in special})
    wrapped = ">" + rendered + "<"  # so leading and trailing text count as text nodes
    return _TEXT_NODE.sub(lambda m: ">" + m.group(1).translate(table) + "<", wrapped)[1:-1]


def note(value: str) -> Markup:
    """Editor's Markdown -> safe HTML block (paragraphs, lists, emphasis, http(s) links)."""
    rendered = _MD.render(str(value)).strip()
    rendered = rendered.replace("<a href=", '<a rel="nofollow noopener" href=')
    # One line, wrapped in a block element: MkDocs passes it through untouched.
    body = _inert(rendered).replace("\n", " ")
    return Markup(f'<div class="editor-note">{body}</div>')


def plain_text(value: str) -> str:
    """Editor's Markdown as plain text (for a tooltip): its words, no markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", _MD.renderInline(" ".join(str(value).split()))))


def note_inline(value: str) -> Markup:
    """Editor's Markdown -> safe inline HTML (for table cells and list items)."""
    rendered = _MD.renderInline(" ".join(str(value).split()))
    rendered = rendered.replace("<a href=", '<a rel="nofollow noopener" href=')
    return Markup(_inert(rendered))


def finalize(value: object) -> object:
    """Jinja ``finalize``: anything not already marked safe is escaped as text.

    Runs before Jinja's own autoescape, which then leaves the Markup alone:
    templates cannot emit untrusted text raw by forgetting a filter, and
    macro output (Markup under autoescape) is not escaped twice."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return text(value)
    return value


def code_block(value: str, language: str = "") -> Markup:
    """Text shown verbatim in a code block (raw HTML, so Markdown leaves it alone)."""
    cls = f' class="language-{attr(language)}"' if language else ""
    body = html.escape(str(value)).replace("\n", "&#10;")
    return Markup(f"<pre><code{cls}>{body}</code></pre>")


_IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def ident(value: str) -> Markup:
    """An id for an anchor, attr_list or URL: ids are validated upstream, so
    anything else here is a bug and fails the build."""
    if not _IDENT.match(str(value)):
        raise ValueError(f"unsafe id {value!r}")
    return Markup(value)


def meta_str(value: str) -> Markup:
    """A front-matter string: MkDocs themes insert page meta into HTML
    unescaped, so it is HTML-escaped, then quoted as a YAML scalar."""
    return Markup(json.dumps(html.escape(_SPACES.sub(" ", str(value)).strip(), quote=True)))


def jsonld(data: object) -> Markup:
    """schema.org data for a front-matter key, safe inside ``<script>``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(json.dumps(text))
