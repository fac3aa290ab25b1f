#!/usr/bin/env bash
# Benchmark suite: every profile in one command, figures as a markdown table and raw JSON.
#
#   benchmarks/suite/run.sh [--series N] [--profiles lan,wan,ratelimited,scale] [--repeat R] [--quick]
#
# Builds release, writes the deterministic realistic corpus (make-corpus), serves it from loopback
# (fetch-serve, benchmarks/fetch/serve) and times each contender, alternating contenders when
# repeating so they share the machine's noise:
#   lan          no delay: geoloop fetch (fresh cache each run; download, verify, inflate, parse,
#                write JSON lines), curl --parallel --parallel-max 64 (download only), one-core zlib
#                inflate of the same bytes (benchmarks/parse/zinflate.c), GEOparse 2.0.4 with 10
#                worker processes (download + parse) when it is installed.
#   wan          800 ms before each first byte, 1 MB/s per connection: the same contenders and the
#                lower bound for 64 whole-file transfers computed from the corpus.
#   ratelimited  the server answers 429 beyond 10 requests/s; geoloop fetch --rate 10 over the first
#                RL_SERIES (100) series: 429s seen by the server, wall against requests / 10.
#   scale        1,000 and 10,000 small series (make-corpus --mix small): wall and peak RSS.
# Writes benchmarks/results/<date>-<host>.md and .json (--quick: only into the scratch directory).
#
# --quick: 60 series, lan and ratelimited (30 series) only, 3 runs each, GEOparse skipped; exits 1
# when a guard fails: lan geoloop / inflate wall >= 4 in every run, any 429 seen, ratelimited wall
# >= 1.5 x requests / rate.
#
# Environment: SEED (1), CONCURRENCY (64), RL_SERIES, RL_RATE (10), SCALE_SIZES ("1000 10000"),
# GEOPARSE (1; 0 skips it), WORK (scratch directory, removed unless KEEP=1), OUT (results directory).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/opt/swift/usr/bin"

SERIES=519
PROFILES=lan,wan,ratelimited,scale
REPEAT=1
QUICK=0
usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --series) SERIES=${2:?--series needs a value}; shift 2 ;;
    --profiles) PROFILES=${2:?--profiles needs a value}; shift 2 ;;
    --repeat) REPEAT=${2:?--repeat needs a value}; shift 2 ;;
    --quick) QUICK=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "Error: unknown option '$1'." >&2; usage >&2; exit 64 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  SERIES=60 PROFILES=lan,ratelimited GEOPARSE=0 RL_SERIES=${RL_SERIES:-30} REPEAT=3
fi
for value in "$SERIES" "$REPEAT"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "Error: '$value' is not a positive count." >&2; exit 64; }
done
for profile in ${PROFILES//,/ }; do
  case "$profile" in lan | wan | ratelimited | scale) ;;
    *) echo "Error: unknown profile '$profile' (lan, wan, ratelimited, scale)." >&2; exit 64 ;;
  esac
done
has_profile() { [[ ",$PROFILES," == *",$1,"* ]]; }

SEED=${SEED:-1}
CONCURRENCY=${CONCURRENCY:-64}
RL_SERIES=${RL_SERIES:-100}
RL_RATE=${RL_RATE:-10}
SCALE_SIZES=${SCALE_SIZES:-"1000 10000"}
GEOPARSE=${GEOPARSE:-1}
DELAY_MS=800
RATE_BYTES=1000000
TIME=/usr/bin/time
log() { echo "== $*" >&2; }

if [ ! -x "$TIME" ]; then
  echo "Error: GNU time is missing at $TIME; install it (apt-get install time) and retry." >&2
  exit 1
fi
if [ "$GEOPARSE" = 1 ] && ! python3 -c 'import GEOparse' 2>/dev/null; then
  log "GEOparse is not installed: skipped (pip install GEOparse==2.0.4 six)"
  GEOPARSE=0
fi

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "build (release)"
swift build -c release --product geoloop >&2
swift build -c release --product make-corpus >&2
swift build -c release --product fetch-serve >&2
BIN=$(swift build -c release --show-bin-path)

if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/geoloop-suite.XXXXXX")
  if [ "${KEEP:-0}" != 1 ]; then trap 'stop_server; rm -rf "$WORK"' EXIT; fi
fi
mkdir -p "$WORK"
CC=${CC:-$(command -v cc || command -v clang)}
"$CC" -O2 -o "$WORK/zinflate" benchmarks/parse/zinflate.c -lz

# Runs a command under GNU time; sets WALL, CPU (user+sys) and RSS_MB.
measure() {
  "$TIME" -f "%e %U %S %M" -o "$WORK/time.txt" "$@"
  read -r WALL user sys rss_kb < <(tail -n 1 "$WORK/time.txt")
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  RSS_MB=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
}
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# corpus DIR SERIES MIX: writes a corpus and its accession list; sets COUNT, BYTES, MB.
corpus() {
  rm -rf "$1"
  "$BIN/make-corpus" --out "$1" --series "$2" --seed "$SEED" --mix "$3" >&2
  tail -n +2 "$1/manifest.tsv" | cut -f1 >"$1.list"
  COUNT=$(wc -l <"$1.list")
  BYTES=$(tail -n +2 "$1/manifest.tsv" | awk -F'\t' '{ s += $3 } END { print s }')
  MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
}

SERVER_PID=
start_server() {
  : >"$WORK/port.txt"
  "$BIN/fetch-serve" --root "$1" "${@:2}" >"$WORK/port.txt" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port.txt" ] && break; sleep 0.1; done
  BASE="http://127.0.0.1:$(head -n 1 "$WORK/port.txt")/"
}
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}

JSON=()
ROWS=()
GUARD_FAILURES=()
# record PROFILE CONTENDER RUN SERIES BYTES [EXTRA_JSON]: one raw JSON record from the last measure.
record() {
  local per_s mb_s
  per_s=$(ratio "$4" "$WALL")
  mb_s=$(awk -v b="$5" -v w="$WALL" 'BEGIN { if (w > 0) printf "%.1f", b / 1e6 / w; else print "0" }')
  JSON+=("{\"profile\":\"$1\",\"contender\":\"$2\",\"run\":$3,\"series\":$4,\"compressed_bytes\":$5,\
\"wall_s\":$WALL,\"cpu_s\":$CPU,\"peak_rss_mb\":$RSS_MB,\"series_per_s\":$per_s,\"mb_per_s\":$mb_s${6:+,$6}}")
  eval "LAST_${1}_${2//[^a-zA-Z0-9]/_}=\"$WALL $CPU $RSS_MB $per_s $mb_s\""
}
# row PROFILE CONTENDER SERIES NOTE: a table row from the record's last figures.
row() {
  local key="LAST_${1}_${2//[^a-zA-Z0-9]/_}" wall cpu rss per_s mb_s
  read -r wall cpu rss per_s mb_s <<<"${!key}"
  ROWS+=("| $1 | $2 | $3 | $wall | $cpu | $rss | $per_s | $mb_s | $4 |")
}
wall_of() { local key="LAST_${1}_${2//[^a-zA-Z0-9]/_}"; read -r w _ <<<"${!key}"; echo "$w"; }

# Each run writes into new directories; nothing is deleted until the end. (On ext4 without a
# journal, creating files just after deleting thousands makes the inode allocator skip the recently
# deleted ones, which charged the benchmark's own clean-up to the next contender.)
FRESH=0
fresh_dir() { FRESH=$((FRESH + 1)); DIR="$WORK/$1-$FRESH"; }  # sets DIR (no subshell: FRESH must count)

run_geoloop() {  # LIST OUT [fetch options...]
  fresh_dir cache
  local cache=$DIR
  measure "$BIN/geoloop" fetch --input "$1" --geo-url "$BASE" --cache-dir "$cache" --output "$2" "${@:3}"
  local ok expected
  ok=$(grep -c '"status":"ok"' "$2" || true)
  expected=$(wc -l <"$1")
  [ "$ok" -eq "$expected" ] || { echo "Error: geoloop parsed $ok of $expected series." >&2; exit 1; }
}

run_curl() {  # CORPUS
  fresh_dir curl-out
  local out=$DIR
  mkdir -p "$out"
  tail -n +2 "$1/manifest.tsv" | cut -f1,2 | while IFS=$'\t' read -r acc path; do
    printf 'url = "%s%s"\noutput = "%s"\n' "$BASE" "$path" "$out/$acc.soft.gz"
  done >"$WORK/curl.cfg"
  measure curl --silent --show-error --fail --no-progress-meter --parallel --parallel-max "$CONCURRENCY" \
    --config "$WORK/curl.cfg"
  local got
  got=$(find "$out" -type f | wc -l)
  [ "$got" -eq "$COUNT" ] || { echo "Error: curl wrote $got of $COUNT files." >&2; exit 1; }
  sync  # write curl's files back now, so the next contender's fsyncs do not pay for them
}

run_inflate() {  # CORPUS
  mapfile -t files < <(tail -n +2 "$1/manifest.tsv" | cut -f2 | sed "s|^|$1/|")
  cat "${files[@]}" >/dev/null
  measure "$WORK/zinflate" "${files[@]}" >/dev/null
}

run_geoparse() {  # CORPUS
  tail -n +2 "$1/manifest.tsv" | cut -f1,2 >"$WORK/geoparse.tsv"
  fresh_dir geoparse-out
  measure python3 benchmarks/suite/geoparse_fetch.py "$BASE" "$WORK/geoparse.tsv" "$DIR" 10 \
    >"$WORK/geoparse.txt"
  local ok
  ok=$(cat "$WORK/geoparse.txt")
  [ "$ok" -eq "$COUNT" ] || { echo "Error: GEOparse parsed $ok of $COUNT series." >&2; exit 1; }
}

log "corpus: $SERIES series, seed $SEED, realistic mix"
CORPUS="$WORK/corpus"
corpus "$CORPUS" "$SERIES" realistic
MAIN_COUNT=$COUNT MAIN_BYTES=$BYTES MAIN_MB=$MB
log "$COUNT series, $MB MB compressed"

if has_profile lan; then
  log "lan: no delay"
  start_server "$CORPUS"
  for run in $(seq 1 "$REPEAT"); do
    run_inflate "$CORPUS"; record lan "zlib inflate, 1 core" "$run" "$COUNT" "$BYTES"
    run_geoloop "$CORPUS.list" "$WORK/out.jsonl" --concurrency "$CONCURRENCY" --rate 1000
    record lan "geoloop fetch" "$run" "$COUNT" "$BYTES"
    run_curl "$CORPUS"; record lan "curl --parallel-max 64" "$run" "$COUNT" "$BYTES"
    if [ "$GEOPARSE" = 1 ]; then run_geoparse "$CORPUS"; record lan "GEOparse, 10 workers" "$run" "$COUNT" "$BYTES"; fi
    RUN_RATIO=$(ratio "$(wall_of lan "geoloop fetch")" "$(wall_of lan "zlib inflate, 1 core")")
    BEST_LAN_RATIO=$(awk -v r="$RUN_RATIO" -v b="${BEST_LAN_RATIO:-}" 'BEGIN { print (b == "" || r < b) ? r : b }')
  done
  stop_server
  INFLATE=$(wall_of lan "zlib inflate, 1 core")
  CURL=$(wall_of lan "curl --parallel-max 64")
  GEOLOOP=$(wall_of lan "geoloop fetch")
  LAN_RATIO=$(ratio "$GEOLOOP" "$INFLATE")
  row lan "zlib inflate, 1 core" "$COUNT" "inflate only (the floor)"
  row lan "geoloop fetch" "$COUNT" "**$LAN_RATIO x inflate**, $(ratio "$GEOLOOP" "$CURL") x curl"
  row lan "curl --parallel-max 64" "$COUNT" "download only"
  if [ "$GEOPARSE" = 1 ]; then
    row lan "GEOparse, 10 workers" "$COUNT" "$(ratio "$(wall_of lan "GEOparse, 10 workers")" "$GEOLOOP") x geoloop"
  fi
  # The guard takes the best run: a regression slows every run, the machine's noise only some.
  if awk -v r="$BEST_LAN_RATIO" 'BEGIN { exit !(r >= 4) }'; then
    GUARD_FAILURES+=("lan: geoloop / inflate wall $BEST_LAN_RATIO >= 4 in every run")
  fi
fi

if has_profile wan; then
  log "wan: ${DELAY_MS} ms before the first byte, ${RATE_BYTES} B/s per connection"
  # Lower bound for whole-file transfers on CONCURRENCY connections: the slowest single file, or the
  # total transfer time spread evenly over the connections, whichever is larger.
  BOUND=$(tail -n +2 "$CORPUS/manifest.tsv" | awk -F'\t' -v d="$DELAY_MS" -v r="$RATE_BYTES" -v c="$CONCURRENCY" \
    '{ t = d / 1000 + $3 / r; s += t; if (t > m) m = t } END { b = s / c; printf "%.2f", (m > b ? m : b) }')
  start_server "$CORPUS" --delay-ms "$DELAY_MS" --rate-bytes "$RATE_BYTES"
  for run in $(seq 1 "$REPEAT"); do
    run_curl "$CORPUS"; record wan "curl --parallel-max 64" "$run" "$COUNT" "$BYTES"
    run_geoloop "$CORPUS.list" "$WORK/out.jsonl" --concurrency "$CONCURRENCY" --rate 1000
    record wan "geoloop fetch" "$run" "$COUNT" "$BYTES"
    if [ "$GEOPARSE" = 1 ]; then run_geoparse "$CORPUS"; record wan "GEOparse, 10 workers" "$run" "$COUNT" "$BYTES"; fi
  done
  stop_server
  CURL=$(wall_of wan "curl --parallel-max 64")
  GEOLOOP=$(wall_of wan "geoloop fetch")
  WAN_RATIO=$(ratio "$GEOLOOP" "$CURL")
  JSON+=("{\"profile\":\"wan\",\"contender\":\"lower bound, 64 whole-file transfers\",\"wall_s\":$BOUND}")
  ROWS+=("| wan | lower bound, 64 whole-file transfers | $COUNT | $BOUND | - | - | - | - | computed from the corpus |")
  row wan "curl --parallel-max 64" "$COUNT" "$(ratio "$CURL" "$BOUND") x bound"
  row wan "geoloop fetch" "$COUNT" "**$WAN_RATIO x curl**, $(ratio "$GEOLOOP" "$BOUND") x bound (ranges split large files)"
  if [ "$GEOPARSE" = 1 ]; then
    row wan "GEOparse, 10 workers" "$COUNT" "$(ratio "$(wall_of wan "GEOparse, 10 workers")" "$GEOLOOP") x geoloop"
  fi
fi

if has_profile ratelimited; then
  log "ratelimited: 429 beyond $RL_RATE requests/s, geoloop fetch --rate $RL_RATE on $RL_SERIES series"
  head -n "$RL_SERIES" "$CORPUS.list" >"$WORK/rl.list"
  RL_COUNT=$(wc -l <"$WORK/rl.list")
  RL_BYTES=$(head -n "$((RL_COUNT + 1))" "$CORPUS/manifest.tsv" | tail -n +2 | awk -F'\t' '{ s += $3 } END { print s }')
  for run in $(seq 1 "$REPEAT"); do
    rm -f "$WORK/stats.txt"
    start_server "$CORPUS" --rate-limit "$RL_RATE" --stats "$WORK/stats.txt"
    run_geoloop "$WORK/rl.list" "$WORK/rl.jsonl" --concurrency "$CONCURRENCY" --rate "$RL_RATE"
    stop_server
    REQUESTS=$(awk '$1 == "requests" { print $2 }' "$WORK/stats.txt")
    TOO_MANY=$(awk '$1 == "status_429" { print $2 }' "$WORK/stats.txt")
    if [ "${REQUESTS:-0}" -lt "$RL_COUNT" ]; then
      echo "Error: the server saw ${REQUESTS:-no} requests for $RL_COUNT series; the run did not fetch." >&2
      exit 1
    fi
    record ratelimited "geoloop fetch --rate $RL_RATE" "$run" "$RL_COUNT" "$RL_BYTES" \
      "\"server_requests\":$REQUESTS,\"status_429\":$TOO_MANY"
  done
  IDEAL=$(calc "$RL_COUNT / $RL_RATE")
  IDEAL_REQUESTS=$(calc "$REQUESTS / $RL_RATE")
  GEOLOOP=$(wall_of ratelimited "geoloop fetch --rate $RL_RATE")
  RL_RATIO=$(ratio "$GEOLOOP" "$IDEAL")
  row ratelimited "geoloop fetch --rate $RL_RATE" "$RL_COUNT" \
    "**$TOO_MANY x 429**; $REQUESTS requests; **$RL_RATIO x N/rate** ($IDEAL s), $(ratio "$GEOLOOP" "$IDEAL_REQUESTS") x requests/rate"
  [ "$TOO_MANY" -eq 0 ] || GUARD_FAILURES+=("ratelimited: the server answered $TOO_MANY requests with 429")
  if awk -v w="$GEOLOOP" -v i="$IDEAL_REQUESTS" 'BEGIN { exit !(w >= 1.5 * i) }'; then
    GUARD_FAILURES+=("ratelimited: wall $GEOLOOP s >= 1.5 x requests / rate ($IDEAL_REQUESTS s)")
  fi
fi

if has_profile scale; then
  FIRST_RSS=
  for size in $SCALE_SIZES; do
    log "scale: $size small series"
    corpus "$WORK/scale-$size" "$size" small
    start_server "$WORK/scale-$size"
    for run in $(seq 1 "$REPEAT"); do
      run_geoloop "$WORK/scale-$size.list" "$WORK/scale.jsonl" --concurrency "$CONCURRENCY" --rate 100000
      record scale "geoloop fetch, $size small" "$run" "$COUNT" "$BYTES"
    done
    stop_server
    FIRST_RSS=${FIRST_RSS:-$RSS_MB}
    row scale "geoloop fetch, $size small" "$COUNT" "peak RSS $(ratio "$RSS_MB" "$FIRST_RSS") x the first size"
  done
fi

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_GB=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
MACHINE="$(nproc) cores ($CPU_MODEL), $MEM_GB GB memory, Linux $(uname -r)"
DATE=$(date -u +%Y-%m-%d)
HOST=$(hostname -s 2>/dev/null || hostname)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

{
  echo "# geoloop benchmark suite, $DATE $(date -u +%H:%M) UTC, $HOST"
  echo
  echo "- Machine: $MACHINE; load average at start $LOAD_START, at end $LOAD_END."
  echo "- geoloop $COMMIT (release build); libcurl $(curl --version | head -n 1 | cut -d' ' -f2)."
  echo "- Corpus: make-corpus --mix realistic --seed $SEED, $MAIN_COUNT series, $MAIN_MB MB compressed."
  echo "- Profiles: $PROFILES; $REPEAT run(s) each, contenders alternated; figures from the last run."
  echo "- MB/s counts compressed (transferred) bytes."
  echo
  echo "| profile | contender | series | wall s | CPU s | peak RSS MB | series/s | MB/s | ratios |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
  if [ ${#GUARD_FAILURES[@]} -gt 0 ]; then
    echo
    printf -- '- Guard failed: %s\n' "${GUARD_FAILURES[@]}"
  fi
} >"$WORK/results.md"
{
  echo "{\"date\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"host\":\"$HOST\",\"commit\":\"$COMMIT\","
  echo "\"machine\":{\"nproc\":$(nproc),\"cpu\":\"$CPU_MODEL\",\"memory_gb\":$MEM_GB,\"kernel\":\"$(uname -r)\","
  echo "\"load_start\":\"$LOAD_START\",\"load_end\":\"$LOAD_END\"},"
  echo "\"corpus\":{\"series\":$MAIN_COUNT,\"compressed_bytes\":$MAIN_BYTES,\"seed\":$SEED},\"runs\":["
  (IFS=,; echo "${JSON[*]}" | sed 's/},{/},\n{/g')
  echo "]}"
} >"$WORK/results.json"

cat "$WORK/results.md"
if [ "$QUICK" = 0 ]; then
  OUT=${OUT:-benchmarks/results}
  mkdir -p "$OUT"
  cp "$WORK/results.md" "$OUT/$DATE-$HOST.md"
  cp "$WORK/results.json" "$OUT/$DATE-$HOST.json"
  log "wrote $OUT/$DATE-$HOST.md and .json"
fi
if [ ${#GUARD_FAILURES[@]} -gt 0 ]; then
  printf 'Error: guard failed: %s\n' "${GUARD_FAILURES[@]}" >&2
  exit 1
fi
