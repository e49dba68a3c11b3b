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
  ''|*[!0-9]*) echo "error: --port expects a number from 1 to 65535, got '$port'" >&2; exit 2 ;;
esac
if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "error: --port expects a number from 1 to 65535, got '$port'" >&2; exit 2
fi
# A port that cannot be had would end in MkDocs' traceback after the set-up:
# say why in one line, before it.
python3 - "$port" <<'PY' || exit 1
import errno, socket, sys
port = int(sys.argv[1])
try:
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
except OSError as exc:
    why = "is in use (another preview?)" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
    print(f"error: port {port} on 127.0.0.1 {why}: stop it, or choose another with --port N", file=sys.stderr)
    sys.exit(1)
PY
"$root/scripts/setup.sh" build
export NO_MKDOCS_2_WARNING=1
cd "$root"
exec .venv/bin/mkdocs serve --livereload -a "127.0.0.1:$port"
