#!/usr/bin/env bash
# Write constraints.txt from the packages installed in .venv (what was tested).
# The pins carry a marker for the Python version they were tested on; other
# Python versions install the newest versions that pyproject.toml allows.
set -euo pipefail
py=$(.venv/bin/python -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
{
  echo "# Versions tested together on Python $py (Linux x86_64). Regenerate: make constraints"
  .venv/bin/pip freeze --exclude-editable | grep -v '^-e ' | grep -v '^rnnlib' \
    | sed "s/\$/ ; python_version == \"$py\"/"
} > constraints.txt
echo "wrote constraints.txt ($(grep -c '==' constraints.txt) pins for Python $py)"
