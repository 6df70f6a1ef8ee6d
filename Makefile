# Convenience targets; the README's commands are the scripts they call.
.PHONY: build test demo bench bench-config clean

build:
	swift build

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

bench: bench-config

bench-config:
	bash benchmarks/config-test/run.sh

clean:
	rm -rf .build
