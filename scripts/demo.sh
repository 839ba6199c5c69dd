#!/usr/bin/env bash
# Install jcg-ledger into .venv, build the demo books, check them and print a report.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --upgrade pip >/dev/null 2>&1 || true
pip install --quiet -e .
rm -rf demo
jcg demo demo
# The demo lives on its own timeline (jcg_ledger/demo/__init__.py: DEMO_TODAY).
export JCG_TODAY=2029-12-31
export BEANCOUNT_DISABLE_LOAD_CACHE=1
for book in city platform fund; do bean-check "demo/$book/main.beancount" && echo "bean-check $book: OK"; done
jcg --ledger demo check
COLUMNS=${COLUMNS:-180} jcg --ledger demo report subsidies --as-of 2026-12-31 || jcg --ledger demo report reconciliation
