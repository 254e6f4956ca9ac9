# The two commands of the README: `make site` and `make test`. Everything else here is
# what they stand on. Builds use CGO_ENABLED=0 (no C toolchain needed; Hugo's standard
# edition is all the site uses).
export CGO_ENABLED := 0
GO ?= go
VENDOR := assets/vendor

.PHONY: site test test-short vendor build browser-deps fuzz bench release clean

## site: install the front-end packages and build the demonstration site into public/
site: build
	./iaptpub build --out public

## build: the iaptpub binary, with the front-end packages embedded
build: vendor
	$(GO) build -o iaptpub ./cmd/iaptpub

## test: install what the tests need, then run them all with a private $TMPDIR that
## must be empty afterwards, and check that a fresh clone builds its site without
## changing a tracked file
test: vendor browser-deps
	$(GO) vet ./...
	scripts/test-leaves-no-temp.sh $(GO) test -count=1 -timeout 40m ./...
	scripts/test-clean-install.sh

## test-short: the quick run while writing code (under a minute): every test but those
## that build sites with Hugo, start Chromium, compile or interrupt the program
test-short: vendor
	$(GO) vet ./...
	scripts/test-leaves-no-temp.sh $(GO) test -short -count=1 ./...

## vendor: npm packages (pinned in package-lock.json), copied where the binary embeds them
vendor: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	# npm ci installs exactly the lock and never rewrites it, so a fresh clone stays
	# clean. The lock lists Pagefind's binaries for every platform; npm installs this
	# machine's. To change a version: edit package.json, then `npm install
	# --package-lock-only` and commit both files.
	npm ci --no-audit --no-fund
	mkdir -p $(VENDOR)/images
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css \
	   node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js \
	   node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	cp node_modules/nhsuk-frontend/dist/nhsuk/assets/images/* $(VENDOR)/images/
	touch $@

## browser-deps: Chromium and poppler (pdfinfo) from Debian, when missing
browser-deps:
	@command -v chromium >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || { \
	  echo "installing Chromium and poppler-utils with apt"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }

## fuzz: run every fuzz target briefly (FUZZTIME inputs each); a crash is saved to testdata/fuzz
# Counts, not durations: with a duration, Go 1.26's fuzzing coordinator can end a run
# that found nothing with "context deadline exceeded" (a race at the deadline, fixed in
# Go 1.27: go.dev/issue/75804), which would fail CI at random.
FUZZTIME ?= 20000x
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzzing $$pkg $$target for $(FUZZTIME)"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 200x $$pkg || exit 1; \
	  done; \
	done

## bench: time measures and build on 2,000,000 synthetic referrals (generated once into
## .cache/bench), and the same core aggregates in DuckDB; prints times, memory and ratio
bench: build
	scripts/bench/run.sh

## release: iaptpub for Linux, macOS and Windows, front end embedded, packed with its
## README and licences into dist/ beside SHA256SUMS (needs zip)
release: vendor
	scripts/release.sh

## clean: remove what the Makefile made (public/ and dist/ only when iaptpub made them)
clean:
	scripts/clean.sh
