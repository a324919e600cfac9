#!/usr/bin/env bash
# The book's Python scripts and their Rust twins, side by side: same local flag server,
# same arguments; both outputs and both wall times, pair by pair.
#
#   tools/vs-book.sh PATH_TO_BOOK_CHECKOUT [FLAGS2_ARGS...]
#
# PATH_TO_BOOK_CHECKOUT holds the book's code: either a checkout of
# fluentpython/example-code-2e (20-executors/getflags, 19-concurrency), of
# fluentpython/example-code (17-futures, 17-futures-py3.7), or a folder with both as
# 2e/ and 1e/. FLAGS2_ARGS go to every flags2/flags3 pair [default: -a, all 194 flags].
#
# Environment:
#   VS_BOOK_PROFILE  cargo profile of the Rust binaries [default: release]; `dev` reuses a
#                    debug build (slower Rust figures, no release build to wait for)
#   VS_BOOK_PORT     first of the three ports of the local flag server [default: 18000]:
#                    LOCAL, DELAY and ERROR are PORT, PORT+1 and PORT+2
#   VS_BOOK_SERVER   LOCAL, DELAY or ERROR: the server every pair hits [default: LOCAL]
#
# Needs python3; for the 2nd edition's downloaders `pip install httpx tqdm`, for the 1st
# edition's `pip install requests tqdm` (aiohttp for its asyncio scripts). A pair that
# cannot run is skipped, saying why.
#
# Loopback only. The scripts are run from a temporary copy in which every flag server URL
# (the book's remote ones and its localhost ports) is rewritten to this local server; a
# copy that still names any other http(s) URL in its code is not run. Nothing is written
# outside that temporary folder, which is deleted at the end, even after Ctrl-C.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
book=$(cd "$1" && pwd)
shift
flags2_args=("$@")
[ ${#flags2_args[@]} -gt 0 ] || flags2_args=(-a)
profile=${VS_BOOK_PROFILE:-release}
port=${VS_BOOK_PORT:-18000}
label=${VS_BOOK_SERVER:-LOCAL}
case $label in
  LOCAL) server_port=$port ;;
  DELAY) server_port=$((port + 1)) ;;
  ERROR) server_port=$((port + 2)) ;;
  *) echo "error: VS_BOOK_SERVER must be LOCAL, DELAY or ERROR, not $label" >&2; exit 2 ;;
esac
url="http://localhost:$server_port/flags"

command -v python3 >/dev/null || { echo "error: python3 not found" >&2; exit 2; }

# Where the book's folders are, for either checkout layout.
find_dir() { # find_dir RELATIVE... : the first that exists under $book, or nothing
  local rel
  for rel in "$@"; do
    if [ -d "$book/$rel" ]; then echo "$book/$rel"; return; fi
  done
}
getflags_2e=$(find_dir 2e/20-executors/getflags 20-executors/getflags)
spinners_2e=$(find_dir 2e/19-concurrency 19-concurrency)
countries_1e=$(find_dir 1e/17-futures-py3.7/countries 17-futures-py3.7/countries)
countries_1e_old=$(find_dir 1e/17-futures/countries 17-futures/countries)

cd "$(dirname "$0")/.."
echo "Building the Rust twins and the flag server (cargo --profile $profile) ..."
cargo build -q --profile "$profile" -p flags-server -p flags-seq -p flags-threadpool \
  -p flags-async -p spinner-thread -p spinner-async
target=${CARGO_TARGET_DIR:-target}
case $profile in dev) bin="$target/debug" ;; *) bin="$target/$profile" ;; esac
bin=$(cd "$bin" && pwd)

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$bin/flags-server" --local-port "$port" --delay-port $((port + 1)) \
  --error-port $((port + 2)) --seed 1 -q >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do # at most 10 s for the server to listen
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
echo "Flag server: $url (LOCAL $port, DELAY $((port + 1)), ERROR $((port + 2)); seed 1)"

# A copy of a book folder whose flag server URLs all point to this server; refuses (returns
# 1) when the copy still names another http(s) URL in a string of its code.
local_copy() { # local_copy SRC_DIR DEST_DIR EDITION
  local src=$1 dest=$2 edition=$3
  mkdir -p "$dest"
  cp "$src"/*.py "$dest"/
  cp "$src"/*.txt "$dest"/ 2>/dev/null || true
  if [ "$edition" = 2e ]; then
    sed -i -e "s#https://www.fluentpython.com/data/flags#http://localhost:$port/flags#g" \
      -e "s#localhost:8000/#localhost:$port/#g" -e "s#localhost:8001/#localhost:$((port + 1))/#g" \
      -e "s#localhost:8002/#localhost:$((port + 2))/#g" "$dest"/*.py
  else
    sed -i -e "s#http://flupy.org/data/flags#http://localhost:$port/flags#g" \
      -e "s#localhost:8001/#localhost:$port/#g" -e "s#localhost:8002/#localhost:$((port + 1))/#g" \
      -e "s#localhost:8003/#localhost:$((port + 2))/#g" "$dest"/*.py
  fi
  # Only quoted URLs count: comments and docstrings may cite the web.
  if grep -hoE "^[^#]*['\"]https?://[^'\"]*" "$dest"/*.py | grep -oE "https?://[^'\"/:]*" |
    grep -vE '^https?://(localhost|127\.0\.0\.1)$' >"$dest/.remote"; then
    echo "  (refusing $src: it still names $(sort -u "$dest/.remote" | tr '\n' ' '))"
    return 1
  fi
}

has_modules() { python3 -c "import $1" 2>/dev/null; }

secs() { date +%s.%N; }

# Runs one pair and prints both outputs side by side, then both times.
pair() { # pair TITLE DIR SCRIPT RUST_BIN -- ARGS_PY... -- ARGS_RS...
  local title=$1 dir=$2 script=$3 rust=$4
  shift 4
  [ "$1" = -- ] && shift
  local py_args=() rs_args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do py_args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  rs_args=("$@")
  echo
  echo "=== $title: python3 $script ${py_args[*]}  |  $rust ${rs_args[*]}"
  if [ ! -x "$bin/$rust" ]; then
    echo "  skipped: no Rust binary $rust in this checkout"
    return
  fi
  local run_dir="$work/run-$rust"
  # The 1st edition saves into downloads/, which must exist; the 2nd into downloaded/.
  rm -rf "$run_dir" && mkdir -p "$run_dir/py/downloads" "$run_dir/py/downloaded" "$run_dir/rs"
  # flags2_common reads country_codes.txt from the working folder.
  cp "$dir"/*.txt "$run_dir/py/" 2>/dev/null || true
  local t0 t1 t2 st_py st_rs
  t0=$(secs)
  (cd "$run_dir/py" && timeout 120 python3 "$dir/$script" "${py_args[@]}") >"$run_dir/py.out" 2>&1 </dev/null && st_py=0 || st_py=$?
  t1=$(secs)
  (cd "$run_dir/rs" && timeout 120 "$bin/$rust" "${rs_args[@]}") >"$run_dir/rs.out" 2>&1 </dev/null && st_rs=0 || st_rs=$?
  t2=$(secs)
  # Progress bars and spinners redraw a line with \r: keep what the last redraw left.
  for side in py rs; do
    sed -e 's/.*\r//' "$run_dir/$side.out" >"$run_dir/$side.txt"
  done
  local width=${COLUMNS:-160}
  pr -m -t -w "$width" "$run_dir/py.txt" "$run_dir/rs.txt" | sed 's/^/  /'
  printf '  --- python: %.2f s, exit %s   |   rust: %.2f s, exit %s\n' \
    "$(echo "$t1 - $t0" | bc)" "$st_py" "$(echo "$t2 - $t1" | bc)" "$st_rs"
}

ran_any=false

if [ -n "$getflags_2e" ]; then
  echo
  echo "## 2nd edition, ch. 20: $getflags_2e"
  if ! has_modules "httpx, tqdm"; then
    echo "  skipped: the scripts need httpx and tqdm (pip install httpx tqdm)"
  elif local_copy "$getflags_2e" "$work/2e-getflags" 2e; then
    d="$work/2e-getflags"
    ran_any=true
    for p in flags:flags flags_threadpool:flags_threadpool \
      flags_threadpool_futures:flags_threadpool_futures flags_asyncio:flags_asyncio; do
      py=${p%%:*} rs=${p##*:}
      [ -f "$d/$py.py" ] || { echo "  skipped $py.py: not in this checkout"; continue; }
      pair "$py" "$d" "$py.py" "$rs" -- -- --server "$url" --dest downloaded
    done
    for p in flags2_sequential flags2_threadpool flags2_asyncio flags2_asyncio_executor flags3_asyncio; do
      [ -f "$d/$p.py" ] || { echo "  skipped $p.py: not in this checkout"; continue; }
      pair "$p" "$d" "$p.py" "$p" -- -s "$label" "${flags2_args[@]}" -- -s "$url" "${flags2_args[@]}"
    done
  fi
else
  echo "(no 20-executors/getflags under $book: the 2nd edition's downloaders are skipped)"
fi

if [ -n "$spinners_2e" ]; then
  echo
  echo "## 2nd edition, ch. 19: $spinners_2e (3 s each)"
  ran_any=true
  for p in spinner_thread spinner_async spinner_async_experiment; do
    [ -f "$spinners_2e/$p.py" ] || { echo "  skipped $p.py: not in this checkout"; continue; }
    pair "$p" "$spinners_2e" "$p.py" "$p" -- --
  done
  echo "  (spinner_proc.py and the primes scripts: their Rust twins are not in this list yet)"
fi

if [ -n "$countries_1e" ]; then
  echo
  echo "## 1st edition, ch. 17: $countries_1e"
  if ! has_modules "requests, tqdm"; then
    echo "  skipped: the scripts need requests and tqdm (pip install requests tqdm)"
  elif local_copy "$countries_1e" "$work/1e-countries" 1e; then
    d="$work/1e-countries"
    ran_any=true
    for p in flags flags_threadpool; do
      pair "$p (1e)" "$d" "$p.py" "$p" -- -- --server "$url" --dest downloaded
    done
    if has_modules aiohttp; then
      pair "flags_asyncio (1e)" "$d" flags_asyncio.py flags_asyncio -- -- --server "$url" --dest downloaded
    else
      echo "  skipped flags_asyncio.py and flags2_asyncio.py: they need aiohttp (pip install aiohttp)"
    fi
    for p in flags2_sequential flags2_threadpool; do
      pair "$p (1e)" "$d" "$p.py" "$p" -- -s "$label" "${flags2_args[@]}" -- -s "$url" "${flags2_args[@]}"
    done
    if has_modules aiohttp; then
      pair "flags2_asyncio (1e)" "$d" flags2_asyncio.py flags2_asyncio -- -s "$label" "${flags2_args[@]}" -- -s "$url" "${flags2_args[@]}"
    fi
  fi
  if [ -n "$countries_1e_old" ] && local_copy "$countries_1e_old" "$work/1e-old" 1e; then
    # Only the thread-pool scripts of this folder run on today's Python (the asyncio ones
    # use `yield from` coroutines, gone since Python 3.11).
    for p in flags_threadpool_ac flags3_threadpool; do
      [ -f "$work/1e-old/$p.py" ] || continue
      if [ "$p" = flags3_threadpool ]; then
        pair "$p (1e)" "$work/1e-old" "$p.py" "$p" -- -s "$label" "${flags2_args[@]}" -- -s "$url" "${flags2_args[@]}"
      else
        pair "$p (1e)" "$work/1e-old" "$p.py" "$p" -- -- --server "$url" --dest downloaded
      fi
    done
  fi
else
  echo "(no 17-futures-py3.7/countries under $book: the 1st edition's downloaders are skipped)"
fi

echo
echo "Not compared here: the domain probes (the book's ask the system's DNS, on the network)"
echo "and the mojifinder servers (interactive); see the README for their commands."
$ran_any || { echo "error: nothing could run" >&2; exit 1; }
