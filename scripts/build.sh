#!/usr/bin/env bash
# Build the site for a briefing into site/ (default content: content/).
# Usage: scripts/build.sh [--content DIR] [--site DIR] [--strict-review] [--previous FILE]
# Paths are taken relative to where you run it; defaults are the repository's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" build
export NO_MKDOCS_2_WARNING=1
exec "$root/.venv/bin/python" -m generator build "$@"
