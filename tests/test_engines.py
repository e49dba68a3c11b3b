"""The generated tree builds with other engines, and the live preview recovers from errors."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from generator.build import generate

from .conftest import CONTENT, ROOT


def test_zensical_builds_the_generated_tree(tmp_path: Path) -> None:
    """Zensical reads mkdocs.yml but runs no MkDocs hooks: the generator writes the tree first."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    generate(CONTENT, project / "docs")
    zensical = Path(sys.executable).with_name("zensical")
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([str(zensical), "build"], cwd=project, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Warning" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    site = project / "site"
    for page in ("index.html", "timeline/index.html", "comparisons/index.html", "glossary/index.html", "discrepancies/index.html"):
        assert (site / page).is_file(), page
    article = (site / "articles" / "003_95c6ea9465a74bf2" / "index.html").read_text()
    assert 'class="el-mention"' in article and 'id="p-8c8e5dff"' in article
    assert (site / "briefing.json").read_bytes() == (project / "docs" / "briefing.json").read_bytes()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(url: str, predicate: object, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if predicate(last):  # type: ignore[operator]
                return last
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting on {url}; last page began {last[:200]!r}")


def test_live_preview_shows_errors_and_recovers(tmp_path: Path) -> None:
    """mkdocs serve over a copy of the content: a broken note shows a banner over the
    last good site, fixing it clears the banner; no restart."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "overrides", "generator"):
        target = project / name
        target.symlink_to(ROOT / name, target_is_directory=(ROOT / name).is_dir())
    (project / "docs").mkdir()
    port = _free_port()
    env = {**os.environ, "BRIEFING_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/timeline/"
        first = _wait_for(url, lambda html: "Timeline" in html)
        assert "briefing-errors" not in first
        events = content / "notes" / "events.yml"
        good = events.read_text()
        events.write_text(good.replace("date: 2025-04-04", "date: 2025-13-45", 1))
        broken = _wait_for(url, lambda html: "briefing-errors" in html)
        assert "expected a real calendar date, got &#x27;2025-13-45&#x27;" in broken or "2025-13-45" in broken
        assert "China starts controlling exports" in broken  # the last good content is still served
        events.write_text(good.replace("title: China starts controlling exports", "title: Beijing starts controlling exports", 1))
        fixed = _wait_for(url, lambda html: "briefing-errors" not in html and "Beijing starts controlling exports" in html)
        assert "Timeline" in fixed
        time.sleep(3)  # room for a rebuild that the generated files would trigger
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "briefing: " in output and "Traceback" not in output
    # Two edits, two rebuilds: writing the generated tree does not set off another.
    assert output.count("Detected file changes") == 2, output
