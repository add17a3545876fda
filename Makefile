# Liaison developer commands. `make run` and `make test` are the two README commands.
.PHONY: run test check build migrate demo browser-test format lint

run:
	scripts/run.sh

test:
	scripts/test.sh

# Quick inner loop: SQLite only, no browser. Never a substitute for `make test`.
check:
	swift build --build-tests
	swift test --skip-build --disable-xctest

build:
	swift build -c release --product liaison

migrate:
	swift run liaison migrate

demo:
	swift run liaison demo

browser-test:
	swift build --product liaison
	LIAISON_BIN="$$(swift build --show-bin-path)/liaison" scripts/with-oidc-provider.sh scripts/browser-test.sh

format:
	swift format --in-place --recursive --parallel Package.swift Sources Tests

lint:
	swift format lint --strict --recursive --parallel Package.swift Sources Tests
