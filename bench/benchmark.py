"""Scale benchmark: how the generator and MkDocs grow with the number of articles.

``python bench/benchmark.py [--sizes 10,100,1000,10000] [--keep DIR]``

For each size N: synthesise a briefing (``bench/synth.py``), then, each stage
in a fresh child process (so its peak memory is its own, from ``wait4``):

1. generate the Markdown tree (``generator.build.generate``; its per-stage
   ``Result.timings`` are printed, whatever keys they hold) with an empty
   build cache: a first build;
2. build it with ``mkdocs build --strict`` through a child config that
   INHERITs the project's ``mkdocs.yml`` (as ``python -m generator build`` does);
3. regenerate into the same docs folder with the cache the runs before
   kept, as preview and CI do: once after publishing (the changes page now
   has a previous export to compare with), once more with nothing changed
   (must write 0 files), once after editing one event's title and once after
   adding one article; the last two are set against MkDocs' time as well.

Prints the machine, one table, growth factors between consecutive sizes and
a warning line for every target missed. Asserts nothing: it measures.

Large sizes take long (10,000 articles: about 1 minute of generator and 2.5 of
MkDocs on 2 vCPUs, then the rebuilds): ``--skip-mkdocs-above N`` and ``--skip-rebuilds-above N``
leave those stages out (reported as skipped), ``--timeout`` kills a stage and
reports where the generator was. The generator, ``mkdocs.yml`` and
``overrides/`` are copied at start, so edits made during a run do not mix two
versions of the code (``--live`` runs the working tree instead).
"""
from __future__ import annotations

import argparse
import faulthandler
import html
import inspect
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
MB = 1024 * 1024

#: Targets (see the README): generator time against MkDocs time, growth per 10×
#: articles from 1,000 to 10,000, and a largest page that does not grow with N.
GEN_SHARE_TARGET = 0.10
GROWTH_TARGET = 12.0


# --- Child processes ------------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    """One finished (or killed) child process."""

    seconds: float
    """Wall-clock time from start to exit."""
    peak_mb: float
    """Peak resident memory of the child (``ru_maxrss`` from ``wait4``)."""
    returncode: int | None
    """Exit code; ``None`` when it was killed for exceeding the timeout."""
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_child(cmd: Sequence[str], timeout: float, env: dict[str, str] | None = None) -> ChildRun:
    """Run ``cmd`` in its own session; kill its process group after ``timeout`` s.

    Peak memory comes from ``os.wait4`` on this very child, so each stage's
    figure is its own (``RUSAGE_CHILDREN`` would give the maximum so far)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True)
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                killed = True
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
        out.seek(0)
        err.seek(0)
        return ChildRun(
            seconds,
            usage.ru_maxrss / 1024,
            None if killed else proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def child_generate(code: Path, content: Path, docs: Path, previous: Path | None, dump_after: float, cache: Path | None = None) -> int:
    """Child mode: run the generator once and print what it did as one JSON line.

    If the run outlives ``dump_after`` seconds, every thread's stack is dumped
    to stderr (so a killed run still says where it was)."""
    if dump_after > 0:
        faulthandler.dump_traceback_later(dump_after, exit=False)
    t0 = time.perf_counter()
    sys.path.insert(0, str(code))  # ahead of the editable install's finder
    from generator.build import generate
    from generator.errors import ContentError

    t1 = time.perf_counter()
    kwargs: dict[str, Any] = {}
    if "previous" in inspect.signature(generate).parameters:
        kwargs["previous"] = previous
    if cache is not None and "cache_dir" in inspect.signature(generate).parameters:
        kwargs["cache_dir"] = cache
    try:
        result = generate(content, docs, **kwargs)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    t2 = time.perf_counter()
    faulthandler.cancel_dump_traceback_later()
    b = result.briefing
    stats = result.stats
    print(json.dumps({
        "timings": dict(result.timings),
        "generate_s": t2 - t1,
        "import_s": t1 - t0,
        "title": b.title,
        "articles": len(b.sources),
        "events": len(b.events),
        "topics": len(b.topics),
        "pages": len(result.pages),
        "candidates": [[r.candidate.a.article, r.candidate.b.article] for r in b.analysis.reviews] if b.analysis else [],
        "uncompared": len(b.analysis.unplaced) if b.analysis else 0,
        "written": stats.written if stats else None,
        "unchanged": stats.unchanged if stats else None,
        "removed": stats.removed if stats else None,
        "cache": getattr(result, "cache", {}),
    }))
    return 0


def mkdocs_config(code: Path, docs: Path, site: Path, title: str, path: Path) -> Path:
    """A child mkdocs.yml like ``generator.cli``'s: INHERIT the project's, point
    it at ``docs`` and ``site``, drop the hook (the tree is already generated)."""
    path.write_text(json.dumps({
        "INHERIT": str(code / "mkdocs.yml"),
        "site_name": html.escape(title),
        "docs_dir": str(docs.resolve()),
        "site_dir": str(site.resolve()),
        "hooks": [],
        "theme": {"name": "material", "custom_dir": str(code / "overrides")},
    }), encoding="utf-8")
    return path


def freeze_code(work: Path) -> Path:
    """Copy the generator, mkdocs.yml and overrides/ into ``work/code``: every
    stage of the run then uses the same code, even while others edit the tree."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    code.mkdir(parents=True)
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", code / "overrides")
    shutil.copy2(ROOT / "mkdocs.yml", code / "mkdocs.yml")
    return code


def code_version() -> str:
    """The commit and whether the generator has uncommitted edits (read-only git)."""
    def git(*args: str) -> str:
        r = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else "?"
    dirty = git("status", "--porcelain", "--", "generator", "mkdocs.yml", "overrides")
    edits = len(dirty.splitlines()) if dirty != "?" else 0
    return f"commit {git('rev-parse', '--short', 'HEAD')}" + (f" + {edits} uncommitted file(s) in generator/, mkdocs.yml, overrides/" if edits else "")


def where_stuck(stderr: str) -> str:
    """From a faulthandler dump: the generator's frames, outermost first."""
    frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', stderr)
    own = [f"{Path(f).stem}.{fn}:{line}" for f, line, fn in frames if "/generator/" in f and "site-packages" not in f]
    return " > ".join(reversed(own)) if own else "unknown (no stack dump)"


# --- Measuring one size -----------------------------------------------------------


@dataclass
class Figures:
    """Everything measured for one size. ``None`` = not measured; see ``notes``."""

    n: int
    values: dict[str, float | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    """Row -> text shown instead of a number (``skipped``, ``timeout``...)."""
    paths: dict[str, str] = field(default_factory=dict)
    """Row -> the file a figure is about (largest pages)."""
    timing_keys: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def tree_size(root: Path, suffix: str = "") -> tuple[int, int, int, str]:
    """(total bytes, number of files, largest file's bytes, its path) under ``root``;
    only files ending in ``suffix`` count for the number and the largest."""
    total = count = largest = 0
    where = ""
    for p in root.rglob("*"):
        if not p.is_file():
            continue
        size = p.stat().st_size
        total += size
        if p.name.endswith(suffix):
            count += 1
            if size > largest:
                largest, where = size, str(p.relative_to(root))
    return total, count, largest, where


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (inode, mtime in ns): the writer replaces a changed file
    with a new one, so a differing pair means the file was rewritten."""
    return {str(p.relative_to(root)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """Files created, replaced or removed between two snapshots."""
    return sorted({k for k in after if before.get(k) != after[k]} | {k for k in before if k not in after})


def story_of(n: int, seed: int) -> dict[str, int]:
    """Article id -> number of the synthetic story it tells (``bench/synth.py``)."""
    sys.path.insert(0, str(BENCH))
    import synth  # noqa: PLC0415  (bench/ is not a package)

    return {a.id: s.no for s in synth.build_corpus(n, seed) for a in s.articles}


def progress(n: int, message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] N={n}: {message}", file=sys.stderr, flush=True)


def measure(n: int, work: Path, code: Path, args: argparse.Namespace) -> Figures:
    """Synthesise N articles, generate, build, rebuild: the figures of one size."""
    fig = Figures(n)
    v, t = fig.values, fig.texts
    base = work / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    content, docs, site = base / "content", base / "docs", base / "site"
    # Fresh for the first run (base was just removed): that run is a cold build,
    # the rebuilds after it find what it kept, as in preview and CI.
    cache = base / "cache"

    progress(n, "synthesising the content")
    run = run_child([PYTHON, str(BENCH / "synth.py"), str(n), str(content), "--seed", str(args.seed), "--topic-rate", str(args.topic_rate)], args.timeout)
    if not run.ok:
        raise SystemExit(f"synth.py failed for N={n}:\n{run.stderr}")
    v["synth_s"] = run.seconds
    v["capture_mb"] = tree_size(content / "articles")[0] / MB

    def generate(label: str, previous: Path | None) -> tuple[ChildRun, dict[str, Any] | None]:
        progress(n, f"generator ({label})")
        before = snapshot(docs) if docs.exists() else {}
        cmd = [PYTHON, str(Path(__file__).resolve()), "--child-generate", str(code), str(content), str(docs), "--dump-after", str(max(0.0, args.timeout - 5)),
               "--cache", str(cache)]
        if previous is not None:
            cmd += ["--previous", str(previous)]
        r = run_child(cmd, args.timeout)
        if r.returncode is None:
            fig.notes.append(f"generator ({label}) killed after {args.timeout:.0f}s, in {where_stuck(r.stderr)}")
            return r, None
        if not r.ok:
            status = r.returncode or 0
            why = f"killed by signal {-status}" if status < 0 else r.stderr.strip().splitlines()[-1] if r.stderr.strip() else f"exit {status}"
            fig.notes.append(f"generator ({label}) failed: {why}")
            return r, None
        result = json.loads(r.stdout.strip().splitlines()[-1])
        if before:
            files = rewritten(before, snapshot(docs))
            shown = ", ".join(files[:6]) + (f" and {len(files) - 6} more" if len(files) > 6 else "")
            hits = ", ".join(f"{kind} {h:,}/{h + m:,}" for kind, (h, m) in sorted(result.get("cache", {}).items()))
            fig.notes.append(f"rebuild {label}: {result['written']} written ({shown or 'none'}); cache hits: {hits or 'none'}")
        return r, result

    run, out = generate("first run", None)
    if out is None:
        t["gen_total_s"] = "timeout" if run.returncode is None else "failed"
        v["gen_process_s"] = run.seconds
        v["gen_peak_mb"] = run.peak_mb
        return fig
    for key in ("articles", "events", "topics", "pages"):
        v[key] = out[key]
    # How precise the analysis is: synth.py knows which story each article tells.
    story = story_of(n, args.seed)
    pairs = out["candidates"]
    v["candidates"] = len(pairs)
    v["uncompared"] = out["uncompared"]
    v["candidates_same_story"] = 100.0 * sum(story.get(a) == story.get(b) for a, b in pairs) / len(pairs) if pairs else None
    fig.timing_keys = list(out["timings"])
    for key, seconds in out["timings"].items():
        v[f"gen_{key}_s"] = seconds
    v["gen_total_s"] = out["generate_s"]
    v["gen_process_s"] = run.seconds
    v["gen_peak_mb"] = run.peak_mb
    total, count, largest, where = tree_size(docs, ".md")
    v["docs_mb"], v["md_pages"], v["largest_md_kb"] = total / MB, count, largest / 1024
    fig.paths["largest_md_kb"] = where

    if args.skip_mkdocs_above is not None and n > args.skip_mkdocs_above:
        for key in ("mkdocs_s", "mkdocs_peak_mb", "total_s", "gen_share", "site_mb", "html_pages", "largest_html_kb", "search_mb"):
            t[key] = "skipped"
        fig.notes.append(f"MkDocs skipped (--skip-mkdocs-above {args.skip_mkdocs_above})")
    else:
        progress(n, f"MkDocs build of {count} Markdown pages ({total / MB:.1f} MB)")
        config = mkdocs_config(code, docs, site, out["title"], base / "mkdocs-child.yml")
        run = run_child([PYTHON, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)], args.timeout, {"NO_MKDOCS_2_WARNING": "1"})
        if run.ok:
            v["mkdocs_s"] = run.seconds
            v["mkdocs_peak_mb"] = run.peak_mb
            v["total_s"] = v["gen_process_s"] + run.seconds  # type: ignore[operator]
            v["gen_share"] = v["gen_total_s"] / run.seconds  # type: ignore[operator]
            total, count, largest, where = tree_size(site, ".html")
            v["site_mb"], v["html_pages"], v["largest_html_kb"] = total / MB, count, largest / 1024
            fig.paths["largest_html_kb"] = where
            index = site / "search" / "search_index.json"
            v["search_mb"] = index.stat().st_size / MB if index.exists() else None
        else:
            status = "timeout" if run.returncode is None else "failed"
            for key in ("mkdocs_s", "total_s", "gen_share"):
                t[key] = status
            v["mkdocs_peak_mb"] = run.peak_mb
            tail = run.stderr.strip().splitlines()[-3:]
            fig.notes.append(f"MkDocs {status} after {run.seconds:.0f}s" + (": " + " | ".join(tail) if tail else ""))

    if args.skip_rebuilds_above is not None and n > args.skip_rebuilds_above:
        for key in ("rebuild_published_written", "rebuild_nochange_written", "rebuild_nochange_s", "rebuild_edit_written", "rebuild_edit_s",
                    "rebuild_edit_share", "rebuild_added_written", "rebuild_added_s", "rebuild_added_share"):
            t[key] = "skipped"
        fig.notes.append(f"rebuilds skipped (--skip-rebuilds-above {args.skip_rebuilds_above})")
        progress(n, "done")
        return fig
    # Rebuilds: the CLI and the hook pass the published export as `previous`.
    published = site / "briefing.json"
    previous = published if published.exists() else None
    for key, label in (("rebuild_published", "after publishing"), ("rebuild_nochange", "no change")):
        run, out = generate(label, previous)
        if out is not None:
            v[f"{key}_written"] = out["written"]
            v[f"{key}_s"] = out["generate_s"]
        else:
            t[f"{key}_written"] = "timeout" if run.returncode is None else "failed"
    def rebuild(key: str, label: str) -> None:
        run, out = generate(label, previous)
        if out is not None:
            v[f"{key}_written"] = out["written"]
            v[f"{key}_s"] = out["generate_s"]
            if v.get("mkdocs_s"):
                v[f"{key}_share"] = out["generate_s"] / v["mkdocs_s"]  # type: ignore[operator]
        else:
            t[f"{key}_written"] = "timeout" if run.returncode is None else "failed"

    events = content / "notes" / "events.yml"
    text = events.read_text(encoding="utf-8")
    edited, count = re.subn(r"(?m)^  title: .*$", "  title: Edited title for the rebuild benchmark", text, count=1)
    if count:
        events.write_text(edited, encoding="utf-8")
        rebuild("rebuild_edit", "one event title edited")
    else:
        t["rebuild_edit_written"] = "no event"
    # An editor adds an article: a copy of the first with a paragraph of its own.
    first = sorted((content / "articles").glob("*.txt"))[0]
    (content / "articles" / "zz_added.txt").write_bytes(first.read_bytes() + b"\n\nA paragraph the added article alone carries, about 12 ports.\n")
    rebuild("rebuild_added", "one article added")
    progress(n, "done")
    return fig


# --- Report ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    fmt: Callable[[float], str]
    growth: bool = False
    """Checked against the growth target (and shown in the growth table)."""


def _f(digits: int) -> Callable[[float], str]:
    return lambda x: f"{x:,.{digits}f}"


def _secs(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:,.0f}"


def rows(timing_keys: Sequence[str]) -> list[Row]:
    """The table's rows; the generator's own stages are whatever keys it reported."""
    out = [
        Row("articles", "articles", _f(0)),
        Row("events", "events / topics", _f(0)),
        Row("capture_mb", "captures (MB)", _f(1)),
        Row("synth_s", "synth.py (s)", _secs),
        Row("candidates", "discrepancy candidates", _f(0), growth=True),
        Row("candidates_same_story", "  within one story (%)", _f(1)),
        Row("uncompared", "articles sharing no story (not compared)", _f(0)),
    ]
    out += [Row(f"gen_{k}_s", f"  generator: {k} (s)", _secs, growth=True) for k in timing_keys]
    out += [
        Row("gen_total_s", "generator total, in process (s)", _secs, growth=True),
        Row("gen_process_s", "generator process incl. start-up (s)", _secs, growth=True),
        Row("gen_peak_mb", "generator peak RSS (MB)", _f(0), growth=True),
        Row("mkdocs_s", "MkDocs build --strict (s)", _secs, growth=True),
        Row("mkdocs_peak_mb", "MkDocs peak RSS (MB)", _f(0), growth=True),
        Row("total_s", "total generator + MkDocs (s)", _secs, growth=True),
        Row("gen_share", "generator / MkDocs (first build, cold cache)", lambda x: f"{x:.0%}"),
        Row("md_pages", "Markdown pages", _f(0)),
        Row("docs_mb", "docs/ size (MB)", _f(1), growth=True),
        Row("largest_md_kb", "largest .md (KB)", _f(0), growth=True),
        Row("html_pages", "HTML pages", _f(0)),
        Row("site_mb", "site/ size (MB)", _f(1), growth=True),
        Row("largest_html_kb", "largest HTML page (KB)", _f(0), growth=True),
        Row("search_mb", "search_index.json (MB)", _f(2), growth=True),
        Row("rebuild_published_written", "rebuild after publish: files written", _f(0)),
        Row("rebuild_nochange_written", "no-change rebuild: files written", _f(0)),
        Row("rebuild_nochange_s", "no-change rebuild: generator (s)", _secs, growth=True),
        Row("rebuild_edit_written", "1 event title edited: files written", _f(0)),
        Row("rebuild_edit_s", "1 event title edited: generator (s)", _secs, growth=True),
        Row("rebuild_edit_share", "1 event title edited: generator / MkDocs", lambda x: f"{x:.0%}"),
        Row("rebuild_added_written", "1 article added: files written", _f(0)),
        Row("rebuild_added_s", "1 article added: generator (s)", _secs, growth=True),
        Row("rebuild_added_share", "1 article added: generator / MkDocs", lambda x: f"{x:.0%}"),
    ]
    return out


def cell(fig: Figures, row: Row) -> str:
    if row.key == "events":
        e, tp = fig.values.get("events"), fig.values.get("topics")
        return f"{e:,.0f} / {tp:,.0f}" if e is not None and tp is not None else fig.texts.get("gen_total_s", "-")
    if row.key in fig.texts:
        return fig.texts[row.key]
    value = fig.values.get(row.key)
    return "-" if value is None else row.fmt(value)


def print_table(header: Sequence[str], body: Sequence[Sequence[str]]) -> None:
    """Plain text, aligned: the first column left, the others right."""
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(r: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in body:
        print(line(r))


def machine() -> list[str]:
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = "unknown"
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    versions = run_child([PYTHON, "-c", "import platform, mkdocs, material; print(platform.python_version(), mkdocs.__version__, material.__version__)"], 60).stdout.split()
    py, mk, mat = (versions + ["?", "?", "?"])[:3]
    return [
        f"machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {mem} RAM, {cpu}",
        f"software: Python {py} ({platform.python_implementation()}), MkDocs {mk}, Material {mat}, {platform.system()} {platform.release()}",
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine skews timings)",
    ]


def report(figs: Sequence[Figures], args: argparse.Namespace, header_lines: Sequence[str]) -> None:
    keys: list[str] = []
    for f in figs:
        keys += [k for k in f.timing_keys if k not in keys]
    table_rows = rows(keys)
    print()
    for line in header_lines:
        print(line)
    print(f"seed {args.seed}, topic rate {args.topic_rate}/article; each stage in a fresh process; timeout {args.timeout:.0f}s per process")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print_table(["N"] + [f"{f.n:,}" for f in figs], [[r.label] + [cell(f, r) for f in figs] for r in table_rows])
    print()
    print("largest pages:")
    for f in figs:
        md = f.paths.get("largest_md_kb")
        page = f.paths.get("largest_html_kb")
        md_text = f"{md} ({cell(f, Row('largest_md_kb', '', _f(0)))} KB)" if md else "-"
        page_text = f"{page} ({cell(f, Row('largest_html_kb', '', _f(0)))} KB)" if page else "-"
        print(f"  N={f.n:,}: Markdown {md_text}; HTML {page_text}")
    for f in figs:
        for note in f.notes:
            print(f"  N={f.n:,}: {note}")

    pairs = list(zip(figs, figs[1:]))
    if pairs:
        print()
        print("growth factors (×) between consecutive sizes:")
        body = []
        for r in (r for r in table_rows if r.growth):
            cells = [r.label.strip()]
            for a, b in pairs:
                x, y = a.values.get(r.key), b.values.get(r.key)
                cells.append(f"{y / x:.1f}" if x and y is not None and r.key not in a.texts and r.key not in b.texts else "-")
            body.append(cells)
        print_table(["figure"] + [f"{a.n:,}→{b.n:,}" for a, b in pairs], body)

    print()
    warnings = targets(figs, table_rows)
    for w in warnings:
        print(f"WARNING: {w}")
    if not warnings:
        print("All targets met.")


def targets(figs: Sequence[Figures], table_rows: Sequence[Row]) -> list[str]:
    """One line per target missed (or not checkable)."""
    out: list[str] = []
    for f in figs:
        for key, seconds, build in (("gen_share", "gen_total_s", "first build (cold cache)"), ("rebuild_edit_share", "rebuild_edit_s", "rebuild after one event edit"),
                                    ("rebuild_added_share", "rebuild_added_s", "rebuild after one article added")):
            share = f.values.get(key)
            if share is not None and share > GEN_SHARE_TARGET:
                out.append(f"N={f.n:,}: {build}: generator takes {share:.0%} of MkDocs' time (target ≤ {GEN_SHARE_TARGET:.0%}): "
                           f"{f.values[seconds]:.2f}s vs {f.values['mkdocs_s']:.1f}s")
            elif key in f.texts:
                out.append(f"N={f.n:,}: {build}: generator/MkDocs share not measured ({f.texts[key]})")
    sizes = [f.n for f in figs]
    if 1000 not in sizes or 10000 not in sizes:
        out.append("growth 1,000→10,000 not checked: run both sizes (checked below on other 10× steps, as an indication)")
    for a, b in zip(figs, figs[1:]):
        limit = GROWTH_TARGET * (b.n / a.n) / 10
        official = (a.n, b.n) == (1000, 10000)
        tag = "" if official else " (indicative)"
        for r in table_rows:
            if not r.growth:
                continue
            x, y = a.values.get(r.key), b.values.get(r.key)
            if r.key in b.texts and r.key not in a.texts:
                out.append(f"{a.n:,}→{b.n:,}{tag}: {r.label.strip()} not measured at {b.n:,} ({b.texts[r.key]})")
            elif x and y is not None and y / x > limit:
                out.append(f"{a.n:,}→{b.n:,}{tag}: {r.label.strip()} grows {y / x:.1f}× (target ≤ {limit:.0f}×): {r.fmt(x)} → {r.fmt(y)}")
        for key, kind in (("largest_html_kb", "HTML"), ("largest_md_kb", "Markdown")):
            x, y = a.values.get(key), b.values.get(key)
            if x and y is not None and y > x * 1.1:
                out.append(f"{a.n:,}→{b.n:,}: largest {kind} page grows {y / x:.1f}× ({x:,.0f} KB {a.paths.get(key)} → {y:,.0f} KB {b.paths.get(key)}); target: not growing with N")
    return out


# --- Command line ---------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(x) for x in text.split(",") if x.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("expected sizes like 10,100,1000")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child-generate"]:
        c = argparse.ArgumentParser()
        c.add_argument("--child-generate", nargs=3, type=Path, metavar=("CODE", "CONTENT", "DOCS"))
        c.add_argument("--previous", type=Path)
        c.add_argument("--dump-after", type=float, default=0)
        c.add_argument("--cache", type=Path)
        a = c.parse_args(argv)
        code, content, docs = a.child_generate
        return child_generate(code, content, docs, a.previous, a.dump_after, a.cache)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10,100,1000,10000"), help="numbers of articles (default 10,100,1000,10000)")
    p.add_argument("--keep", type=Path, help="work in this folder and keep content, docs and sites there")
    p.add_argument("--skip-mkdocs-above", type=int, metavar="N", help="do not run MkDocs for sizes above N (reported as skipped)")
    p.add_argument("--skip-rebuilds-above", type=int, metavar="N", help="do not measure the three rebuilds for sizes above N (reported as skipped)")
    p.add_argument("--timeout", type=float, default=1800, help="seconds before a stage's process is killed (default 1800)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--topic-rate", type=float, default=0.1, help="comparison topics per article in the synthetic notes (default 0.1)")
    p.add_argument("--live", action="store_true", help="run the working tree's generator (default: a copy taken at start)")
    args = p.parse_args(argv)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    code = ROOT if args.live else freeze_code(work)
    header = [*machine(), f"code: {code_version()}" + (", run live from the working tree" if args.live else f", copied to {code} at start")]
    figs: list[Figures] = []
    try:
        for n in args.sizes:
            figs.append(measure(n, work, code, args))
    except KeyboardInterrupt:
        print("interrupted: reporting the sizes measured so far", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(figs, args, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())
