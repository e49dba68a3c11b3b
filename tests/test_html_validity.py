"""One page of each kind through the W3C Nu HTML checker (vnu.jar from npm, run by java).

Findings in markup the theme owns are filtered by the explicit list below, each
with its reason. Nothing our templates, filters or overrides write is filtered:
such findings are fixed where the markup is made.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .conftest import NODE_MODULES, require_tool

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class ThemeFinding:
    """A finding in Material for MkDocs' own markup: its message and a piece of the markup."""

    message: str
    """A regular expression the checker's message matches."""
    extract: str
    """Text the flagged markup contains, so only the theme's element is excused."""
    reason: str


THEME_FINDINGS = (
    # Material's header toggles (drawer, search) are checkboxes with autocomplete="off",
    # there to stop Firefox restoring their state on back/forward; the partial is the theme's.
    ThemeFinding(r"^Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"', "theme header toggles"),
)


def page_files(site: Path) -> dict[str, Path]:
    """One page of each kind: the article with the most passages stands for all."""
    articles = sorted(site.glob("articles/*/index.html"))
    article = max(articles, key=lambda p: p.read_text(encoding="utf-8").count('class="passage'))
    kinds = {"overview": "index.html", "sources": "sources/index.html", "timeline": "timeline/index.html",
             "comparisons": "comparisons/index.html", "discrepancies": "discrepancies/index.html", "glossary": "glossary/index.html",
             "guide": "guide/index.html", "changes": "changes/index.html", "print": "print/index.html", "404": "404.html"}
    return {**{k: site / v for k, v in kinds.items()}, "article": article}


def run_vnu(files: list[Path]) -> list[dict[str, object]]:
    require_tool(VNU, "The Nu HTML checker (npm vnu-jar)")
    java = shutil.which("java")
    if java is None:
        require_tool("/usr/bin/java", "A Java runtime")
    proc = subprocess.run([str(java), "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(proc.stderr or proc.stdout)
    messages: list[dict[str, object]] = report["messages"]
    return messages


def theme_owned(message: dict[str, object]) -> ThemeFinding | None:
    text, extract = str(message.get("message", "")), str(message.get("extract", ""))
    return next((t for t in THEME_FINDINGS if re.search(t.message, text) and t.extract in extract), None)


def test_one_page_of_each_kind_is_valid_html(default_site: Path) -> None:
    files = page_files(default_site)
    kind_of = {p.resolve(): kind for kind, p in files.items()}
    messages = run_vnu(list(files.values()))
    ours: dict[tuple[str, str], list[str]] = {}
    used = set()
    for m in messages:
        if m.get("type") == "info" and m.get("subType") != "warning":
            continue  # notes, not problems
        finding = theme_owned(m)
        if finding:
            used.add(finding)
            continue
        url = str(m.get("url", ""))
        kind = kind_of.get(Path(url.removeprefix("file:")).resolve(), url)
        ours.setdefault((kind, f"{m.get('type')}: {m.get('message')}"), []).append(f"line {m.get('lastLine')}: {' '.join(str(m.get('extract', '')).split())}")
    # One line per page kind and message, with the first place it occurs.
    summary = [f"{kind}: {len(at)}x {message} (first at {at[0]})" for (kind, message), at in sorted(ours.items())]
    assert not summary, "invalid HTML in our markup (fix it in generator/ templates or filters, or overrides/):\n" + "\n".join(summary)
    assert set(THEME_FINDINGS) - used == set(), "a theme finding no longer occurs: remove it from THEME_FINDINGS"
