# The two set-up commands: `make serve` serves the page, `make test` runs every test.
# Both install whatever is missing first (scripts/setup.sh).
.PHONY: serve test build

serve:
	scripts/serve.sh

test:
	scripts/test.sh

build:
	eval "$$(scripts/setup.sh)" && trunk build --release

# The static site: `make site` builds dist/ (works from any host and sub-path),
# `make preview` serves it at http://127.0.0.1:8081/khcidr/.
.PHONY: site preview
site: build

preview: site
	node scripts/preview.mjs

# Speed and size: writes target/bench/summary.json.
.PHONY: bench
bench:
	scripts/bench.sh

# Robustness: a million random plans through `check` and a million random fragments
# through the link decoder, in release mode (KHCIDR_CASES sets the count).
.PHONY: fuzz
fuzz:
	KHCIDR_CASES=$${KHCIDR_CASES:-1000000} cargo test --release -p khcidr-core --test properties --test share_and_export -- never_panics

# Tests that fail when the code is wrong: cargo-mutants on the core and the reader
# (MUTANTS_SHARD=k/n for one part, MUTANTS_BASE=<commit> for a change).
.PHONY: mutants
mutants:
	scripts/mutants.sh

# Behaviour kept: every output of the CLI over the module and kube.tf fixtures, compared
# byte for byte between BASE (default: the last commit) and the work tree.
.PHONY: same-output
same-output:
	scripts/same-output.sh $(BASE)
