"""The authoring guide documents every schema field (the guide is generated from the schema,
and this checks the generated page, so a template change cannot drop a field silently)."""
from __future__ import annotations

import re
import subprocess

import pytest

from generator.build import load_briefing
from generator.render import render_pages
from generator.schema import KINDS, all_fields

from .conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def guide() -> str:
    return render_pages(load_briefing(FIXTURES / "small"))["guide.md"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.file)
def test_every_field_is_in_the_guide(guide: str, kind: object) -> None:
    section = guide.split(f"<code>{kind.file.replace('.', '&#46;')}</code>")[1].split("\n### ")[0]  # type: ignore[attr-defined]
    documented = set(re.findall(r"^\| <code>([^<]+)</code> \|", section, re.M))
    expected = {name.replace(".", "&#46;").replace("_", "&#95;") for name, _ in all_fields(kind.fields)}  # type: ignore[attr-defined]
    assert documented == expected
    assert "<pre><code" in section  # an example


def test_guide_explains_the_error_format_and_dates(guide: str) -> None:
    assert "file:line: key: expected X, got Y" in guide
    for grammar in ("2025-06-09..2025-06-10", "~2025-06-05"):
        assert grammar in guide


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.file)
def test_every_example_in_the_guide_is_valid(kind: object) -> None:
    from generator.errors import Collector
    from generator.schema import read_yaml_nodes, validate_kind

    out = Collector()
    records = validate_kind(kind, read_yaml_nodes(kind.example, "example", out), "example", out)  # type: ignore[arg-type, attr-defined]
    assert out.problems == [] and records


def test_the_preview_on_a_port_in_use_says_so_in_one_line() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(["bash", str(ROOT / "scripts" / "serve.sh"), "--port", str(port)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1] == f"error: port {port} on 127.0.0.1 is in use (another preview?): stop it, or choose another with --port N"
