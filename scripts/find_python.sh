#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs Python < 3.11), or explains how to get one.
set -u
candidates=(python3.10 python3 python)
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for p in "$root"/versions/3.10*/bin/python3.10; do candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  candidates+=("$p")
done
for c in "${candidates[@]}"; do
  if "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
done
cat >&2 <<'MSG'
error: no Python 3.10 found (Rasa 3.6 needs Python 3.10; 3.11+ will not work).
Get one, then run make again:
  - with pyenv:   pyenv install 3.10 && pyenv local 3.10
  - on Debian:    apt-get install python3.10 python3.10-venv   (where the release has it)
  - or set PYTHON=/path/to/python3.10 when calling make.
MSG
exit 1
