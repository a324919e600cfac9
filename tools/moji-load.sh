#!/usr/bin/env bash
# Load figures for mojifinder, loopback only:
#  1. web_mojifinder's /search, requests per second with wrk, next to flags-server's
#     metadata.json (a small JSON answer) at the same settings on the same machine;
#  2. tcp_mojifinder holding 1,000 idle clients while one more asks queries, with the
#     server's memory (RSS from /proc).
#
#   apt-get install wrk                       # once (Debian/Ubuntu)
#   tools/moji-load.sh [SECONDS] [CONNECTIONS] [IDLE_CLIENTS]
#
# Release builds. Each HTTP target is measured three times, in alternation, and every run
# is printed. On a 2-core machine wrk shares the cores with the server under test.
set -euo pipefail
seconds=${1:-8}
connections=${2:-100}
idle_clients=${3:-1000}
command -v wrk >/dev/null || { echo "error: wrk not found: apt-get install wrk" >&2; exit 2; }
cd "$(dirname "$0")/.."
cargo build --release -q -p mojifinder --bin web_mojifinder --bin tcp_mojifinder --example idle_clients
cargo build --release -q -p flags-server
target=${CARGO_TARGET_DIR:-target}/release

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The machine may be shared: every server takes port 0 and we read the address it prints.
# Waits (bounded) for `ADDR` (127.0.0.1:PORT) in the log file $1.
address_in() {
  for _ in $(seq 300); do
    addr=$(grep -o -m1 '127\.0\.0\.1:[0-9]*' "$1" || true)
    [ -n "$addr" ] && { echo "$addr"; return 0; }
    sleep 0.1
  done
  echo "error: no address in $1" >&2; exit 1
}

"$target/web_mojifinder" --port 0 >"$work/web.log" & pids+=($!)
"$target/flags-server" -q --single --port 0 >"$work/flags.log" & pids+=($!)
web=$(address_in "$work/web.log")
flags=$(address_in "$work/flags.log")

echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
echo "wrk -t2 -c$connections -d${seconds}s, keep-alive, one URL per target"
for run in 1 2 3; do
  for pair in "web_mojifinder /search?q=cat+face|$web|/search?q=cat+face" \
              "web_mojifinder /search?q=chess|$web|/search?q=chess" \
              "flags-server metadata.json|$flags|/flags/br/metadata.json"; do
    IFS='|' read -r label addr path <<<"$pair"
    rps=$(wrk -t2 -c"$connections" -d"${seconds}s" "http://$addr$path" | awk '/Requests\/sec/ {print $2}')
    printf '%-36s run %d: %10s requests/s\n' "$label" "$run" "$rps"
  done
done

# Each idle client holds a descriptor in the server and one in the client process.
ulimit -n $((idle_clients * 2 + 256))
"$target/tcp_mojifinder" --port 0 >"$work/tcp.log" & tcp_pid=$!; pids+=("$tcp_pid")
tcp=$(address_in "$work/tcp.log")
echo "tcp_mojifinder: $idle_clients idle clients, then 200 queries from one more"
"$target/examples/idle_clients" --port "${tcp##*:}" --pid "$tcp_pid" --clients "$idle_clients"
