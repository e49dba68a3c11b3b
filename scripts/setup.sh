#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: a virtualenv with the project and its
# Python dependencies. `scripts/setup.sh test` also installs what the tests need
# (Debian's chromium and a Java runtime, npm's axe-core and the Nu HTML checker).
# Each part is skipped when a stamp says it is already done for these inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-build}
mkdir -p build
py=${PYTHON:-python3}

stamp_ok() { [ -f "build/.stamp-$1" ] && [ "$(cat "build/.stamp-$1")" = "$2" ]; }

extras=""; [ "$want" = test ] && extras="[test]"
key="$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)$extras"
if ! stamp_ok python "$key" || [ ! -x .venv/bin/python ]; then
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  # constraints.txt pins every package to the versions the project was tested with.
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".$extras"
  echo "$key" > build/.stamp-python
fi

if [ "$want" = test ]; then
  # The browser tests drive Debian's /usr/bin/chromium (never a downloaded build).
  if [ ! -x /usr/bin/chromium ] || ! command -v java >/dev/null; then
    sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium default-jre-headless >/dev/null
  fi
  npm_key="$(cat package.json package-lock.json | sha256sum | cut -c1-16)"
  if ! stamp_ok npm "$npm_key" || [ ! -d node_modules/axe-core ]; then
    # Exactly what package-lock.json records.
    npm ci --no-audit --no-fund --silent >/dev/null
    echo "$npm_key" > build/.stamp-npm
  fi
fi
