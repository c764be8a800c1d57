#!/usr/bin/env bash
# Run the whole test suite (installs system packages, the project and its build/test extras).
# GUI tests run on a virtual X screen that pytest-xvfb starts; extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-system-deps.sh
scripts/ensure-venv.sh "build,test"
exec .venv/bin/python -m pytest "$@"
