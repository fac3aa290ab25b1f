#!/usr/bin/env bash
# Fetch benchmark: geoloop fetch (download, verify, cache, parse) against curl --parallel (download
# only), in the same run, from the same loopback server.
#
#   benchmarks/fetch/run.sh
#
# Builds release, writes the deterministic realistic corpus with make-corpus, serves it with
# fetch-serve (benchmarks/fetch/serve), then times, in the same run:
#   1. distant profile (DELAY_MS before each first byte, RATE_BYTES per connection):
#      curl --parallel --parallel-max 64 downloading every family file (no parsing), then
#      geoloop fetch --concurrency 64 --rate 1000 into a fresh cache (every file parsed);
#   2. no delay: the same pair again, with peak RSS.
# Prints a markdown table on stdout; progress goes to stderr.
#
# Environment: SERIES (519), SEED (1), DELAY_MS (800), RATE_BYTES (1000000), CONCURRENCY (64),
# WORK (scratch directory; default a new one under ${TMPDIR:-/tmp}, removed unless KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/opt/swift/usr/bin"

SERIES=${SERIES:-519}
SEED=${SEED:-1}
DELAY_MS=${DELAY_MS:-800}
RATE_BYTES=${RATE_BYTES:-1000000}
CONCURRENCY=${CONCURRENCY:-64}
TIME=/usr/bin/time

log() { echo "== $*" >&2; }

if [ ! -x "$TIME" ]; then
  echo "Error: GNU time is missing at $TIME; install it (apt-get install time) and retry." >&2
  exit 1
fi

log "build (release)"
swift build -c release --product geoloop >&2
swift build -c release --product make-corpus >&2
swift build -c release --product fetch-serve >&2
BIN=$(swift build -c release --show-bin-path)

if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/geoloop-fetch-bench.XXXXXX")
  if [ "${KEEP:-0}" != 1 ]; then trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT; fi
fi
mkdir -p "$WORK"

measure() {
  "$TIME" -f "%e %U %S %M" -o "$WORK/time.txt" "$@"
  read -r WALL user sys rss_kb < <(tail -n 1 "$WORK/time.txt")
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  RSS_MB=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

log "corpus: $SERIES series, seed $SEED"
CORPUS="$WORK/corpus"
rm -rf "$CORPUS"
"$BIN/make-corpus" --out "$CORPUS" --series "$SERIES" --seed "$SEED" --mix realistic >&2
tail -n +2 "$CORPUS/manifest.tsv" | cut -f1 >"$WORK/list.txt"
COUNT=$(wc -l <"$WORK/list.txt")
BYTES=$(tail -n +2 "$CORPUS/manifest.tsv" | awk -F'\t' '{ s += $3 } END { print s }')
LARGEST=$(tail -n +2 "$CORPUS/manifest.tsv" | awk -F'\t' '$3 > m { m = $3 } END { print m }')
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.0f", b / 1e6 }')
log "$COUNT series, $MB MB compressed, largest $LARGEST bytes"

start_server() {
  "$BIN/fetch-serve" --root "$CORPUS" "$@" >"$WORK/port.txt" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port.txt" ] && break; sleep 0.1; done
  PORT=$(head -n 1 "$WORK/port.txt")
  BASE="http://127.0.0.1:$PORT/"
}
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }

# One curl config: every family file, each to its own output file.
tail -n +2 "$CORPUS/manifest.tsv" | cut -f1,2 | while IFS=$'\t' read -r acc path; do
  printf 'url = "%s"\noutput = "%s"\n' "BASE$path" "$WORK/curl-out/$acc.soft.gz"
done >"$WORK/curl.template"

run_curl() {
  rm -rf "$WORK/curl-out" && mkdir -p "$WORK/curl-out"
  sed "s|BASE|$BASE|" "$WORK/curl.template" >"$WORK/curl.cfg"
  measure curl --silent --show-error --fail --no-progress-meter --parallel --parallel-max "$CONCURRENCY" --config "$WORK/curl.cfg"
  local got
  got=$(find "$WORK/curl-out" -type f | wc -l)
  [ "$got" -eq "$COUNT" ] || { echo "Error: curl wrote $got of $COUNT files" >&2; exit 1; }
  sync  # write curl's files back now, so geoloop's fsyncs do not pay for them
}

run_geoloop() {
  rm -rf "$WORK/cache"
  measure "$BIN/geoloop" fetch --input "$WORK/list.txt" --geo-url "$BASE" --cache-dir "$WORK/cache" \
    --concurrency "$CONCURRENCY" --rate 1000 --output "$WORK/out.jsonl"
  local ok
  ok=$(grep -c '"status":"ok"' "$WORK/out.jsonl" || true)
  [ "$ok" -eq "$COUNT" ] || { echo "Error: geoloop parsed $ok of $COUNT series" >&2; exit 1; }
}

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

log "1. distant profile: ${DELAY_MS} ms before the first byte, ${RATE_BYTES} B/s per connection"
start_server --delay-ms "$DELAY_MS" --rate-bytes "$RATE_BYTES"
run_curl
CURL_DISTANT=$WALL
row "curl --parallel-max $CONCURRENCY, distant (download only)" "$COUNT" "$WALL" "$CPU" "$RSS_MB" "1.00"
run_geoloop
row "geoloop fetch --concurrency $CONCURRENCY, distant (download + verify + parse)" "$COUNT" "$WALL" "$CPU" \
  "$RSS_MB" "$(ratio "$WALL" "$CURL_DISTANT")"
stop_server

log "2. no delay"
start_server
run_curl
CURL_LAN=$WALL
row "curl --parallel-max $CONCURRENCY, no delay (download only)" "$COUNT" "$WALL" "$CPU" "$RSS_MB" "1.00"
run_geoloop
row "geoloop fetch --concurrency $CONCURRENCY, no delay (download + verify + parse)" "$COUNT" "$WALL" "$CPU" \
  "$RSS_MB" "$(ratio "$WALL" "$CURL_LAN")"
measure "$BIN/geoloop" fetch --input "$WORK/list.txt" --geo-url "$BASE" --cache-dir "$WORK/cache" \
  --concurrency "$CONCURRENCY" --offline --output "$WORK/out-cached.jsonl"
row "geoloop fetch --offline, every series from the cache (verify + parse)" "$COUNT" "$WALL" "$CPU" "$RSS_MB" \
  "$(ratio "$WALL" "$CURL_LAN")"
stop_server

echo "Corpus: $COUNT series, $MB MB compressed (largest file $LARGEST bytes), seed $SEED; $(nproc) cores."
echo
echo "| run | series | wall s | cpu s | peak RSS MB | wall vs curl |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
