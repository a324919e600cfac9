#!/bin/sh
# The primes experiments of Fluent Python 2e ch. 19-20, measured in release builds: the
# book's table (sequential, threads, processes with 1, 2 and 4 workers) next to the
# physical limit, the pools, and what a worker process costs next to a thread.
#
#   tools/primes-table.sh            # 5 runs per row
#   tools/primes-table.sh --runs 9
#   chrt -f 50 tools/primes-table.sh   # as root, on a machine busy with other work
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet -p primes --bin primes_table
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(uname -sr)"
echo
exec "${CARGO_TARGET_DIR:-target}/release/primes_table" "$@"
