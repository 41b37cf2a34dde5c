# runbook — build, run, test, benchmark, install.
SWIFT      ?= swift
PREFIX     ?= /usr/local
CONFIG     ?= debug
BIN         = $(shell $(SWIFT) build -c $(CONFIG) --show-bin-path 2>/dev/null)/runbook
RUN_HOME   ?=

.PHONY: all build release run test bench install clean

all: build

build:
	$(SWIFT) build -c $(CONFIG) --product runbook

release:
	$(SWIFT) build -c release --product runbook

# Builds, then opens the command post. With no incident yet it offers to start one.
run: build
	$(BIN) $(if $(RUN_HOME),--home $(RUN_HOME),) open

# Every test: unit tests and the end-to-end tests that drive the real binary under tmux.
test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The figures the issues ask for, measured in release builds.
bench:
	$(SWIFT) build -c release
	python3 Benchmarks/bench.py "$$($(SWIFT) build -c release --show-bin-path)"

install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/runbook/playbooks"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/runbook" "$(DESTDIR)$(PREFIX)/bin/runbook"
	install -m 0644 Playbooks/*.yaml "$(DESTDIR)$(PREFIX)/share/runbook/playbooks/"

clean:
	rm -rf .build
