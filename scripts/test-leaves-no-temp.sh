#!/usr/bin/env bash
# Test (make test runs the whole suite through it): run a command with TMPDIR set to a
# fresh, empty folder, and fail if the command leaves anything there. Every test must
# make its files in t.TempDir() or remove them (Chromium's profiles, Hugo's work
# folders, the demonstration export): a suite that leaves a few megabytes in $TMPDIR on
# every run fills an analyst's disk in a month. What is left is listed, then removed.
#   scripts/test-leaves-no-temp.sh go test -count=1 ./...
set -euo pipefail
if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGUMENT...]" >&2
  exit 2
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/test-tmpdir-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

status=0
TMPDIR="$tmp" "$@" || status=$?
left="$(cd "$tmp" && find . -mindepth 1 -maxdepth 2 | sort)"
if [[ -n "$left" ]]; then
  echo "FAIL: $* left in \$TMPDIR (each test must use t.TempDir() or remove what it makes):" >&2
  echo "$left" >&2
  exit 1
fi
if [[ $status -ne 0 ]]; then
  exit "$status"
fi
echo "ok: $* left \$TMPDIR empty"
