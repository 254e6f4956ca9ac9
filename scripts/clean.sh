#!/usr/bin/env bash
# make clean: removes what the Makefile makes - the binary, the front-end packages and
# their copies in assets/vendor, the demonstration site in public/ and the release in
# dist/. public/ and dist/ are removed only when iaptpub made them (their markers,
# .iaptpub-site and .iaptpub-release, say so) or they are empty: a folder of that name
# holding anything else is left as it is, with a message saying what is there, and
# the script ends with exit 2.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
# made DIR MARKER: removes DIR when it holds MARKER or nothing; otherwise says why not.
made() {
  local dir="$1" marker="$2"
  if [[ ! -e "$dir" && ! -L "$dir" ]]; then
    return
  fi
  if [[ -d "$dir" && ! -L "$dir" && ( -f "$dir/$marker" || -z "$(ls -A "$dir")" ) ]]; then
    rm -rf "$dir"
    return
  fi
  local what n entries
  if [[ -d "$dir" && ! -L "$dir" ]]; then
    n=$(ls -A "$dir" | wc -l)
    entries="entries"
    [[ $n -eq 1 ]] && entries="entry"
    what="a folder holding $n $entries ($(ls -A "$dir" | head -3 | paste -sd, - | sed 's/,/, /g')) without iaptpub's $marker"
  else
    what="not a folder iaptpub made"
  fi
  echo "make clean: left $dir/ as it is: it is $what. Move it away, or remove it yourself if it is not needed." >&2
  status=2
}

made public .iaptpub-site
made dist .iaptpub-release
rm -rf iaptpub assets/vendor node_modules
exit $status
