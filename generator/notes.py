"""Read and validate the curated notes in ``notes/``.

Per-file checks happen here (syntax, keys, types, cross-field rules, unique
ids); references to articles and quotes are resolved later, in ``model``,
once every article has been read.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from .cache import Memo, digest
from .errors import Collector, Problem
from .ingest import decode_article
from .schema import KINDS, SOURCES, TOPICS, ENTITIES, Kind, Notes, Record, read_yaml_nodes, validate_kind

_BY_FILE = {k.file: k for k in KINDS}


def read_notes(folder: Path, label: str, out: Collector, memo: Memo | None = None) -> Notes:
    """Validate every notes file in ``folder`` (which may be missing).

    ``memo`` keeps each file's records and problems between builds, keyed by
    its name and bytes: an edit to one file reads only that file again."""
    notes = Notes()
    for path in out.listing(folder, label, "notes", "notes files (events.yml, topics.yml…)", f"notes files ({', '.join(_BY_FILE)})"):
        file = f"{label}/{path.name}"
        kind = _BY_FILE.get(path.name) or _BY_FILE.get(path.stem + ".yml")
        if kind is None:
            out.add(file, 0, "file name", f"expected one of {', '.join(_BY_FILE)}, got '{path.name}'")
            continue
        if path.name != kind.file:
            out.add(file, 0, "file name", f"expected '{kind.file}', got '{path.name}'")
            continue
        raw = out.read(path, folder.parent, file)
        if raw is None:
            continue
        if memo is None:
            records, problems = read_notes_file(kind, raw, file)
        else:
            # Kept pickled, so that every build gets records of its own: later
            # stages annotate them (``_path`` of nested items).
            records, problems = pickle.loads(memo.get(digest(file, raw), lambda: pickle.dumps(read_notes_file(kind, raw, file))))
        out.problems.extend(problems)
        if records is not None:
            notes.records[kind.file] = records
    return notes


def read_notes_file(kind: Kind, raw: bytes, file: str) -> tuple[list[Record] | None, list[Problem]]:
    """One notes file's bytes -> its validated records (``None`` if it cannot
    be decoded) and the problems found in it."""
    out = Collector()
    text = decode_article(raw, file, out, "YAML notes (an empty list is [])" if kind.many else "YAML notes")
    if text is None:
        return None, out.problems
    records = validate_kind(kind, read_yaml_nodes(text, file, out), file, out)
    for rec in records:
        rec["_file"] = file
    validate_rules(kind, records, file, out)
    return records, out.problems


def _needs(rec: Record, key: str, when: str, file: str, out: Collector) -> None:
    if key not in rec:
        out.add(file, rec["_line"], f"{rec['_path']}.{key}", f"expected a value when {when}, got nothing")


def validate_rules(kind: Kind, records: list[Record], file: str, out: Collector) -> None:
    """Cross-field rules of one file (documented as ``Kind.rules``)."""
    seen: dict[str, int] = {}
    for rec in records:
        ident = str(rec.get(kind.identity, ""))
        if kind.many and ident:
            if ident in seen:
                out.add(file, rec["_line"], f"{rec['_path']}.{kind.identity}", f"expected a unique {kind.identity}, got {ident!r} again (first at line {seen[ident]})")
            seen.setdefault(ident, rec["_line"])
        if "date_basis" in rec and rec["date_basis"] != "stated":
            _needs(rec, "date_note", f"date_basis is {rec['date_basis']!r}", file, out)
        if kind is SOURCES and "date" in rec and "date_basis" not in rec:
            _needs(rec, "date_basis", "a date is given", file, out)
    for rec in records:
        for old in rec.get("old_ids", []):
            if old in seen:
                out.add(file, rec["_lines"]["old_ids"], f"{rec['_path']}.old_ids", f"expected an id no record uses, got {old!r}")
    if kind is TOPICS:
        for rec in records:
            articles: set[str] = set()
            for i, row in enumerate(rec["rows"]):
                row["_path"] = f"{rec['_path']}.rows[{i}]"
                if row["verdict"] in ("agrees", "differs"):
                    _needs(row, "quote", f"verdict is {row['verdict']!r}", file, out)
                if row["verdict"] == "differs":
                    _needs(row, "how", "verdict is 'differs'", file, out)
                if row["article"] in articles:
                    out.add(file, row["_line"], f"{row['_path']}.article", f"expected one row per article, got {row['article']!r} again")
                articles.add(row["article"])
    if kind is ENTITIES:
        for rec in records:
            for i, alias in enumerate(rec.get("aliases", [])):
                if alias["name"] not in alias["quote"]:
                    out.add(file, alias["_lines"]["quote"], f"{rec['_path']}.aliases[{i}].quote", f"expected a passage containing {alias['name']!r}, got {alias['quote']!r}")
