#!/usr/bin/env bash
# Live preview on http://127.0.0.1:8000/ : edits in content/ rebuild the open page;
# a content error shows on the page while the last good version stays up.
# Usage: scripts/serve.sh [--content DIR] [--port N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=8000
while [ $# -gt 0 ]; do
  case "$1" in
    --content) export BRIEFING_CONTENT="$(realpath "$2")"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "usage: scripts/serve.sh [--content DIR] [--port N]" >&2; exit 2 ;;
  esac
done
case "$port" in
  ''|*[!0-9]*) echo "error: --port expects a number, got '$port'" >&2; exit 2 ;;
esac
"$root/scripts/setup.sh" build
# A port already taken would end in MkDocs' traceback: say so in one line instead.
if ! "$root/.venv/bin/python" -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.close()' "$port" 2>/dev/null; then
  echo "error: port $port on 127.0.0.1 is in use (another preview?): stop it, or choose another with --port N" >&2
  exit 1
fi
export NO_MKDOCS_2_WARNING=1
cd "$root"
exec .venv/bin/mkdocs serve --livereload -a "127.0.0.1:$port"
