"""The package type-checks under mypy --strict (configured in pyproject.toml)."""
from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_mypy_strict_passes() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
