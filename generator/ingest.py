"""Read article captures: bytes -> headline, blocks and set-aside boilerplate.

Captures are plain text copied from the web: hard-wrapped mid-sentence, with
photo captions, "opens new tab" link hints, site chrome and aggregator
listings mixed in. Ingest never drops text: each line ends up either in a
content block or in ``set_aside`` with the reason it was set aside, so the
article page can show both.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import Memo, cached_map, digest
from .errors import Collector
from .schema import ARTICLE_ID_RE


@dataclass(frozen=True)
class Block:
    """One passage of an article: the unit that quotes are matched in."""

    kind: str
    """``headline``, ``heading``, ``paragraph``, ``bullet`` or ``attribution``."""
    text: str
    """The passage with hard wraps joined; otherwise exactly as captured."""
    line: int
    """1-based line of the capture where the passage starts."""
    anchor: str
    """Stable HTML id derived from the text (``p-`` + hash), not from position."""
    marker: str = ""
    """For a bullet: the list marker as captured (``-``, ``•``, ``*``)."""


@dataclass(frozen=True)
class SetAside:
    """Capture text that is not part of the article (boilerplate)."""

    line: int
    """1-based line in the capture."""
    text: str
    """The text exactly as captured."""
    reason: str
    """Why it was set aside, in words a reader understands."""


@dataclass(frozen=True)
class Dateline:
    """A wire-style dateline such as ``BEIJING, June 15 (Reuters) -``."""

    place: str
    date_text: str
    """The date as written, e.g. ``June 15`` (often without a year)."""
    agency: str
    text: str
    """The whole dateline as written."""


@dataclass(frozen=True)
class Article:
    """A captured article after ingest."""

    id: str
    """File name without ``.txt``: the article's id in notes and URLs."""
    file: str
    """The capture's file name."""
    raw: bytes
    """The capture, byte for byte (offered for download)."""
    headline: str | None
    """Headline found in the capture, if any."""
    blocks: tuple[Block, ...]
    """Content passages in reading order, the headline first if there is one."""
    set_aside: tuple[SetAside, ...]
    """Boilerplate, in capture order."""
    dateline: Dateline | None
    """The dateline of the first paragraph, if it has one."""

    @property
    def attributions(self) -> tuple[str, ...]:
        """Lines that attribute the text to another source (``Source: Reuters``)."""
        return tuple(b.text for b in self.blocks if b.kind == "attribution")

    @property
    def body(self) -> str:
        """Headline, headings, paragraphs and bullets, one per paragraph (``\\n\\n``)."""
        return "\n\n".join(b.text for b in self.blocks if b.kind != "attribution")

    @property
    def word_count(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks if b.kind in ("paragraph", "bullet"))


# Whole lines that are site chrome, not article text. Reasons are shown to readers.
# Patterns are case-sensitive and anchored so that a hard-wrapped line of
# reporting that merely starts with such words ("3 of 5 requests...",
# "subscribers to the scheme...") is never taken for chrome. Photo captions
# ("Item" / "1 of 2 ...") are recognised as a run in _set_aside_captions.
LINE_BOILERPLATE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Chart shows\b"), "caption of a chart the capture does not contain"),
    (re.compile(r"^Disclaimer: "), "publisher's disclaimer"),
    (re.compile(r"^To view .* please (Upgrade|Subscribe|Sign)"), "site chrome"),
    (re.compile(r"^\[\d+/\d+\]"), "photo caption"),
    (re.compile(r"^(Read more|Related articles|Related stories|Advertisement|Sign up for our newsletter|Subscribe now)$"), "site chrome"),
    (re.compile(r"^Original article:\s*\S+$"), "link to the original publication"),
)
# Inline fragments inserted by the capture (link hints); removed where they stand.
INLINE_BOILERPLATE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r",? ?opens new tab"), "link hint"),
)
# A marker that ends a photo caption glued to the next line of text.
CAPTION_END = re.compile(r"\s*Purchase Licensing Rights\s*")
# A line such as "40 Articles" starts an aggregator's listing of other stories:
# everything from there to the end of the capture is the aggregator's page.
LISTING_START = re.compile(r"^\d+ (Articles|Stories|Sources)$")
ATTRIBUTION = re.compile(
    r"^(\(?\s*(Source|Sources|Via)\s*:\s*.+?\)?|\(?\s*(This|The) (article|story|report) (is|was) (based on|adapted from|translated from)\b.*\)?)$",
    re.I,
)
BULLET = re.compile(r"^\s*[-•]\s+(?=\S)")
TERMINAL = re.compile(r"[.!?…:][\"'”’)\]]*$|[\"”]$")
SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+[A-Z“\"]")
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z/ .'-]+), (?P<date>[A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?) \((?P<agency>[A-Za-z .&-]+)\) [-–—]"
)


def decode_article(raw: bytes, file: str, out: Collector, what: str = "article text") -> str | None:
    """Bytes -> text with ``\\n`` line ends; UTF-8 (a BOM is allowed) only.

    Reports empty files, UTF-16, NUL bytes and invalid UTF-8 (with the byte
    offset); ``what`` names what the file should hold."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        out.add(file, 0, "text", "expected UTF-8, got UTF-16 (its byte-order mark): save the file as UTF-8")
        return None
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        out.add(file, raw[:offset].count(b"\n") + 1, "text", f"expected text without NUL bytes, got NUL at byte offset {offset}")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.add(file, line, "text", f"expected UTF-8, got byte 0x{raw[exc.start]:02x} at byte offset {exc.start}")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        out.add(file, 0, "text", f"expected {what}, got an empty file")
        return None
    return unicodedata.normalize("NFC", text)


def anchor_for(text: str, taken: set[str]) -> str:
    """A content-derived id, unique within one page."""
    base = "p-" + hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:8]
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


@dataclass
class _Line:
    no: int
    text: str
    marker: str = ""


def _split_lines(text: str, aside: list[SetAside]) -> list[_Line]:
    """Lines with inline boilerplate removed and glued captions split off."""
    lines: list[_Line] = []
    for no, line in enumerate(text.split("\n"), start=1):
        for pattern, reason in INLINE_BOILERPLATE:
            for m in pattern.finditer(line):
                aside.append(SetAside(no, m.group(0).strip(), reason))
            line = pattern.sub("", line)
        end = CAPTION_END.search(line)
        if end:
            # "...File Photo Purchase Licensing Rights - China withholding..."
            aside.append(SetAside(no, line[: end.end()].strip(), "photo caption"))
            rest = line[end.end() :].strip()
            lines.append(_Line(no, "\x00caption-end"))
            if rest:
                lines.append(_Line(no, rest))
            continue
        lines.append(_Line(no, line))
    return lines


def _set_aside_captions(lines: list[_Line], aside: list[SetAside]) -> list[_Line]:
    """Drop photo-caption runs ("Item" / "1 of 2 ..." ... "Purchase Licensing Rights")."""
    keep: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.text.strip() == "Item" and i + 1 < len(lines) and re.match(r"^\d+ of \d+\b", lines[i + 1].text):
            end = next((j for j in range(i, min(i + 12, len(lines))) if lines[j].text == "\x00caption-end"), None)
            if end is not None:
                aside.extend(SetAside(x.no, x.text, "photo caption") for x in lines[i:end] if x.text.strip())
                i = end + 1
                continue
        if line.text != "\x00caption-end":
            keep.append(line)
        i += 1
    return keep


def _classify(lines: list[_Line], aside: list[SetAside]) -> list[tuple[str, _Line]]:
    """Tag each line: content, bullet, attribution, blank; boilerplate goes aside."""
    tagged: list[tuple[str, _Line]] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            tagged.append(("blank", line))
            continue
        if LISTING_START.match(text):
            aside.extend(SetAside(x.no, x.text, "aggregator's listing of other stories") for x in lines[i:] if x.text.strip())
            break
        reason = next((r for p, r in LINE_BOILERPLATE if p.search(text)), None)
        if reason:
            aside.append(SetAside(line.no, text, reason))
            continue
        if ATTRIBUTION.match(text):
            tagged.append(("attribution", line))
        elif BULLET.match(text):
            tagged.append(("bullet", _Line(line.no, BULLET.sub("", text), text[0])))
        else:
            tagged.append(("text", _Line(line.no, text)))
    return tagged


def _is_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(text.split()) <= 8 and not TERMINAL.search(text)


def _join(a: str, b: str) -> str:
    return a + b if b[:1] in ",.;:)" else a + " " + b


def parse_blocks(tagged: list[tuple[str, _Line]]) -> list[tuple[str, str, int, str]]:
    """Join hard-wrapped lines into passages: ``(kind, text, line, marker)``.

    A line continues the previous one when the previous does not end a
    sentence; a bullet absorbs only lines that start in lower case."""
    blocks: list[list[object]] = []
    prev_tag = "blank"
    for tag, line in tagged:
        if tag == "blank":
            prev_tag = "blank"
            continue
        text = line.text
        if tag == "attribution":
            blocks.append(["attribution", text, line.no, ""])
        elif tag == "bullet":
            blocks.append(["bullet", text, line.no, line.marker])
        else:
            last = blocks[-1] if blocks else None
            can_continue = (
                last is not None
                and prev_tag != "blank"
                and last[0] in ("paragraph", "bullet")
                and not TERMINAL.search(str(last[1]))
                and (last[0] == "paragraph" or text[:1].islower() or text[:1] in ",.;:)")
                and not DATELINE.match(text)
            )
            if can_continue and last is not None:
                last[1] = _join(str(last[1]), text)
            elif _is_heading(text):
                blocks.append(["heading", text, line.no, ""])
            else:
                blocks.append(["paragraph", text, line.no, ""])
        prev_tag = tag
    return [(str(k), str(t), int(str(n)), str(mk)) for k, t, n, mk in blocks]


def _headline(blocks: list[tuple[str, str, int, str]]) -> str | None:
    """The first passage is a headline when it is one short sentence."""
    for kind, text, _, _ in blocks:
        if kind == "attribution":
            continue
        if kind in ("paragraph", "heading") and len(text) <= 160 and not SENTENCE_BREAK.search(text):
            return text
        return None
    return None


def parse_article(article_id: str, file: str, raw: bytes, text: str) -> Article:
    """Decoded capture text -> :class:`Article` (pure; no I/O)."""
    aside: list[SetAside] = []
    lines = _set_aside_captions(_split_lines(text, aside), aside)
    raw_blocks = parse_blocks(_classify(lines, aside))
    headline = _headline(raw_blocks)
    taken: set[str] = set()
    blocks = []
    first = next((j for j, b in enumerate(raw_blocks) if b[0] != "attribution"), -1)
    for i, (kind, btext, no, marker) in enumerate(raw_blocks):
        if headline is not None and i == first:
            kind = "headline"
        blocks.append(Block(kind, btext, no, anchor_for(btext, taken), marker))
    dateline = None
    for b in blocks:
        if b.kind == "paragraph":
            m = DATELINE.match(b.text)
            if m:
                dateline = Dateline(m["place"], m["date"], m["agency"], m.group(0))
            break
    aside.sort(key=lambda s: s.line)
    return Article(article_id, file, raw, headline, tuple(blocks), tuple(aside), dateline)


RESERVED_IDS = frozenset({"index", "readme"})
"""Article ids MkDocs would take for the articles folder's own page."""


def read_articles(folder: Path, label: str, out: Collector, memo: Memo | None = None) -> list[Article]:
    """Read every ``*.txt`` in ``folder``; problems go to ``out``.

    ``label`` is how the folder is named in messages (e.g. ``content/articles``).
    ``memo`` keeps parsed articles between builds, keyed by id and bytes."""
    found: list[tuple[str, str, bytes, str]] = []
    folded: dict[str, str] = {}
    for path in out.listing(folder, label, "articles", ".txt articles", "article files"):
        file = f"{label}/{path.name}"
        if path.suffix != ".txt":
            out.add(file, 0, "file name", f"expected an article file ending in .txt, got '{path.name}'")
            continue
        if not ARTICLE_ID_RE.match(path.stem):
            out.add(file, 0, "file name", f"expected letters, digits, '_', '.' or '-' only, got {path.stem!r}")
            continue
        if path.stem.lower() in RESERVED_IDS:
            out.add(file, 0, "file name", f"expected a name other than {path.stem!r}: MkDocs makes {path.stem}.md the folder's index page")
            continue
        other = folded.setdefault(path.stem.casefold(), path.name)
        if other != path.name:
            out.add(file, 0, "file name", f"expected a name that differs from {other!r} by more than case: the two pages would collide on a case-insensitive disk")
            continue
        raw = out.read(path, folder.parent, file)
        if raw is None:
            continue
        text = decode_article(raw, file, out)
        if text is not None:
            found.append((path.stem, path.name, raw, text))
    # Kept without the capture's bytes, which are read anyway.
    parsed = cached_map(memo, lambda f: dataclasses.replace(parse_article(*f), raw=b""), found, lambda f: digest(*f[:3]))
    return [dataclasses.replace(a, raw=f[2]) for a, f in zip(parsed, found)]


def ingest_text_chars(article: Article) -> Iterable[str]:
    """Every non-space character ingest kept, in blocks or set aside (for tests)."""
    for b in article.blocks:
        yield from b.marker + b.text.replace(" ", "")
    for s in article.set_aside:
        yield from s.text.replace(" ", "")
