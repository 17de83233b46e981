# The two set-up commands: `make serve` serves the page, `make test` runs every test.
# Both install whatever is missing first (scripts/setup.sh).
.PHONY: serve test build

serve:
	scripts/serve.sh

test:
	scripts/test.sh

build:
	eval "$$(scripts/setup.sh)" && trunk build --release
