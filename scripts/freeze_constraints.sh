#!/usr/bin/env bash
# Write constraints.txt: the versions a fresh virtual environment gets from
# `pip install '.[test]'` today (the newest release of every dependency).
# Run the whole suite in that environment before committing the file; CI
# (.ci/run) installs with it, and checks the newest releases separately.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check '.[test]'
python_version=$("$work/venv/bin/python" -c 'import platform; print(platform.python_version())')
{
  echo "# Versions noticeaudit's test suite passed with: pip freeze of a fresh venv after"
  echo "# \`pip install '.[test]'\` ($(date -u +%Y-%m-%d), Python $python_version), written by"
  echo "# scripts/freeze_constraints.sh. CI installs with \`pip install -c constraints.txt '.[test]'\`;"
  echo "# users may too. Unpinned installs get the newest releases (CI checks those as well)."
  "$work/venv/bin/pip" freeze --exclude noticeaudit --exclude pip --exclude setuptools
} > constraints.txt
echo "wrote constraints.txt ($(grep -vc '^#' constraints.txt) packages)"
