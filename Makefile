# Cachebook: the two commands of the README's quick start, and a few helpers.
SWIFT ?= swift
SYSTEM_PACKAGES = pc:libcmark:libcmark-dev pc:sqlite3:libsqlite3-dev

.PHONY: run test build release lint system-packages clean

## run: install what is missing, build the release binary and show the course outline
run: release
	@.build/release/cachebook

## test: install what is missing, run the unit and end-to-end tests, then test the course itself
## (lint, every runnable block against its expected output, every exercise)
test: system-packages
	$(SWIFT) test
	"$$($(SWIFT) build --show-bin-path)/cachebook" test

build: system-packages
	$(SWIFT) build

release: system-packages
	$(SWIFT) build -c release --product cachebook

lint: build
	"$$($(SWIFT) build --show-bin-path)/cachebook" lint

system-packages:
	@scripts/require-packages.sh $(SYSTEM_PACKAGES)

clean:
	rm -rf .build site/public
