#!/usr/bin/env bash
# Test (run by make test): a fresh clone installs and builds its site without changing
# a tracked file. It clones this repository's HEAD commit into a temporary folder, runs
# `make site` there as a new user of the project would, and fails if `git status` then
# shows anything (a rewritten package-lock.json, a generated file git does not ignore),
# if DuckDB was installed (only `make bench` needs it), or if the site has no search
# index (Pagefind is a runtime dependency). Go's build cache and npm's cache are reused,
# so it takes about a minute. Commit first: what is not committed is not cloned.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$src" rev-parse HEAD)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/iaptpub-clean-install-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: fresh clone of $rev: $*" >&2
  exit 1
}

git clone --quiet --no-checkout "$src" "$tmp/clone"
git -C "$tmp/clone" checkout --quiet --detach "$rev"
cd "$tmp/clone"
start=$SECONDS
if ! make --no-print-directory site >"$tmp/make.log" 2>&1; then
  cat "$tmp/make.log" >&2
  fail "make site failed (its output is above)"
fi

changes="$(git status --porcelain --untracked-files=all)"
if [[ -n "$changes" ]]; then
  git --no-pager diff --stat >&2 || true
  fail "make site changed the working tree:
$changes"
fi
[[ ! -e node_modules/@duckdb ]] || fail "make site installed DuckDB, which only make bench needs"
[[ -f public/pagefind/pagefind.js ]] || fail "the site has no search index: Pagefind was not installed"
echo "ok: make site on a fresh clone of $rev leaves git status clean ($((SECONDS - start)) s)"
