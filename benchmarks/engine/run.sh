#!/usr/bin/env bash
# Engine benchmark: two sets of files (2,000 x 4 KB, 500 x 256 KB) over HTTP/1.1 from nginx on
# loopback, each fetched by `curl --parallel` (the baseline, same libcurl) and by `parallel-get`
# (geoloop's engine), alternating in the same run. Prints a markdown table per set: median wall
# time, CPU time (user+sys), CPU per transfer, the highest peak RSS, and geoloop's throughput
# relative to curl. Every run's downloads are checked against the served files. One unmeasured
# warm-up run of each client precedes each set.
#
# Usage: benchmarks/engine/run.sh [--reps N] [--concurrency N]
# Needs: nginx-light, curl, openssl, GNU time (./scripts/install-deps) and the Swift toolchain.
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$script")/../.."
export PATH="$PATH:/opt/swift/usr/bin"

reps=3
concurrency=64
small_count=2000
small_size=4096
medium_count=500
medium_size=262144
while (($#)); do
  case "$1" in
    --reps) reps="${2:?--reps needs a number}"; shift 2 ;;
    --concurrency) concurrency="${2:?--concurrency needs a number}"; shift 2 ;;
    -h | --help) sed -n '2,10p' "$script" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Error: unknown argument '$1'; see --help." >&2; exit 64 ;;
  esac
done
for program in /usr/sbin/nginx /usr/bin/time curl openssl sha256sum; do
  command -v "$program" >/dev/null || { echo "Error: '$program' is missing; run ./scripts/install-deps." >&2; exit 1; }
done

# Statically linked Swift runtime, in its own build directory (the other benchmarks' release
# builds stay as they are): a process loads in ~9 ms of CPU instead of ~12 ms with the shared
# Swift libraries, next to curl's ~8 ms.
echo "== building parallel-get (release, static Swift runtime)" >&2
swift build -c release --product parallel-get --static-swift-stdlib --scratch-path .build/static >&2
parallel_get="$(swift build -c release --static-swift-stdlib --scratch-path .build/static --show-bin-path)/parallel-get"

work="$(mktemp -d /tmp/geoloop-bench.XXXXXX)"
# Downloads land in memory-backed /dev/shm when there is one: on ext4, creating and deleting
# thousands of small files costs more kernel time than the transfers (perf: ext4_create's
# recently_deleted), for both clients alike, and swamps what this benchmark compares.
out_root="$work"
[ -d /dev/shm ] && [ -w /dev/shm ] && out_root="$(mktemp -d /dev/shm/geoloop-bench-out.XXXXXX)"
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work" "$out_root"
}
trap cleanup EXIT

# Deterministic content: an AES-CTR keystream of zeros, cut into files.
echo "== making $small_count x $small_size B and $medium_count x $medium_size B files" >&2
mkdir -p "$work/www" "$work/nginx/logs" "$work/nginx/tmp"
keystream() {
  openssl enc -aes-128-ctr -nosalt -K "$1" -iv 00000000000000000000000000000000 -in /dev/zero 2>/dev/null || true
}
(cd "$work/www" &&
  keystream 000102030405060708090a0b0c0d0e0f | head -c $((small_count * small_size)) |
  split -b "$small_size" -d -a 4 - small- &&
  keystream 0f0e0d0c0b0a09080706050403020100 | head -c $((medium_count * medium_size)) |
  split -b "$medium_size" -d -a 4 - medium-)

# nginx in the foreground on a free-looking port; retried if another process took the port.
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
$user_line
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    keepalive_timeout 120s;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
    }
}
CONF
  /usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 200); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/small-0000" && break
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05
  done
  if curl -sf -o /dev/null "http://127.0.0.1:$port/small-0000"; then break; fi
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
done
[ -n "$nginx_pid" ] || { echo "Error: nginx did not start: $(tail -5 "$work/nginx/logs/error.log")" >&2; exit 1; }

verify() { # $1 = output dir, $2 = label, $3 = expected checksums
  if ! (cd "$1" && sha256sum -- * | sort -k2) | cmp -s - "$3"; then
    echo "Error: $2 downloaded files that differ from the served ones." >&2
    exit 1
  fi
}

# Runs a command, appending "wall cpu maxrss_kb" to $2 (seconds, seconds, KiB). Wall and CPU come
# from bash's `time` in milliseconds (GNU time prints only hundredths, too coarse for runs of 0.2 s);
# GNU time, run inside it, reports the peak RSS (its own start-up, ~1 ms, is counted for both clients).
measure() { # $1 = label, $2 = results file, rest = command
  local label="$1" results="$2" status=0
  shift 2
  local TIMEFORMAT='%3R %3U %3S'
  { time /usr/bin/time -o "$work/$label.rss" -f '%M' "$@" >"$work/$label.stdout" 2>"$work/$label.stderr"; } \
    2>"$work/$label.time" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "Error: $label failed: $(tail -5 "$work/$label.stderr")" >&2
    exit 1
  fi
  read -r wall user sys <"$work/$label.time"
  read -r rss <"$work/$label.rss"
  awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { print w, u + s, r }' >>"$results"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One set: the same URL list for both clients, alternating repetitions, then its table.
run_set() { # $1 = file name prefix, $2 = file count, $3 = file size
  local set="$1" files="$2" size="$3" dir="$out_root/$1"
  local total_bytes=$((files * size))
  mkdir -p "$dir/out-curl" "$dir/out-geoloop"
  (cd "$work/www" && sha256sum -- "$set"-* | sort -k2) >"$dir/expected.sha256"
  (cd "$work/www" && ls -- "$set"-*) | sed "s|^|http://127.0.0.1:$port/|" >"$dir/urls.txt"
  sed -E "s|^(.*/)([^/]*)$|url = \"\\1\\2\"\noutput = \"$dir/out-curl/\\2\"|" "$dir/urls.txt" >"$dir/curl.conf"
  : >"$dir/curl.times"
  : >"$dir/geoloop.times"
  # One unmeasured run of each first: the first writes of a set into freshly allocated memory are
  # slow for either client on this VM (1 to 2 s instead of 0.2 s for the 256 KB set).
  echo "== $set: warm-up" >&2
  curl -s --parallel --parallel-max "$concurrency" -K "$dir/curl.conf" >/dev/null 2>&1 || true
  "$parallel_get" --concurrency "$concurrency" --out "$dir/out-geoloop" <"$dir/urls.txt" >/dev/null 2>&1 || true
  for rep in $(seq 1 "$reps"); do
    echo "== $set: repetition $rep of $reps" >&2
    # Each client's previous output is removed just before its own run, so both write into memory
    # freed a moment ago. (Deleting both at the start of a repetition left the second client
    # writing into memory freed a second earlier, which on a VM with free-page reporting can cost
    # host page faults: seen as parallel-get runs of 1 to 2 s on the 256 KB set.)
    rm -rf "$dir/out-curl"/*
    measure curl "$dir/curl.times" curl -s --parallel --parallel-max "$concurrency" -K "$dir/curl.conf"
    verify "$dir/out-curl" "curl" "$dir/expected.sha256"
    rm -rf "$dir/out-geoloop"/*
    measure geoloop "$dir/geoloop.times" \
      "$parallel_get" --concurrency "$concurrency" --out "$dir/out-geoloop" <"$dir/urls.txt"
    verify "$dir/out-geoloop" "parallel-get" "$dir/expected.sha256"
    echo "   parallel-get: $(cat "$work/geoloop.stdout")" >&2
  done

  local curl_wall curl_cpu geo_wall geo_cpu curl_rss geo_rss pair_ratio
  curl_wall="$(cut -d' ' -f1 "$dir/curl.times" | median)"
  curl_cpu="$(cut -d' ' -f2 "$dir/curl.times" | median)"
  geo_wall="$(cut -d' ' -f1 "$dir/geoloop.times" | median)"
  geo_cpu="$(cut -d' ' -f2 "$dir/geoloop.times" | median)"
  curl_rss="$(cut -d' ' -f3 "$dir/curl.times" | sort -n | tail -1)"
  geo_rss="$(cut -d' ' -f3 "$dir/geoloop.times" | sort -n | tail -1)"
  row() { # label wall cpu rss_kb
    awk -v l="$1" -v w="$2" -v c="$3" -v r="$4" -v n="$files" -v b="$total_bytes" \
      'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.0f | %.1f | %.1f |\n", l, w, c, c * 1000 / n, n / w, b / w / 1048576, r / 1024 }'
  }
  echo
  echo "### $files x $size B, HTTP/1.1 from nginx on 127.0.0.1, concurrency $concurrency, median of $reps alternating runs"
  echo
  echo "| client | wall s | CPU s (user+sys) | CPU ms / transfer | transfers / s | MiB / s | peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  row "curl --parallel --parallel-max $concurrency" "$curl_wall" "$curl_cpu" "$curl_rss"
  row "parallel-get --concurrency $concurrency" "$geo_wall" "$geo_cpu" "$geo_rss"
  echo
  awk -v cw="$curl_wall" -v gw="$geo_wall" -v cc="$curl_cpu" -v gc="$geo_cpu" \
    'BEGIN { printf "Throughput geoloop / curl: %.2f (higher is better); CPU geoloop / curl: %.2f (lower is better).\n", cw / gw, gc / cc }'
  pair_ratio="$(paste -d' ' "$dir/curl.times" "$dir/geoloop.times" | awk '{ print $1 / $4 }' | median)"
  awk -v r="$pair_ratio" 'BEGIN { printf "Median of the per-repetition throughput ratios (each pair back to back): %.2f.\n", r }'
  echo "Wall seconds per run, in order: curl $(cut -d' ' -f1 "$dir/curl.times" | paste -sd' ');" \
    "parallel-get $(cut -d' ' -f1 "$dir/geoloop.times" | paste -sd' ')."
}

echo "## Engine benchmark ($(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg))"
run_set small "$small_count" "$small_size"
run_set medium "$medium_count" "$medium_size"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews single runs)."
echo "All downloads verified (sha256) for both clients in every repetition."
