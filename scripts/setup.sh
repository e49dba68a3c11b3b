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
key="$(sha256sum pyproject.toml | cut -c1-16)$extras"
if ! stamp_ok python "$key" || [ ! -x .venv/bin/python ]; then
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extras"
  echo "$key" > build/.stamp-python
fi

if [ "$want" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v java >/dev/null; then
    sudo_=""; [ "$(id -u)" = 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium default-jre-headless >/dev/null
  fi
  if ! stamp_ok npm "$(sha256sum package.json | cut -c1-16)" || [ ! -d node_modules/axe-core ]; then
    npm install --no-audit --no-fund --silent >/dev/null
    sha256sum package.json | cut -c1-16 > build/.stamp-npm
  fi
fi
