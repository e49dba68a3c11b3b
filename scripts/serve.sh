#!/usr/bin/env bash
# Live preview on http://127.0.0.1:8000/ : edits in content/ rebuild the open page;
# a content error shows on the page while the last good version stays up.
# Usage: scripts/serve.sh [--content DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = --content ]; then export BRIEFING_CONTENT="$(realpath "$2")"; fi
"$root/scripts/setup.sh" build
export NO_MKDOCS_2_WARNING=1
cd "$root"
exec .venv/bin/mkdocs serve --livereload -a 127.0.0.1:8000
