#!/usr/bin/env bash
# Create .venv (if absent) and install the project into it (editable) with the given extras,
# e.g. "build,test". The install runs once, and again only when pyproject.toml changes, the
# checkout moves, or extras not yet installed are asked for: .venv/.installed records
# pyproject.toml's hash with the checkout's folder, and the extras installed.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
stamp=.venv/.installed
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
project="$(sha256sum pyproject.toml | cut -d' ' -f1) $PWD"
installed=""
if [ -f "$stamp" ] && [ "$(sed -n 1p "$stamp")" = "$project" ] && [ -x .venv/bin/anatomy-explorer ]; then
  installed="$(sed -n 2p "$stamp")"
  missing=""
  for extra in ${extras//,/ }; do
    case ",$installed," in *",$extra,"*) ;; *) missing="$missing $extra" ;; esac
  done
  if [ -z "$missing" ]; then exit 0; fi
fi
wanted="$(printf '%s\n' ${installed//,/ } ${extras//,/ } | sort -u | paste -sd, -)"
spec="."
if [ -n "$wanted" ]; then spec=".[$wanted]"; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
printf '%s\n%s\n' "$project" "$wanted" > "$stamp"
