# idemu: `make run` serves the default seed on :8080, `make test` runs every test.
# Each target installs the Debian packages it needs when they are missing (as root; otherwise it prints the command).

SWIFT        ?= swift
PORT         ?= 8080
FUZZ_SECONDS ?= 60
BUILD_DEPS   := libuv1-dev libsqlite3-dev libhttp-parser-dev pkg-config
BENCH_DEPS   := wrk nginx-light
PYTHON3      ?= python3
VENV         ?= .venv
INTEGRATION_DIR   := Tests/Integration
INTEGRATION_STAMP := $(VENV)/.integration-requirements.stamp
DOCKER_DEPS       := podman buildah runc debootstrap
## How the image's binary is built, here and in docker/Dockerfile: Swift runtime linked in, symbol table dropped.
DOCKER_BUILD_FLAGS := -c release --static-swift-stdlib --product idemu -Xlinker -s
## The debootstrap base image docker-test builds on; created when missing, then kept as a cache.
DOCKER_BASE_IMAGE ?= localhost/idemu-base:bookworm

.PHONY: run build test integration bench soak fuzz deps bench-deps clean format lint
SOAK_MINUTES ?= 10

## Installs Debian packages named in $(1) that are not installed yet.
define ensure_packages
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing packages:$$missing. Install them with:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call ensure_packages,$(BUILD_DEPS))
	@command -v $(SWIFT) >/dev/null || { echo "A Swift 6 toolchain is needed: https://www.swift.org/install/linux/ (put swift on PATH)"; exit 1; }

build: deps
	$(SWIFT) build -c release --product idemu

## Serves the built-in default seed on http://127.0.0.1:$(PORT) until Ctrl-C.
run: build
	"$$($(SWIFT) build -c release --show-bin-path)/idemu" serve --port $(PORT)

## Unit, socket-level and end-to-end tests.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing
	$(MAKE) integration

## Python integration tests (Tests/Integration) against the debug binary, in a virtualenv at $(VENV).
integration: deps $(INTEGRATION_STAMP)
	$(SWIFT) build --product idemu
	IDEMU_BINARY="$$($(SWIFT) build --show-bin-path)/idemu" $(VENV)/bin/python -m pytest $(INTEGRATION_DIR) -q

$(VENV)/bin/python:
	$(call ensure_packages,python3-venv)
	$(PYTHON3) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

## Reinstalls only when the pinned requirements change.
$(INTEGRATION_STAMP): $(INTEGRATION_DIR)/requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --disable-pip-version-check -q -r $(INTEGRATION_DIR)/requirements.txt
	touch $@

## Builds the runtime image of docker/Dockerfile around a host-built binary (buildah on a debootstrap base), runs it
## with podman and checks health, tokens, a volume across restarts, non-root, size and start time (Tests/Docker).
.PHONY: docker-test
docker-test: deps $(INTEGRATION_STAMP)
	$(call ensure_packages,$(DOCKER_DEPS))
	$(SWIFT) build $(DOCKER_BUILD_FLAGS)
	IDEMU_BINARY="$$($(SWIFT) build $(DOCKER_BUILD_FLAGS) --show-bin-path)/idemu" PYTHON=$(VENV)/bin/python \
	  BASE_IMAGE=$(DOCKER_BASE_IMAGE) bash Tests/Docker/run.sh

## Formats Sources, Tests and Package.swift in place with the toolchain's swift-format (.swift-format).
format:
	$(SWIFT) format format --in-place --parallel --recursive Sources Tests Package.swift

## Fails on any formatting difference or lint finding (CI runs it).
lint:
	$(SWIFT) format lint --strict --parallel --recursive Sources Tests Package.swift

bench-deps: deps
	$(call ensure_packages,$(BENCH_DEPS))

## Release build, then wrk against idemu and nginx side by side; prints req/s, p50/p99 and RSS.
bench: bench-deps build
	python3 bench/run.py --binary "$$($(SWIFT) build -c release --show-bin-path)/idemu"

## Each token workload (SecureAuth JWT, Asgardeo opaque, Authlete token API) for $(SOAK_MINUTES) minutes: RSS every
## 30 s, tokens issued, req/s per minute, then the reset time and the RSS after it.
soak: bench-deps build
	python3 bench/run.py --binary "$$($(SWIFT) build -c release --show-bin-path)/idemu" --soak $(SOAK_MINUTES)

## libFuzzer (shipped with the Swift toolchain) on the request parser + router and on the JSON parser,
## $(FUZZ_SECONDS) s each.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

clean:
	rm -rf .build bench/out fuzz/out
