#!/usr/bin/env bash
# Live preview on http://127.0.0.1:8000/ : edits in content/ rebuild the open page.
# Usage: scripts/serve.sh [--content DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
if [ "${1:-}" = --content ]; then export BRIEFING_CONTENT="$2"; fi
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --livereload -a 127.0.0.1:8000
