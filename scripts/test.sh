#!/usr/bin/env bash
# Install jcg-ledger with its test tools into .venv and run ruff, mypy and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
if { [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
    || echo "chromium could not be installed: the browser tests will say they are skipped"
fi
python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --upgrade pip >/dev/null 2>&1 || true
pip install --quiet -e '.[test]'
export BEANCOUNT_DISABLE_LOAD_CACHE=1
ruff check .
ruff format --check .
mypy
python -m pytest -q "$@"
