#!/bin/sh
# A short, bounded mutation-testing pass (mutmut, configured in pyproject.toml [tool.mutmut])
# over the services where a flipped comparison would let bad input in or put pages out of
# order: services/input/, pages/pagination.py, search/order.py, editing/rules.py.
# Not part of `make test`: `make mutation` runs it (SQLite; a few minutes on 2 CPUs).
# Survivors are listed at the end; bench/RESULTS.md says which remain and why.
set -eu
cd "$(dirname "$0")/.."
rm -rf mutants
env -u TEST_DATABASE_URL .venv/bin/mutmut run --max-children "${MUTATION_JOBS:-2}" || true
.venv/bin/mutmut results
