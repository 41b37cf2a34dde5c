# runbook — build, run, test, benchmark, install, and the release tarball.
SWIFT      ?= swift
PREFIX     ?= /usr/local
CONFIG     ?= debug
BIN         = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path 2>/dev/null)/runbook
RUN_HOME   ?=

# The release tarball: one runbook with the Swift runtime linked in, built in a tree of its own
# so it never disturbs the debug and dynamic release builds. `make test` packs its tarball from
# the tests' own debug build, linked with the Swift runtime inside (see test-build).
VERSION    := $(shell sed -n 's/^ *static let version = "\(.*\)"$$/\1/p' Sources/runbook/Runbook.swift)
ARCH       := $(shell uname -m)
DISTNAME    = runbook-$(VERSION)-linux-$(ARCH)
DIST       ?= dist
STATIC_CONFIG ?= release
STATIC_SCRATCH = .build-static
STATIC_BIN  = $(STATIC_SCRATCH)/$(STATIC_CONFIG)/runbook
# How hard the tarball is compressed: the release's is packed at 9; the tests' at 1 (seven times
# faster, and what they check, the contents and that two packs agree, is the same).
GZIP_LEVEL ?= 9
# How many test processes run at once (Tests/run-tests.py).
TEST_JOBS  ?= 4
# Generated man page and completions, staged for dist and install.
DOCS        = .build-docs
# One date for everything a release stamps (man page, file times): the commit's, so two builds of
# one commit agree; without git, the version's source file's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || stat -c %Y Sources/runbook/Runbook.swift)

.PHONY: all build release static run test test-full test-build test-pack bench install dist dist-pack docs clean

all: build

build:
	$(SWIFT) build -c $(CONFIG) --product runbook

release:
	$(SWIFT) build -c release --product runbook

# The release binary with the Swift runtime inside it: it needs only libc and ncursesw.
static:
	$(SWIFT) build -c $(STATIC_CONFIG) --static-swift-stdlib --scratch-path $(STATIC_SCRATCH) --product runbook

# Builds, then opens the command post. With no incident yet it offers to start one.
run: build
	$(BIN) $(if $(RUN_HOME),--home $(RUN_HOME),) open

# Every test: unit tests, the end-to-end tests that drive the real binary under tmux, and the
# release tarball's tests (packed twice, checked from outside the source tree). `make test` runs
# the long loops (fuzzing, kill -9, key storms, random histories) in their quick tier;
# `make test-full` runs the same tests with their full iterations. The tests start as soon as
# the build is done; the tarball is packed beside them, and its tests start once it is.
test: test-build
	$(TEST_ENV) python3 Tests/run-tests.py $(TEST_ARGS)

test-full: test-build
	$(TEST_ENV) RUNBOOK_TEST_TIER=full python3 Tests/run-tests.py $(TEST_ARGS)

TEST_ENV = RUNBOOK_BIN="$(CURDIR)/$(TEST_STATIC_BIN)" \
	RUNBOOK_DIST="$(CURDIR)/.build-dist/1/$(DISTNAME).tar.gz" RUNBOOK_DIST_AGAIN="$(CURDIR)/.build-dist/2/$(DISTNAME).tar.gz"
TEST_ARGS = "$$($(SWIFT) build --show-bin-path)/runbookPackageTests.xctest" --jobs $(TEST_JOBS) \
	--meanwhile "$(MAKE) --no-print-directory test-pack" --after-it EndToEnd.ReleaseTarballTests --after-it EndToEnd.ReleaseTarballTwiceTests

# What the tests need, compiled once: the debug build with its tests, then its runbook linked a
# second time with the Swift runtime inside (seconds: the same objects, no second compile). The
# end-to-end tests run that binary (RUNBOOK_BIN), the one the tarball ships, and the man page,
# completions and the tarball, packed twice for the tests to compare, are made from it while the
# other tests run (test-pack). The libraries named are what the static Foundation modules would
# have asked the linker for had the objects been compiled against them; if a toolchain changes
# that list, this link fails loudly, and a tarball test checks with ldd that no Swift library is
# loaded. `make dist` builds the release tarball the full way, compiled against the static modules.
STATIC_LINK_LIBS = CoreFoundation _FoundationCShims _FoundationCollections _FoundationICU swiftSynchronization stdc++
TEST_STATIC_BIN  = .build-dist/runbook

test-build:
	$(SWIFT) build --build-tests
	$(SWIFT) build --product runbook --static-swift-stdlib $(foreach l,$(STATIC_LINK_LIBS),-Xlinker -l$(l))
	rm -rf .build-dist
	mkdir -p .build-dist
	cp "$$($(SWIFT) build --show-bin-path)/runbook" $(TEST_STATIC_BIN)

test-pack:
	$(MAKE) docs
	$(MAKE) -j2 test-pack-1 test-pack-2

test-pack-%:
	$(MAKE) dist-pack STATIC_BIN=$(TEST_STATIC_BIN) DIST=.build-dist/$* GZIP_LEVEL=1

# The figures the issues ask for, measured in release builds (and the tarball's static one),
# after the full tier of the tests: what a release is checked with.
bench: test-full static
	$(SWIFT) build -c release
	python3 Benchmarks/bench.py "$$($(SWIFT) build -c release --show-bin-path)" "$(CURDIR)/$(STATIC_BIN)"

# The man page, written by runbook itself from its commands' descriptions and the command post's
# key tables (`runbook generate-manual`, hidden), dated by the commit; and the shell completions,
# by runbook itself. Both from the debug build ($(BIN): build it first, `make build`, as `make
# test` has); they are the same for every build.
docs:
	rm -rf $(DOCS)
	mkdir -p $(DOCS)
	$(BIN) generate-manual --date "$$(date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%d)" > $(DOCS)/runbook.1
	$(BIN) --generate-completion-script bash > $(DOCS)/runbook.bash
	$(BIN) --generate-completion-script zsh > $(DOCS)/_runbook
	$(BIN) --generate-completion-script fish > $(DOCS)/runbook.fish

install: release docs
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/runbook/playbooks" "$(DESTDIR)$(PREFIX)/share/man/man1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/runbook" "$(DESTDIR)$(PREFIX)/bin/runbook"
	install -m 0644 Playbooks/*.yaml "$(DESTDIR)$(PREFIX)/share/runbook/playbooks/"
	install -m 0644 $(DOCS)/runbook.1 "$(DESTDIR)$(PREFIX)/share/man/man1/runbook.1"
	install -m 0644 $(DOCS)/runbook.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/runbook"
	install -m 0644 $(DOCS)/_runbook "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_runbook"
	install -m 0644 $(DOCS)/runbook.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/runbook.fish"

# dist/runbook-VERSION-linux-ARCH.tar.gz, and dist/SHA256SUMS to check it after copying. Inside:
# runbook, README.md, playbooks/, man/runbook.1, completions/, and SHA256SUMS for every file.
# File order, owners and times are fixed, so one commit gives the same tarball twice.
dist: static docs
	$(MAKE) dist-pack

# Packs what `static` and `docs` made (dist's work once they are built).
dist-pack:
	rm -rf "$(DIST)/$(DISTNAME)" "$(DIST)/$(DISTNAME).tar.gz"
	mkdir -p "$(DIST)/$(DISTNAME)/playbooks" "$(DIST)/$(DISTNAME)/man" "$(DIST)/$(DISTNAME)/completions"
	install -m 0755 $(STATIC_BIN) "$(DIST)/$(DISTNAME)/runbook"
	install -m 0644 README.md "$(DIST)/$(DISTNAME)/README.md"
	install -m 0644 Playbooks/*.yaml "$(DIST)/$(DISTNAME)/playbooks/"
	install -m 0644 $(DOCS)/runbook.1 "$(DIST)/$(DISTNAME)/man/runbook.1"
	install -m 0644 $(DOCS)/runbook.bash $(DOCS)/_runbook $(DOCS)/runbook.fish "$(DIST)/$(DISTNAME)/completions/"
	cd "$(DIST)/$(DISTNAME)" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | sed 's|^\./||' | xargs sha256sum > SHA256SUMS
	tar --sort=name --mtime=@$(SOURCE_DATE_EPOCH) --owner=0 --group=0 --numeric-owner --mode='u+rwX,go+rX,go-w' \
		-C "$(DIST)" -cf - "$(DISTNAME)" | gzip -$(GZIP_LEVEL)n > "$(DIST)/$(DISTNAME).tar.gz"
	cd "$(DIST)" && sha256sum "$(DISTNAME).tar.gz" > SHA256SUMS
	rm -rf "$(DIST)/$(DISTNAME)"
	@echo "$(DIST)/$(DISTNAME).tar.gz"

clean:
	rm -rf .build .build-static .build-static-debug $(DOCS) .build-dist dist
