#!/usr/bin/env bash
# Build the site for a briefing into site/ (default content: content/).
# Usage: scripts/build.sh [--content DIR] [--site DIR] [--strict-review]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m generator build "$@"
