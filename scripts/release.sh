#!/usr/bin/env bash
# make release: iaptpub for every desktop, in dist/. For each target it cross-compiles
# the binary (CGO off, so no C toolchain of the target is needed; front end embedded;
# -trimpath, so no path of this machine is inside) and packs it with the README, the
# demonstration configuration and the licences of everything compiled into it: a .zip
# for Windows, a .tar.gz elsewhere. dist/SHA256SUMS lists every archive's checksum.
#
# The version is `git describe` (VERSION overrides it) and is what `iaptpub --version`
# prints. File times in the archives are the commit's, so the same commit packs the
# same archives.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(linux/amd64 linux/arm64 darwin/arm64 darwin/amd64 windows/amd64)
version="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo devel)}"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
# DIST names the folder (a test points it elsewhere). It is replaced only when this
# script made it: it then carries the marker .iaptpub-release.
dist="${DIST:-dist}"
stage="$dist/.stage"
marker="$dist/.iaptpub-release"

# Refuse, before any work, a dist that is not this script's: a file, or a folder with
# something in it and no marker. Nothing in it is touched.
if [[ -e "$dist" || -L "$dist" ]]; then
  if [[ ! -d "$dist" || -L "$dist" ]]; then
    echo "release: $dist is not a folder this script made; move it away, or set DIST to another folder" >&2
    exit 2
  fi
  if [[ ! -f "$marker" && -n "$(ls -A "$dist")" ]]; then
    n=$(ls -A "$dist" | wc -l) noun=entries
    [[ $n -eq 1 ]] && noun=entry
    echo "release: $dist holds $n $noun this script did not make ($(ls -A "$dist" | head -3 | paste -sd, - | sed 's/,/, /g')); move them away, or set DIST to another folder" >&2
    exit 2
  fi
fi

command -v zip >/dev/null || { echo "release: zip is needed for the Windows archive (Debian: apt-get install zip)" >&2; exit 1; }
[[ -f assets/vendor/.stamp ]] || { echo "release: the front end is not installed: run make vendor first" >&2; exit 1; }

# notices GOOS GOARCH: the licence of every Go module compiled into the binary for that
# target, and of the front-end packages it embeds and serves from every site it builds.
notices() {
  echo "iaptpub $version embeds the software below. Each is used under its licence, given in full."
  echo
  echo "## Front-end packages (from npm, at the versions of package-lock.json), served by every site iaptpub builds"
  local pkg files
  for pkg in nhsuk-frontend echarts zrender tslib pagefind; do
    # ECharts' file bundles ZRender and tslib; the NHS.UK frontend states its licence
    # in its README. Pagefind's program ships beside iaptpub in the archive.
    files=$(find "node_modules/$pkg" -maxdepth 2 \( -iname '*LICEN[CS]E*' -o -iname 'NOTICE*' \) -type f | sort)
    printf '\n### %s %s (%s)\n\n' "$pkg" \
      "$(node -p "require('./node_modules/$pkg/package.json').version")" \
      "$(node -p "require('./node_modules/$pkg/package.json').license")"
    if [[ -n "$files" ]]; then
      # shellcheck disable=SC2086
      cat $files
    else
      awk '/^## Licence/ { on = 1; print; next } /^## / { on = 0 } on' "node_modules/$pkg/README.md"
    fi
  done
  echo
  echo "## Go modules compiled into the binary"
  local mod dir
  GOOS="$1" GOARCH="$2" go list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}} {{.Dir}}{{end}}{{end}}' ./cmd/iaptpub |
    sort -u | while read -r mod dir; do
      printf '\n### %s\n\n' "$mod"
      files=$(find "$dir" -maxdepth 1 \( -iname '*LICEN[CS]E*' -o -iname 'COPYING*' -o -iname 'NOTICE*' \) -type f | sort)
      if [[ -n "$files" ]]; then
        # shellcheck disable=SC2086
        cat $files
      else
        echo "(no licence file in the module; see its repository)"
      fi
    done
}

# pagefind GOOS GOARCH DIR: Pagefind's program for that target, from the npm package of
# that platform at the version of package-lock.json (fetched once into .cache), copied
# into DIR beside iaptpub, which looks for it there: a release's site has search with
# no Node.js on the analyst's desktop.
pagefind_version=$(node -p "require('./node_modules/pagefind/package.json').version")
pagefind() {
  local platform exe="pagefind" cache=".cache/pagefind/$pagefind_version"
  case "$1/$2" in
    linux/amd64) platform=linux-x64 ;; linux/arm64) platform=linux-arm64 ;;
    darwin/amd64) platform=darwin-x64 ;; darwin/arm64) platform=darwin-arm64 ;;
    windows/amd64) platform=windows-x64 exe=pagefind.exe ;;
    *) echo "release: no Pagefind package for $1/$2" >&2; return 1 ;;
  esac
  if [[ ! -d "$cache/$platform" ]]; then
    mkdir -p "$cache/$platform"
    local tarball
    tarball=$(npm pack --silent --pack-destination "$cache" "@pagefind/$platform@$pagefind_version")
    tar -xzf "$cache/$tarball" -C "$cache/$platform" --strip-components=1
  fi
  local bin
  bin=$(find "$cache/$platform/bin" -maxdepth 1 -type f -name 'pagefind_extended*' ! -name '*.sha256' | head -1)
  [[ -n "$bin" ]] || { echo "release: @pagefind/$platform has no program in bin/" >&2; return 1; }
  install -m 0755 "$bin" "$3/$exe"
}

rm -rf "$dist"
mkdir -p "$stage"
touch "$marker"
for target in "${targets[@]}"; do
  goos="${target%/*}" goarch="${target#*/}"
  name="iaptpub-$version-$goos-$goarch"
  dir="$stage/$name"
  exe=iaptpub
  [[ "$goos" == windows ]] && exe=iaptpub.exe
  echo "== $name"
  mkdir -p "$dir/config"
  GOOS="$goos" GOARCH="$goarch" CGO_ENABLED=0 \
    go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$dir/$exe" ./cmd/iaptpub
  pagefind "$goos" "$goarch" "$dir"
  cp README.md "$dir/"
  cp config/demo.toml "$dir/config/"
  notices "$goos" "$goarch" >"$dir/THIRD-PARTY-NOTICES.md"
  find "$dir" -exec touch -h -d "@$epoch" {} +
  if [[ "$goos" == windows ]]; then
    (cd "$stage" && find "$name" | LC_ALL=C sort | zip -q -X -@ "../$name.zip")
  else
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -cf - "$name" |
      gzip -n -9 >"$dist/$name.tar.gz"
  fi
done
rm -rf "$stage"
(cd "$dist" && sha256sum -- iaptpub-* >SHA256SUMS)
echo "== $dist/"
ls -l "$dist"
