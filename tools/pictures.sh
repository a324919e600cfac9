#!/usr/bin/env bash
# The pictures of the measurements (README "Results", site/src/measurements.md), drawn
# again from real runs on this machine: release builds, the flag server in-process, loopback.
#
#   tools/pictures.sh            # the race's timelines; the bench charts from the results
#                                # `cargo bench` saved last, if there are any
#   tools/pictures.sh --bench    # first `cargo bench -p benches` (about 3 minutes), then all
#
# It writes site/src/img/race-{sequential,threads,tokio,error}.svg (flags-race --svg) and
# site/src/img/bench-{pop20,scale,primes}.svg (bench_charts, from target/criterion). Under
# each picture: the machine, the date, the command that drew it and the load average.
set -euo pipefail
bench=no
for arg in "$@"; do
  case "$arg" in
    --bench) bench=yes ;;
    -h|--help) sed -n '2,11p' "$0" | cut -c3-; exit 0 ;;
    *) echo "error: unexpected argument '$arg' (tools/pictures.sh [--bench])" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
criterion=$target/criterion
out=site/src/img
mkdir -p "$out"
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

cargo build --release --quiet -p flags-race -p benches --bins

# race NAME ARGS...: one race, its timelines drawn to $out/race-NAME.svg; prints its table.
race() {
  local name=$1
  shift
  local svg=$out/race-$name.svg
  echo "== $svg: flags-race $*"
  "$target/release/flags-race" "$@" --svg "$svg" \
    --caption "Drawn by tools/pictures.sh; load average before the run: $(load) (1, 5, 15 min)." |
    awk '/^strategy /{table=1} table && /^$/{done=1} !done {print}' # reads all: a closed pipe stops the race
  echo
}
# One connection, one request after another: a staircase, one row per request.
race sequential --strategies sequential --svg-rows request
# 194 flags on a pool of 20 threads: 20 bands of back-to-back requests.
race threads -a -m 20 --strategies threads
# 194 flags, all in flight at once on one thread: the wall.
race tokio -a --strategies tokio
# The book's ERROR server: every answer after 0.5 s, a quarter of them 418.
race error --delay 0.5s --error-rate 0.25 --seed 7 --strategies sequential,threads,tokio --svg-rows request

note=$criterion/pictures-bench.txt
if [ "$bench" = yes ]; then
  cargo bench --quiet -p benches --no-run # build first: the time below is the benches' own
  before=$(load)
  started=$(date -u '+%Y-%m-%d %H:%M UTC')
  start=$(date +%s)
  cargo bench -p benches
  seconds=$(($(date +%s) - start))
  mkdir -p "$criterion"
  echo "tools/pictures.sh --bench at $started: cargo bench -p benches took ${seconds} s; load average $before before, $(load) after (1, 5, 15 min)." |
    tee "$note"
elif [ -d "$criterion" ]; then
  echo "Using the bench results saved under $criterion (tools/pictures.sh --bench measures them again)."
fi
if [ -d "$criterion" ]; then
  caption=()
  [ -f "$note" ] && caption=(--caption "$(cat "$note")")
  # Its defaults: $CARGO_TARGET_DIR/criterion (else target/criterion), and site/src/img.
  "$target/release/bench_charts" "${caption[@]}"
else
  echo "No bench results saved under $criterion: the bench charts in $out are left as they are (tools/pictures.sh --bench measures and draws them)."
fi
