#!/usr/bin/env bash
# Run the whole test suite (installs what it needs first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest -n 2 "$@"
