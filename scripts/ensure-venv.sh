#!/usr/bin/env bash
# Create .venv (if absent) and install the project into it with the given extras, e.g. "build,test".
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
spec="."
if [ -n "$extras" ]; then spec=".[$extras]"; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
