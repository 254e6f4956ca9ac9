# syntax=docker/dockerfile:1
# iaptpub in a container, with Chromium to print the leaflets and Pagefind for search:
# for a server that builds the site every month from a scheduler (README: "Publishing
# every month").
#
#   docker build -t iaptpub --build-arg VERSION="$(git describe --tags --always)" .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/monthly:/data:ro" -v "$PWD/site:/site" \
#     iaptpub build --input /data/export --config /data/service.toml --out /site/public

# The binary, built as make build does: the front end from npm at the versions of
# package-lock.json, embedded in a binary compiled without cgo.
FROM golang:1.26-trixie AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ARG VERSION=devel
ENV CGO_ENABLED=0
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/go/pkg/mod \
    make vendor \
 && mkdir -p /out \
 && go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/iaptpub ./cmd/iaptpub \
 && cp node_modules/@pagefind/linux-*/bin/pagefind_extended /out/pagefind

# What a build needs at run time: Chromium and fonts for the PDFs, Pagefind (a single
# static binary, found on PATH), and a user that is not root.
FROM debian:trixie-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      chromium fonts-liberation fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/iaptpub /out/pagefind /usr/local/bin/
RUN useradd --uid 10001 iaptpub \
 && mkdir -p /data /site \
 && chown iaptpub: /site
# Chromium keeps its profile below HOME: a writable one whichever --user runs the image.
ENV HOME=/tmp
USER iaptpub
WORKDIR /site
# /data: the export and the service's configuration (read only); /site: where the
# site is written. Write it to a folder below /site (--out /site/public): a build
# replaces its output folder whole, beside it.
VOLUME ["/data", "/site"]
ENTRYPOINT ["iaptpub"]
CMD ["--help"]
