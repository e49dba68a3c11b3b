"""The publishing workflow is valid against GitHub's workflow schema (vendored in check-jsonschema, offline)."""
from __future__ import annotations

import subprocess
import sys

import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def test_workflow_matches_the_github_schema() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflow_tests_builds_and_deploys_only_from_main() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    triggers = flow[True]  # PyYAML reads the key "on" as a boolean
    for event in ("push", "pull_request"):
        assert {"content/**", "generator/**", "overrides/**", "mkdocs.yml"} <= set(triggers[event]["paths"])
    steps = " ".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in flow["jobs"]["build"]["steps"])
    assert "scripts/test.sh" in steps and "scripts/build.sh" in steps and "actions/upload-pages-artifact" in steps
    # The build cache is restored before the build step, from the folder the CLI uses.
    names = [str(s.get("uses", "")) + str(s.get("run", "")) for s in flow["jobs"]["build"]["steps"]]
    cache = next(i for i, n in enumerate(names) if n.startswith("actions/cache@"))
    assert cache < next(i for i, n in enumerate(names) if "scripts/build.sh" in n)
    assert flow["jobs"]["build"]["steps"][cache]["with"]["path"] == "build/cache"
    deploy = flow["jobs"]["deploy"]
    assert "pull_request" in deploy["if"] and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_published_address_comes_from_pages_and_reaches_the_build() -> None:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    pages = next(i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/configure-pages@"))
    fetch = next(i for i, s in enumerate(steps) if "previous.json" in str(s.get("run", "")) and "curl" in str(s.get("run", "")))
    build = next(i for i, s in enumerate(steps) if "scripts/build.sh" in str(s.get("run", "")))
    assert pages < fetch < build
    address = "${{ steps.%s.outputs.base_url }}" % steps[pages]["id"]
    assert steps[fetch]["env"]["BASE_URL"] == address and "$BASE_URL" in steps[fetch]["run"].replace("${BASE_URL%/}", "$BASE_URL")
    assert steps[build]["env"]["BRIEFING_SITE_URL"] == address
