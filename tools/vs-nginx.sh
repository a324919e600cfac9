#!/usr/bin/env bash
# Requests per second: flags-server against nginx, same bytes, same machine, loopback only.
#
#   apt-get install nginx-light wrk     # once (Debian/Ubuntu)
#   tools/vs-nginx.sh [SECONDS] [CONNECTIONS]
#
# Both servers serve the embedded data set (exported once to a temporary folder for nginx),
# nginx with sendfile and no access log, flags-server with -q. wrk asks each for the 194
# flags in turn over keep-alive connections; each server is measured three times, in
# alternation, and every run is printed. On a 2-core machine wrk shares the cores with the
# server under test, for both servers alike.
set -euo pipefail
seconds=${1:-8}
connections=${2:-64}
for tool in nginx wrk; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found: apt-get install nginx-light wrk" >&2; exit 2; }
done
cd "$(dirname "$0")/.."
cargo build --release -q -p flags-server
work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
target/release/flags-server --export "$work/data" >/dev/null

cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types { image/gif gif; application/json json; }
    server { listen 127.0.0.1:18180; root $work/data; }
}
CONF
nginx -c "$work/nginx.conf"
target/release/flags-server -q --single --port 18181 >/dev/null &
server_pid=$!

# Every request asks for the next of the 194 flags.
codes=$(ls "$work/data/flags")
{
  echo 'local paths = {'
  for cc in $codes; do echo "  \"/flags/$cc/$cc.gif\","; done
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
} > "$work/rotate.lua"
sleep 0.5

echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
echo "wrk -t2 -c$connections -d${seconds}s, the 194 flags in turn"
for run in 1 2 3; do
  for pair in "nginx 18180" "flags-server 18181"; do
    set -- $pair
    rps=$(wrk -t2 -c"$connections" -d"${seconds}s" -s "$work/rotate.lua" "http://127.0.0.1:$2" | awk '/Requests\/sec/ {print $2}')
    printf '%-13s run %d: %10s requests/s\n' "$1" "$run" "$rps"
  done
done
