#!/usr/bin/env bash
# Same site, byte for byte: builds the demonstration site (without PDFs) with the code of
# a git revision (default: where this branch left main) and with the working tree, and compares the two sites and
# what the builds printed. A refactoring that should change nothing a reader sees must
# pass it:
#
#   scripts/same-site.sh [REVISION]
#
# Needs `make vendor` done in the working tree: its front-end packages are used for both.
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-$(git merge-base main HEAD)}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/src"
git archive "$rev" | tar -x -C "$work/src"
cp -r assets/vendor "$work/src/assets/"
ln -s "$PWD/node_modules" "$work/src/node_modules"
(cd "$work/src" && CGO_ENABLED=0 go build -o "$work/before" ./cmd/iaptpub)
CGO_ENABLED=0 go build -o "$work/after" ./cmd/iaptpub

# Both run from the working tree, so that they find the same Pagefind.
"$work/before" build --no-pdf --out "$work/site" 2>"$work/before.log" >&2
mv "$work/site" "$work/site-before"
"$work/after" build --no-pdf --out "$work/site" 2>"$work/after.log" >&2
mv "$work/site" "$work/site-after"
status=0
diff -r "$work/site-before" "$work/site-after" || status=1
diff "$work/before.log" "$work/after.log" || status=1
if [[ $status == 0 ]]; then
  echo "same site: $rev and the working tree build the same demonstration site, byte for byte"
else
  echo "same-site: $rev and the working tree differ (above)" >&2
fi
exit $status
