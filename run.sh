#!/usr/bin/env bash
# Start the Gluteal Anatomy Explorer (installs what it needs on first run).
#   ./run.sh                      open the app
#   ./run.sh --headless out.png   no display: render the default view to out.png
#   ./run.sh COMMAND ...          any subcommand (./run.sh --help lists them)
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-system-deps.sh
scripts/ensure-venv.sh ""
exec .venv/bin/anatomy-explorer "$@"
