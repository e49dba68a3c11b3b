"""Declarative schemas for every note kind: the single source of truth for
validation *and* for the authoring guide.

YAML is read to PyYAML *nodes*, never through PyYAML's implicit typing: every
scalar arrives as the text the editor wrote, and the field's type decides what
it means (``2025-06-15`` is a date only where a date is expected, ``no`` is
never ``False``). Duplicate keys, which PyYAML silently collapses, are errors.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Collector

#: A validated record: field name -> converted value, plus ``_line`` (line of
#: the record) and ``_lines`` (field name -> line of its value).
Record = dict[str, Any]

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
ARTICLE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
CANDIDATE_RE = re.compile(r"^d-[0-9a-f]{10}$")


class Invalid(Exception):
    """A value does not fit its type: carries the ``expected, got`` message."""

    def __init__(self, expected: str, got: str) -> None:
        super().__init__(f"expected {expected}, got {got}")


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")} | {"!"}
"""The tags plain YAML data resolves to; any other was written in the notes."""


def describe(node: yaml.Node) -> str:
    """How a node is named in error messages: ``'2025-13-45'``, ``a list``..."""
    if node.tag not in _PLAIN_TAGS:
        # Notes are plain data: a tag (``!!python/object``...) is never honoured.
        return f"a value tagged {node.tag.replace('tag:yaml.org,2002:', '!!')!r} (tags are not read: write the plain value)"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    text = str(node.value)
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.style is None and text in ("", "~", "null", "Null", "NULL"):
        return "nothing"
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


# --- Field types -------------------------------------------------------------


@dataclass(frozen=True)
class FuzzyDate:
    """A date at the precision the sources allow."""

    start: dt.date
    """First day the date can denote."""
    end: dt.date
    """Last day the date can denote (equal to ``start`` for a single day)."""
    precision: str
    """``day``, ``month`` or ``year``: the precision of ``start``."""
    approximate: bool
    """Written with a leading ``~``: about this date."""
    text: str
    """The date exactly as the editor wrote it."""

    @property
    def is_range(self) -> bool:
        return ".." in self.text

    def human(self) -> str:
        """``9–10 June 2025``, ``June 2025``, ``about 5 June 2025``."""

        def one(d: dt.date, precision: str) -> str:
            if precision == "year":
                return str(d.year)
            if precision == "month":
                return d.strftime("%B %Y")
            return f"{d.day} {d.strftime('%B %Y')}"

        lo, _, hi = self.text.lstrip("~").partition("..")
        out = one(self.start, _precision(lo))
        if hi:
            end = parse_fuzzy_date(hi).end if _precision(hi) != "day" else self.end
            if _precision(lo) == _precision(hi) == "day" and self.start.strftime("%Y%m") == end.strftime("%Y%m"):
                out = f"{self.start.day}–{end.day} {end.strftime('%B %Y')}"
            else:
                out = f"{out} – {one(end, _precision(hi))}"
        return ("about " if self.approximate else "") + out


def _precision(text: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(text), "day")


_FUZZY_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_FUZZY_RE = re.compile(rf"^(~)?({_FUZZY_PART})(?:\.\.({_FUZZY_PART}))?$")


def _part_bounds(text: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    d = dt.date(parts[0], parts[1], parts[2])
    return d, d


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Parse ``2025-06-09``, ``2025-06``, ``2025``, ``~2025-06-05`` or a range
    ``2025-06-09..2025-06-10``. Raises :class:`Invalid` for anything else."""
    expected = "a date like 2025-06-09, 2025-06, ~2025-06-05 or 2025-06-09..2025-06-10"
    m = _FUZZY_RE.match(text)
    if not m:
        raise Invalid(expected, repr(text))
    try:
        start, end = _part_bounds(m.group(2))
        if m.group(3):
            end = _part_bounds(m.group(3))[1]
    except ValueError:
        raise Invalid("a real calendar date", repr(text)) from None
    if end < start:
        raise Invalid("a range whose end is not before its start", repr(text))
    return FuzzyDate(start, end, _precision(m.group(2)), bool(m.group(1)), text)


@dataclass(frozen=True)
class FieldType:
    """How a YAML node becomes a value, and how the guide names the type."""

    name: str
    """Type name shown in the authoring guide."""
    convert: Callable[[yaml.Node], Any]
    """Node -> value; raises :class:`Invalid` on a mismatch."""


def _scalar_text(node: yaml.Node, expected: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or describe(node) == "nothing":
        raise Invalid(expected, describe(node))
    return str(node.value)


def _string(node: yaml.Node) -> str:
    text = _scalar_text(node, "a non-empty string").strip()
    if not text:
        raise Invalid("a non-empty string", "an empty string")
    return text


def _matching(regex: re.Pattern[str], expected: str) -> Callable[[yaml.Node], str]:
    def convert(node: yaml.Node) -> str:
        text = _scalar_text(node, expected)
        if not regex.match(text):
            raise Invalid(expected, repr(text))
        return text

    return convert


def _boolean(node: yaml.Node) -> bool:
    text = _scalar_text(node, "true or false")
    if text.lower() not in ("true", "false"):
        raise Invalid("true or false", repr(text))
    return text.lower() == "true"


def _date(node: yaml.Node) -> dt.date:
    text = _scalar_text(node, "a date YYYY-MM-DD")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise Invalid("a date YYYY-MM-DD", repr(text))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid("a real calendar date YYYY-MM-DD", repr(text)) from None


def _fuzzy(node: yaml.Node) -> FuzzyDate:
    return parse_fuzzy_date(_scalar_text(node, "a date like 2025-06-09"))


URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$")
"""An http(s) URL with nothing that could end an HTML attribute or a Markdown link."""


def site_address(text: str) -> str:
    """A published address (``--site-url``, ``BRIEFING_SITE_URL``) with one
    trailing slash; ``ValueError`` if it is no http(s) URL."""
    if not URL_RE.match(text):
        raise ValueError(f"expected an http or https URL, got {text!r}")
    return text.rstrip("/") + "/"


def _url(node: yaml.Node) -> str:
    text = _scalar_text(node, "an http or https URL")
    if not URL_RE.match(text):
        raise Invalid("an http or https URL", repr(text))
    return text


def enum(*choices: str) -> FieldType:
    expected = "one of " + ", ".join(choices)

    def convert(node: yaml.Node) -> str:
        text = _scalar_text(node, expected)
        if text not in choices:
            raise Invalid(expected, repr(text))
        return text

    return FieldType(" | ".join(f"`{c}`" for c in choices), convert)


STRING = FieldType("string", _string)
MARKDOWN = FieldType("Markdown text (rendered safely: no raw HTML, only http(s) links)", _string)
SLUG = FieldType("id: lower-case letters, digits and hyphens", _matching(SLUG_RE, "an id of lower-case letters, digits and hyphens"))
ARTICLE = FieldType(
    "article id: the file name in `articles/` without `.txt`",
    _matching(ARTICLE_ID_RE, "an article id (file name without .txt)"),
)
CANDIDATE = FieldType("candidate id like `d-1a2b3c4d5e`", _matching(CANDIDATE_RE, "a candidate id like d-1a2b3c4d5e"))
BOOL = FieldType("`true` or `false`", _boolean)
DATE = FieldType("date `YYYY-MM-DD`", _date)
FUZZY_DATE = FieldType(
    "date at its precision: `2025-06-09`, `2025-06`, `2025`, `~2025-06-05` (about), `2025-06-09..2025-06-10` (range)",
    _fuzzy,
)
URL = FieldType("http(s) URL", _url)


@dataclass(frozen=True)
class Field:
    """One key of a note record."""

    name: str
    type: FieldType
    doc: str
    """What the key means, for the authoring guide."""
    required: bool = False
    many: bool = False
    """The value is a list of ``type`` (or of ``record``)."""
    record: tuple[Field, ...] | None = None
    """For a nested record (or list of records): its fields."""


@dataclass(frozen=True)
class Kind:
    """One note file and the records it holds."""

    file: str
    """File name inside ``notes/``."""
    title: str
    doc: str
    fields: tuple[Field, ...]
    many: bool = True
    """The file is a list of records (else: one mapping)."""
    identity: str = "id"
    """Field naming a record in error paths."""
    example: str = ""
    rules: tuple[str, ...] = ()
    """Cross-field rules, stated for the guide and enforced in ``notes.py``."""


CITATION = (
    Field("article", ARTICLE, "The article the quote comes from.", required=True),
    Field(
        "quote",
        STRING,
        "Verbatim words from that article. Whitespace, line wraps and straight/curly quote marks "
        "may differ; `…` joins two parts of one passage. Checked by every build.",
        required=True,
    ),
)
#: What an event's passage does: only ``reports`` counts as a source of the event.
CITATION_ROLES = ("reports", "announces", "related")
EVENT_CITATION = (
    *CITATION,
    Field(
        "role",
        enum(*CITATION_ROLES),
        "What the passage does for the event: `reports` it (the default), `announces` it beforehand "
        "(written before: it was planned or expected), or is `related` (the editor links it to the "
        "event, but it may not report this very event: say why in the summary). Only `reports` "
        "passages count as sources and independent origins.",
    ),
)
RECORD = FieldType("mapping", lambda node: node)


# --- Reading ------------------------------------------------------------------


#: Composing nodes needs no constructor, so libyaml's parser can do it when
#: PyYAML was built with it (same nodes and marks, several times faster).
_NodeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_nodes(text: str, file: str, out: Collector) -> yaml.Node | None:
    """Parse YAML text to its node tree; syntax errors go to ``out``."""
    try:
        return yaml.compose(text, Loader=_NodeLoader)
    except yaml.MarkedYAMLError as exc:
        # Where the construct began (an unclosed quote, a bracket) is where
        # the mistake usually is; where the parser gave up comes second.
        found = int(exc.problem_mark.line) + 1 if exc.problem_mark else 0
        line = int(exc.context_mark.line) + 1 if exc.context and exc.context_mark else found
        detail = exc.problem or "unreadable"
        if line != found and found:
            detail += f" at line {found}"
        if exc.context:
            detail += f", {exc.context} that starts on this line" if line != found else f", {exc.context}"
        if "tab character" in detail:
            detail += "; indent with spaces, not tabs"
        out.add(file, line, "yaml", f"expected well-formed YAML, got a syntax error ({detail})")
    except yaml.YAMLError as exc:
        out.add(file, 0, "yaml", f"expected well-formed YAML, got {exc}")
    return None


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def validate_mapping(node: yaml.Node, fields: Sequence[Field], file: str, path: str, out: Collector) -> Record | None:
    """Check a mapping node against ``fields``; return the record or ``None``.

    Every problem (unknown or duplicate key, missing key, wrong type) is added
    to ``out``; a record is returned only when it is wholly valid."""
    if not _plain(node, file, path or "(top)", out):
        return None
    if not isinstance(node, yaml.MappingNode):
        out.add(file, line_of(node), path or "(top)", f"expected a mapping of keys, got {describe(node)}")
        return None
    by_name = {f.name: f for f in fields}
    record: Record = {"_line": line_of(node), "_lines": {}}
    seen: dict[str, int] = {}
    ok = True
    for key_node, value_node in node.value:
        key = str(key_node.value)
        here = _path(path, key)
        if key in seen:
            out.add(file, line_of(key_node), here, f"expected each key once, got a duplicate (first at line {seen[key]})")
            ok = False
            continue
        seen[key] = line_of(key_node)
        spec = by_name.get(key)
        if spec is None:
            close = difflib.get_close_matches(key, list(by_name), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            out.add(file, line_of(key_node), here, f"expected one of {', '.join(by_name)}, got unknown key '{key}'{hint}")
            ok = False
            continue
        record["_lines"][key] = line_of(value_node)
        value = _convert_field(spec, value_node, file, here, out)
        if value is None:
            ok = False
        else:
            record[key] = value
    for spec in fields:
        if spec.required and spec.name not in seen:
            out.add(file, line_of(node), _path(path, spec.name), "expected a value (required key), got nothing")
            ok = False
    return record if ok else None


def _convert_field(spec: Field, node: yaml.Node, file: str, path: str, out: Collector) -> Any:
    if not _plain(node, file, path, out):
        return None
    if spec.many:
        if not isinstance(node, yaml.SequenceNode):
            out.add(file, line_of(node), path, f"expected a list, got {describe(node)}")
            return None
        values = [_convert_one(spec, item, file, f"{path}[{i}]", out) for i, item in enumerate(node.value)]
        return None if any(v is None for v in values) else values
    return _convert_one(spec, node, file, path, out)


def _plain(node: yaml.Node, file: str, path: str, out: Collector) -> bool:
    """Whether a node is plain data. A tag (``!!python/name:…``) is never
    honoured, and not ignored in silence either: it is a problem."""
    if node.tag in _PLAIN_TAGS:
        return True
    out.add(file, line_of(node), path, f"expected a plain value, got {describe(node)}")
    return False


def _convert_one(spec: Field, node: yaml.Node, file: str, path: str, out: Collector) -> Any:
    if not _plain(node, file, path, out):
        return None
    if spec.record is not None:
        return validate_mapping(node, spec.record, file, path, out)
    try:
        return spec.type.convert(node)
    except Invalid as exc:
        out.add(file, line_of(node), path, str(exc))
        return None


def validate_kind(kind: Kind, root: yaml.Node | None, file: str, out: Collector) -> list[Record]:
    """Validate one notes file's node tree; return its valid records."""
    if root is None:
        return []
    if not kind.many:
        rec = validate_mapping(root, kind.fields, file, "", out)
        return [rec] if rec is not None else []
    if not isinstance(root, yaml.SequenceNode):
        out.add(file, line_of(root), "(top)", f"expected a list of {kind.title.lower()} records, got {describe(root)}")
        return []
    records = []
    for i, item in enumerate(root.value):
        label = f"[{i}]"
        if isinstance(item, yaml.MappingNode):
            for k, v in item.value:
                if k.value == kind.identity and isinstance(v, yaml.ScalarNode) and v.value:
                    label = f"[{v.value}]"
        rec = validate_mapping(item, kind.fields, file, label, out)
        if rec is not None:
            rec["_path"] = label
            records.append(rec)
    return records


# --- The note kinds -----------------------------------------------------------

_DATE_BASIS = enum("stated", "dateline", "relative", "editor", "computed")
_UPDATED = Field("updated", DATE, "When the editors last changed this record: dates its entry in the feed and on the changes page.")
_OLD_IDS = Field(
    "old_ids", SLUG, "Ids this record had before a rename: links to them keep working.", many=True
)

BRIEFING = Kind(
    "briefing.yml",
    "Briefing",
    "The briefing as a whole: one mapping.",
    (
        Field("title", STRING, "Title of the briefing, shown on every page.", required=True),
        Field("summary", MARKDOWN, "A short summary for the overview page."),
        Field("updated", DATE, "When the editors last revised the briefing."),
        Field("site_url", URL, "Where the site is published (used for absolute links, feeds and JSON-LD)."),
    ),
    many=False,
    identity="title",
    example="title: US–China London truce and military rare earths\nupdated: 2025-06-20\nsummary: >-\n  The June 2025 London truce left China's export controls on military-use\n  rare earths unresolved.\n",
)

SOURCES = Kind(
    "sources.yml",
    "Sources",
    "What is known about each article: who published it, when, in which language, and what it derives from. "
    "Say `unknown` or give your basis rather than guess.",
    (
        Field("article", ARTICLE, "The article this record describes.", required=True),
        Field("outlet", STRING, "Outlet or publisher as the article states it, or `unknown`."),
        Field("outlet_basis", STRING, "How the outlet is known (e.g. the capture's URL, a dateline)."),
        Field("headline", STRING, "Headline, when the capture has none or mangles it."),
        Field("date", FUZZY_DATE, "Publication date at the precision known."),
        Field("date_basis", _DATE_BASIS, "How the date was determined."),
        Field("date_note", STRING, "The evidence for the date, in words (required unless `stated`)."),
        Field("language", STRING, "Language of the captured text, e.g. `en`."),
        Field("translation", STRING, "Translation path, e.g. `zh → en (machine)`, or `unknown`."),
        Field("kind", enum("original", "rewrite", "translation", "aggregator", "unknown"), "What sort of text it is."),
        Field(
            "derived_from",
            RECORD,
            "What the article derives from, as the text says. An empty list means: checked, independent.",
            many=True,
            record=(
                Field("origin", STRING, "Name of the origin as stated, e.g. `Reuters`.", required=True),
                Field("article", ARTICLE, "The origin's article in this briefing, if it is one."),
                Field("quote", STRING, "Verbatim words of *this* article that say so: they name the origin or attribute the whole text, e.g. `Source: Reuters`, `(Translated from the Korean original)`.", required=True),
            ),
        ),
        Field(
            "compare_with",
            ARTICLE,
            "Other articles of the same story that the analysis must compare with this one, whatever the names "
            "they use (it pairs articles by the people, places and organisations they name, and may miss an "
            "independent report that names others). `derived_from` articles are compared anyway.",
            many=True,
        ),
        Field("url", URL, "Where the capture came from, if known."),
        Field("notes", MARKDOWN, "Anything else a reader should know about this source."),
    ),
    identity="article",
    example=(
        "- article: 003_95c6ea9465a74bf2\n  outlet: Reuters\n  outlet_basis: dateline \"(Reuters)\"\n"
        "  date: 2025-06-15\n  date_basis: dateline\n  date_note: dateline \"June 15\"; year supplied by the editor\n"
        "  language: en\n  kind: original\n  derived_from: []\n"
    ),
    rules=("`date_note` is required when `date_basis` is not `stated`.",),
)

EVENTS = Kind(
    "events.yml",
    "Timeline events",
    "What happened, when, and which sources say so.",
    (
        Field("id", SLUG, "Stable id: the event's permalink.", required=True),
        Field("title", STRING, "One line saying what happened.", required=True),
        Field("date", FUZZY_DATE, "When, at the precision the sources allow.", required=True),
        Field("date_basis", _DATE_BASIS, "How the date is known: stated in the text, from a dateline, worked out from relative dates (\"on Wednesday\", \"the 7th\") and a known date such as a dateline, supplied by the editor, or computed.", required=True),
        Field("date_note", STRING, "The evidence or computation, in words (required unless `stated`)."),
        Field("year_supplied", BOOL, "`true` when the sources give no year and the editor supplied it."),
        Field("kind", enum("event", "deadline"), "A `deadline` is a date something is due, not something that happened."),
        Field("summary", MARKDOWN, "Optional detail."),
        Field("sources", RECORD, "Citations: the passages this event rests on.", required=True, many=True, record=EVENT_CITATION),
        _UPDATED,
        _OLD_IDS,
    ),
    example=(
        "- id: london-talks\n  title: US and Chinese negotiators meet in London\n  date: 2025-06-09..2025-06-10\n"
        "  date_basis: relative\n  date_note: \"'on the 9th' in 002; 'last week' in the June 15 report\"\n  year_supplied: true\n"
        "  sources:\n    - article: 002_721e979baf6e4013\n      quote: resume high-level trade negotiations in London, UK, on the 9th\n"
    ),
    rules=("`date_note` is required when `date_basis` is not `stated`.",),
)

ROW = (
    Field("article", ARTICLE, "The source this row is about.", required=True),
    Field(
        "verdict",
        enum("agrees", "differs", "silent", "could-not-know"),
        "Against the topic's answer: agrees, differs, silent (does not say), could-not-know (predates the event).",
        required=True,
    ),
    Field("quote", STRING, "Verbatim passage (required for `agrees` and `differs`)."),
    Field("says", STRING, "What the source says, in a few words."),
    Field("how", STRING, "How it differs (required for `differs`)."),
)

TOPICS = Kind(
    "topics.yml",
    "Comparison topics",
    "A question the sources answer, and how each source answers it: one comparison table each.",
    (
        Field("id", SLUG, "Stable id: the table's permalink.", required=True),
        Field("question", STRING, "The question, e.g. \"Which military-use rare earth did China not budge on?\"", required=True),
        Field("answer", MARKDOWN, "The editors' reading of the evidence.", required=True),
        Field("rows", RECORD, "One row per source.", required=True, many=True, record=ROW),
        _UPDATED,
        _OLD_IDS,
    ),
    example=(
        "- id: magnet-maker\n  question: Who was the magnet maker that got export licences?\n  answer: JL MAG Rare-Earth.\n  rows:\n"
        "    - article: 003_95c6ea9465a74bf2\n      verdict: agrees\n      quote: JL MAG Rare-Earth\n      says: JL MAG Rare-Earth (300748.SZ)\n"
    ),
    rules=(
        "`quote` is required when `verdict` is `agrees` or `differs`; `how` when it is `differs`.",
        "A source appears at most once per topic; sources with no row are shown as not reviewed.",
    ),
)

ELEMENTS = Kind(
    "elements.yml",
    "Elements",
    "Story-specific text for chemical elements. Symbol, atomic number and family come from the periodic-table library; "
    "mentions in the articles are found automatically.",
    (
        Field("symbol", STRING, "Element symbol, e.g. `Sm`.", required=True),
        Field("role", MARKDOWN, "What it is used for, in this story's terms."),
        Field("export_control", MARKDOWN, "Its export-control status, as the sources tell it."),
        Field("sources", RECORD, "Citations for the text above.", many=True, record=CITATION),
    ),
    identity="symbol",
    example="- symbol: Sm\n  role: Samarium–cobalt magnets for fighter jets and missiles.\n  export_control: Controlled since 4 April.\n  sources:\n    - article: 002_721e979baf6e4013\n      quote: including samarium, gadolinium\n",
)

TERMS = Kind(
    "terms.yml",
    "Terms",
    "The story's vocabulary: acronyms, programmes, legal authorities. The first mention of a term or alias in each article links to its entry, with the definition as a tooltip (a name two records claim links nowhere).",
    (
        Field("id", SLUG, "Stable id: the entry's permalink.", required=True),
        Field("term", STRING, "The term as readers meet it.", required=True),
        Field("aliases", STRING, "Other spellings.", many=True),
        Field("definition", MARKDOWN, "What it means here.", required=True),
        Field("sources", RECORD, "Passages using the term.", many=True, record=CITATION),
        _UPDATED,
        _OLD_IDS,
    ),
    example="- id: green-channel\n  term: green channel\n  definition: A faster licence route Beijing offered for trusted US companies.\n",
)

ENTITIES = Kind(
    "entities.yml",
    "People and organisations",
    "Who is who, with every spelling the sources use. The first mention of a name or alias in each article links to its entry, with the description as a tooltip.",
    (
        Field("id", SLUG, "Stable id: the entry's permalink.", required=True),
        Field("name", STRING, "The name used on the site.", required=True),
        Field("kind", enum("person", "organisation", "place"), "What it is.", required=True),
        Field("description", MARKDOWN, "Who or what it is, in this story."),
        Field(
            "aliases",
            RECORD,
            "Names the sources use, each with the article and the verbatim passage.",
            many=True,
            record=(
                Field("name", STRING, "The name as written.", required=True),
                Field("article", ARTICLE, "Where it is written so.", required=True),
                Field("quote", STRING, "Verbatim passage containing the name.", required=True),
            ),
        ),
        _UPDATED,
        _OLD_IDS,
    ),
    example=(
        "- id: jl-mag\n  name: JL MAG Rare-Earth\n  kind: organisation\n  aliases:\n    - name: Jinli Yongjin\n"
        "      article: 000_d539de7ef8db242a\n      quote: China Rare Earth Magnet manufacturer Jinli Yongjin\n"
    ),
    rules=("Each alias's `quote` must contain its `name`.",),
)

VERDICTS = Kind(
    "verdicts.yml",
    "Discrepancy verdicts",
    "An editor's decision on a discrepancy candidate found by the analysis.",
    (
        Field("candidate", CANDIDATE, "The candidate's id, as shown on the Discrepancies page.", required=True),
        Field("verdict", enum("confirmed", "dismissed"), "Confirmed disagreements are shown as such; dismissed ones are hidden.", required=True),
        Field("reason", STRING, "Why, in a sentence.", required=True),
        Field("topic", SLUG, "The comparison topic a confirmed disagreement belongs to."),
        _UPDATED,
    ),
    identity="candidate",
    example="- candidate: d-0123456789\n  verdict: confirmed\n  reason: 001 names scandium where Reuters names samarium.\n  topic: military-rare-earth\n",
)

KINDS: tuple[Kind, ...] = (BRIEFING, SOURCES, EVENTS, TOPICS, ELEMENTS, TERMS, ENTITIES, VERDICTS)


def all_fields(fields: Sequence[Field], prefix: str = "") -> list[tuple[str, Field]]:
    """Every field, nested ones as ``parent.child``: what the guide must document."""
    out: list[tuple[str, Field]] = []
    for f in fields:
        out.append((prefix + f.name, f))
        if f.record:
            out.extend(all_fields(f.record, prefix + f.name + "."))
    return out


@dataclass
class Notes:
    """Validated records of every kind, by file name."""

    records: dict[str, list[Record]] = field(default_factory=dict)

    def of(self, kind: Kind) -> list[Record]:
        return self.records.get(kind.file, [])
