"""Score the cross-source analysis on the evaluation stories (tests/fixtures/eval).

``python bench/eval.py [--split tune|test|all] [--story NAME] [--details] [--json]``
``python bench/eval.py --validate [STORY_DIR ...]``

Each story is built as a new editor would start it: its captures and no notes.
What the build exports (``briefing.json``: candidates, detected derivations,
articles' metadata) is scored against the story's ``answers.yml`` (format:
tests/fixtures/eval/README.md):

* recall: planted discrepancies matched by at least one candidate;
* precision: candidates matching a planted discrepancy, of all candidates shown
  (candidates the analysis itself marks "could not know" are not shown as
  disagreements and are counted apart);
* harmless paraphrases and could-not-know cases that a shown candidate matches
  (each one a failure);
* derivation accuracy: articles whose detected parent (another article, an
  outside origin, or none) is the key's;
* metadata: outlet, date, dateline place, headline and kind, per article.

``--details`` lists every miss and false candidate, for ``tune`` stories only
unless ``--reveal-test`` is given: rules are developed against the tune split,
the test split is only scored. ``--validate`` checks keys (every phrase present
in its articles, enough items of each sort) and prints nothing else.
It is a script that prints figures; tests/test_eval.py holds the floors.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT / "tests" / "fixtures" / "eval"

KINDS = ("amount", "count", "percent", "date", "weekday", "range", "relative-date", "person", "place", "organisation",
         "quote", "hedge", "negation")
ARTICLE_KINDS = ("original", "rewrite", "translation", "aggregator", "preview")
METADATA = ("outlet", "date", "place", "headline", "kind")

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+|[%€$£¥]")


def tokens(text: str) -> list[str]:
    """Words, numbers and currency or percent signs, lower case: what matching compares."""
    return _TOKEN_RE.findall(text.translate(_QUOTE_MARKS).lower())


def contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """Whether ``needle`` is a non-empty contiguous run of ``haystack``."""
    n = len(needle)
    if not n or n > len(haystack):
        return False
    first = needle[0]
    return any(haystack[i] == first and list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


# ---------------------------------------------------------------------------
# Answer keys
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    text: str
    articles: tuple[str, ...]

    @property
    def words(self) -> list[str]:
        return tokens(self.text)


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    groups: tuple[Group, ...]
    note: str = ""


@dataclass
class Key:
    name: str
    folder: Path
    split: str
    genre: str
    articles: dict[str, dict[str, Any]]
    discrepancies: list[Item]
    harmless: list[Item]
    could_not_know: list[Item]


def _items(raw: Any, default_kind: str) -> list[Item]:
    items = []
    for entry in raw or []:
        groups = tuple(Group(str(g["text"]), tuple(g["articles"])) for g in entry["values"])
        items.append(Item(str(entry["id"]), str(entry.get("kind", default_kind)), groups, str(entry.get("note", ""))))
    return items


def read_key(folder: Path) -> Key:
    data = yaml.safe_load((folder / "answers.yml").read_text(encoding="utf-8"))
    return Key(folder.name, folder, data["split"], data.get("genre", ""), data["articles"],
               _items(data.get("discrepancies"), ""), _items(data.get("harmless"), "paraphrase"),
               _items(data.get("could_not_know"), "could-not-know"))


def validate_key(folder: Path) -> list[str]:
    """Problems of one story's key, one line each (none: valid)."""
    where = folder / "answers.yml"
    try:
        key = read_key(folder)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        return [f"{where}: cannot read the key: {exc!r}"]
    problems = []
    files = {p.stem: p for p in (folder / "articles").glob("*.txt")}
    if not 4 <= len(files) <= 6:
        problems.append(f"{where}: expected 4 to 6 articles, got {len(files)}")
    if set(files) != set(key.articles):
        problems.append(f"{where}: articles: expected exactly the captures {sorted(files)}, got {sorted(key.articles)}")
    if key.split not in ("tune", "test"):
        problems.append(f"{where}: split: expected tune or test, got {key.split!r}")
    texts = {stem: tokens(p.read_text(encoding="utf-8")) for stem, p in files.items()}
    for stem, meta in key.articles.items():
        for field_ in METADATA + ("parent",):
            if field_ not in meta:
                problems.append(f"{where}: articles.{stem}: expected a {field_!r} (null when unknown)")
        if meta.get("kind") not in ARTICLE_KINDS:
            problems.append(f"{where}: articles.{stem}.kind: expected one of {', '.join(ARTICLE_KINDS)}, got {meta.get('kind')!r}")
        parent = meta.get("parent")
        if parent is not None and not str(parent).startswith("ext:") and parent not in files:
            problems.append(f"{where}: articles.{stem}.parent: expected an article stem, ext:<Outlet> or null, got {parent!r}")
        headline = meta.get("headline")
        if headline and stem in texts and not contains(texts[stem], tokens(str(headline))):
            problems.append(f"{where}: articles.{stem}.headline: not found in the capture: {headline!r}")
    if len(key.discrepancies) < 8:
        problems.append(f"{where}: discrepancies: expected at least 8, got {len(key.discrepancies)}")
    if not key.harmless or not key.could_not_know:
        problems.append(f"{where}: expected at least one harmless and one could_not_know item")
    seen: set[str] = set()
    for section, items in (("discrepancies", key.discrepancies), ("harmless", key.harmless), ("could_not_know", key.could_not_know)):
        for item in items:
            if item.id in seen:
                problems.append(f"{where}: {section}.{item.id}: id used twice")
            seen.add(item.id)
            if section == "discrepancies" and item.kind not in KINDS:
                problems.append(f"{where}: {section}.{item.id}.kind: expected one of {', '.join(KINDS)}, got {item.kind!r}")
            if len(item.groups) < 2:
                problems.append(f"{where}: {section}.{item.id}: expected two or more value groups")
            for g in item.groups:
                for stem in g.articles:
                    if stem not in texts:
                        problems.append(f"{where}: {section}.{item.id}: unknown article {stem!r}")
                    elif not contains(texts[stem], g.words):
                        problems.append(f"{where}: {section}.{item.id}: {g.text!r} is not in {stem}")
    return problems


def story_folders(split: str = "all", story: str | None = None) -> list[Path]:
    folders = sorted(p for p in EVAL.iterdir() if (p / "answers.yml").is_file())
    if story:
        folders = [p for p in folders if p.name == story]
    return [p for p in folders if split == "all" or read_key(p).split == split]


# ---------------------------------------------------------------------------
# Running the product on a story
# ---------------------------------------------------------------------------


def export_story(folder: Path) -> dict[str, Any]:
    """The briefing export of a story built from its captures alone."""
    from generator.build import generate  # noqa: PLC0415 - after sys.path is set

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        (content / "articles").mkdir(parents=True)
        for p in sorted((folder / "articles").glob("*.txt")):
            (content / "articles" / p.name).write_bytes(p.read_bytes())
        with contextlib.redirect_stdout(io.StringIO()):
            generate(content, Path(tmp) / "docs")
        data: dict[str, Any] = json.loads((Path(tmp) / "docs" / "briefing.json").read_text(encoding="utf-8"))
    return data


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


def side_matches(side: Mapping[str, Any], group: Group) -> bool:
    """A candidate's side stands for a group's value: same article, overlapping
    words, the group's phrase in the side's sentence."""
    if side.get("article") not in group.articles:
        return False
    value, phrase = tokens(str(side.get("value", ""))), group.words
    if not (contains(phrase, value) or contains(value, phrase)):
        return False
    sentence = tokens(str(side.get("text", "")))
    return contains(sentence, phrase) or contains(phrase, sentence)


def candidate_matches(c: Mapping[str, Any], item: Item) -> bool:
    for i, ga in enumerate(item.groups):
        for j, gb in enumerate(item.groups):
            if i != j and side_matches(c["a"], ga) and side_matches(c["b"], gb):
                return True
    return False


def could_not_know(c: Mapping[str, Any]) -> bool:
    """Whether the analysis itself marks a candidate as a could-not-know case."""
    return bool(c.get("could_not_know")) or c.get("kind") == "could-not-know"


def same_outlet(x: str | None, y: str | None) -> bool:
    if not x or not y:
        return not x and not y
    a, b = set(tokens(x)) - {"the"}, set(tokens(y)) - {"the"}
    return bool(a) and bool(b) and (a <= b or b <= a)


def derivation_ok(expected: Any, found: Mapping[str, Any] | None) -> bool:
    if expected is None:
        return found is None
    if found is None:
        return False
    expected = str(expected)
    if expected.startswith("ext:"):
        return found.get("article") is None and same_outlet(expected[4:], found.get("origin"))
    return found.get("article") == expected


def metadata_ok(field_: str, expected: Any, article: Mapping[str, Any]) -> bool:
    if field_ == "outlet":
        return same_outlet(expected, article.get("outlet"))
    if field_ == "date":
        date = article.get("date")
        if expected is None:
            return date is None
        return bool(date) and date.get("precision") == "day" and date.get("start") == str(expected)
    if field_ == "place":
        got = article.get("place")
        return (not expected and not got) or (bool(expected) and bool(got) and tokens(str(expected)) == tokens(str(got)))
    if field_ == "headline":
        got = article.get("headline")
        return (not expected and not got) or (bool(expected) and bool(got) and tokens(str(expected)) == tokens(str(got)))
    return article.get(field_) == expected


@dataclass
class Score:
    """What one story (or a sum of stories) scored."""

    planted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    shown: int = 0
    true: int = 0
    withheld: int = 0
    derivations: int = 0
    derivations_ok: int = 0
    metadata: Counter[str] = field(default_factory=Counter)
    metadata_ok: Counter[str] = field(default_factory=Counter)
    wrongly_flagged: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_derivations: list[str] = field(default_factory=list)
    wrong_metadata: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("planted", "found", "metadata", "metadata_ok"):
            getattr(self, name).update(getattr(other, name))
        for name in ("shown", "true", "withheld", "derivations", "derivations_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("wrongly_flagged", "misses", "false", "wrong_derivations", "wrong_metadata"):
            getattr(self, name).extend(getattr(other, name))

    @property
    def recall(self) -> float:
        total = sum(self.planted.values())
        return sum(self.found.values()) / total if total else 1.0

    @property
    def precision(self) -> float:
        return self.true / self.shown if self.shown else 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "recall": round(self.recall, 4), "precision": round(self.precision, 4),
            "planted": sum(self.planted.values()), "found": sum(self.found.values()),
            "shown": self.shown, "true": self.true, "withheld": self.withheld,
            "wrongly_flagged": self.wrongly_flagged,
            "derivation_accuracy": round(self.derivations_ok / self.derivations, 4) if self.derivations else None,
            "by_kind": {k: [self.found[k], self.planted[k]] for k in sorted(self.planted)},
            "metadata": {k: [self.metadata_ok[k], self.metadata[k]] for k in METADATA if self.metadata[k]},
        }


def _describe(c: Mapping[str, Any]) -> str:
    return f"{c['kind']}: {c['a']['value']!r} ({c['a']['article']}) vs {c['b']['value']!r} ({c['b']['article']})"


def score_story(key: Key, data: Mapping[str, Any]) -> Score:
    s = Score()
    candidates = data.get("candidates", [])
    shown = [c for c in candidates if not could_not_know(c)]
    s.withheld = len(candidates) - len(shown)
    s.shown = len(shown)
    for item in key.discrepancies:
        s.planted[item.kind] += 1
        if any(candidate_matches(c, item) for c in shown):
            s.found[item.kind] += 1
        else:
            s.misses.append(f"{key.name}/{item.id} ({item.kind}): {' | '.join(g.text for g in item.groups)}")
    for c in shown:
        if any(candidate_matches(c, item) for item in key.discrepancies):
            s.true += 1
        else:
            s.false.append(f"{key.name}: {_describe(c)}")
    for item in key.harmless + key.could_not_know:
        if any(candidate_matches(c, item) for c in shown):
            s.wrongly_flagged.append(f"{key.name}/{item.id}")
    articles = {a["id"]: a for a in data.get("articles", [])}
    for stem, meta in key.articles.items():
        got = articles.get(stem, {})
        s.derivations += 1
        found = got.get("detected_from")
        if found is None and got.get("derived_from"):
            d = got["derived_from"][0]
            found = {"article": d.get("article"), "origin": d.get("origin")}
        if derivation_ok(meta.get("parent"), found):
            s.derivations_ok += 1
        else:
            s.wrong_derivations.append(f"{key.name}/{stem}: expected {meta.get('parent')!r}, got "
                                       f"{(found or {}).get('article') or ('ext:' + str(found.get('origin')) if found else None)!r}")
        for field_ in METADATA:
            s.metadata[field_] += 1
            if metadata_ok(field_, meta.get(field_), got):
                s.metadata_ok[field_] += 1
            else:
                shown_value = got.get(field_)
                if field_ == "date" and isinstance(shown_value, dict):
                    shown_value = shown_value.get("start") if shown_value.get("precision") == "day" else shown_value.get("text")
                s.wrong_metadata.append(f"{key.name}/{stem}.{field_}: expected {meta.get(field_)!r}, got {shown_value!r}")
    return s


def _pct(x: float) -> str:
    return f"{100 * x:5.1f} %"


def print_report(scores: Mapping[str, tuple[Key, Score]], details: bool, reveal_test: bool) -> None:
    print(f"{'story':<28} {'split':<5} {'recall':>13} {'precision':>13} {'deriv.':>7} {'flagged':>7} {'outlet':>6} {'date':>5} {'headl.':>6}")
    totals: dict[str, Score] = defaultdict(Score)
    for name, (key, s) in scores.items():
        totals[key.split].add(s)
        totals["all"].add(s)
        j = s.as_json()
        md = j["metadata"]
        print(f"{name:<28} {key.split:<5} {_pct(s.recall)} {j['found']:>2}/{j['planted']:<3} {_pct(s.precision)} {s.true:>2}/{s.shown:<3}"
              f" {s.derivations_ok:>2}/{s.derivations:<3} {len(s.wrongly_flagged):>7}"
              f" {md['outlet'][0]:>3}/{md['outlet'][1]:<2} {md['date'][0]:>2}/{md['date'][1]:<2} {md['headline'][0]:>3}/{md['headline'][1]:<2}")
    print()
    print(f"{'split':<6} {'recall':>8} {'precision':>10} {'derivations':>12} {'flagged':>8}  metadata (outlet, date, place, headline, kind)")
    for split in ("tune", "test", "all"):
        if split not in totals:
            continue
        s = totals[split]
        acc = s.derivations_ok / s.derivations if s.derivations else 1.0
        meta = ", ".join(f"{_pct(s.metadata_ok[k] / s.metadata[k]).strip()}" for k in METADATA if s.metadata[k])
        print(f"{split:<6} {_pct(s.recall):>8} {_pct(s.precision):>10} {_pct(acc):>12} {len(s.wrongly_flagged):>8}  {meta}")
    print()
    print("recall by kind:  " + "  ".join(f"{k} " + "/".join(str(v) for v in (totals["tune"].found[k] if "tune" in totals else 0,
                                                                               totals["test"].found[k] if "test" in totals else 0))
                                        for k in KINDS) + "   (found in tune/test)")
    print("planted by kind: " + "  ".join(f"{k} " + "/".join(str(v) for v in (totals["tune"].planted[k] if "tune" in totals else 0,
                                                                               totals["test"].planted[k] if "test" in totals else 0))
                                        for k in KINDS))
    if details:
        for name, (key, s) in scores.items():
            if key.split == "test" and not reveal_test:
                continue
            print(f"\n== {name} ({key.split})")
            for line in s.misses:
                print(f"  MISS   {line}")
            for line in s.false:
                print(f"  FALSE  {line}")
            for line in s.wrongly_flagged:
                print(f"  FLAGGED {line}")
            for line in s.wrong_derivations:
                print(f"  DERIV  {line}")
            for line in s.wrong_metadata:
                print(f"  META   {line}")


def evaluate(folders: Iterable[Path]) -> dict[str, tuple[Key, Score]]:
    results = {}
    for folder in folders:
        key = read_key(folder)
        results[folder.name] = (key, score_story(key, export_story(folder)))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", choices=("tune", "test", "all"), default="all")
    p.add_argument("--story")
    p.add_argument("--details", action="store_true", help="list misses and false candidates (tune stories only)")
    p.add_argument("--reveal-test", action="store_true", help="with --details, list them for test stories too")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--validate", nargs="*", type=Path, help="check answer keys (default: every story)")
    args = p.parse_args(argv)
    if args.validate is not None:
        folders = args.validate or story_folders()
        problems = [line for f in folders for line in validate_key(f)]
        for line in problems:
            print(line)
        print(f"{len(folders)} key(s) checked, {len(problems)} problem(s)")
        return 1 if problems else 0
    results = evaluate(story_folders(args.split, args.story))
    if args.json:
        totals: dict[str, Score] = defaultdict(Score)
        for key, s in results.values():
            totals[key.split].add(s)
            totals["all"].add(s)
        print(json.dumps({"stories": {n: {"split": k.split, **s.as_json()} for n, (k, s) in results.items()},
                          "splits": {n: s.as_json() for n, s in totals.items()}}, indent=1))
    else:
        print_report(results, args.details, args.reveal_test)
    return 0


if __name__ == "__main__":
    sys.exit(main())
