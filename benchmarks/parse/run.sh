#!/usr/bin/env bash
# Parse benchmark: geoloop parse against one-core zlib inflate and GEOparse, in the same run.
#
#   benchmarks/parse/run.sh
#
# Builds release, writes the deterministic realistic corpus with make-corpus, then times
#   1. zlib inflate of every corpus file on one core (zinflate.c beside this script: the floor),
#      and gzip -dc for reference (gzip has its own, slower, inflate),
#   2. geoloop parse over every corpus file (JSON lines counted, not kept),
#   3. GEOparse 2.0.4 parse_GSE on a subset (half sequencing, half arrays across the size range),
#      extrapolated to the corpus (sequencing per series, arrays per byte),
# and a memory check: geoloop parse on one ~1 GB (uncompressed) array series, peak RSS above the
# peak for a small file. Prints a markdown table on stdout; progress goes to stderr.
#
# Environment: SERIES (519), SEED (1), GEOPARSE_SERIES (20; 0 skips), BIG_SAMPLES (1000; 0 skips the
# memory check), BIG_ROWS (42000), GEOLOOP (geoloop binary; default .build/release/geoloop),
# WORK (scratch directory; default a new one under ${TMPDIR:-/tmp}, removed at the end unless KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/opt/swift/usr/bin"

SERIES=${SERIES:-519}
SEED=${SEED:-1}
GEOPARSE_SERIES=${GEOPARSE_SERIES:-20}
BIG_SAMPLES=${BIG_SAMPLES:-1000}
BIG_ROWS=${BIG_ROWS:-42000}
TIME=/usr/bin/time

log() { echo "== $*" >&2; }

if [ ! -x "$TIME" ]; then
  echo "Error: GNU time is missing at $TIME; install it (apt-get install time) and retry." >&2
  exit 1
fi

log "build (release)"
swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)
GEOLOOP=${GEOLOOP:-$BIN/geoloop}
if ! "$GEOLOOP" parse --help >/dev/null 2>&1; then
  echo "Error: '$GEOLOOP parse' is not available yet; build a geoloop with the parse command or set GEOLOOP." >&2
  exit 1
fi

if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/geoloop-parse-bench.XXXXXX")
  if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
fi
mkdir -p "$WORK"

# Runs a command under GNU time; sets WALL, CPU (user+sys) and RSS_MB.
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
measure "$BIN/make-corpus" --out "$CORPUS" --series "$SERIES" --seed "$SEED" --mix realistic >"$WORK/summary.txt"
summary=$(cat "$WORK/summary.txt")
echo "$summary" >&2
GEN_WALL=$WALL GEN_CPU=$CPU GEN_RSS=$RSS_MB
UNCOMPRESSED=$(echo "$summary" | sed -E 's/.* ([0-9]+) bytes uncompressed.*/\1/')
COMPRESSED=$(echo "$summary" | sed -E 's/.* ([0-9]+) bytes compressed.*/\1/')
mapfile -t FILES < <(tail -n +2 "$CORPUS/manifest.tsv" | cut -f2 | sed "s|^|$CORPUS/|")
MB=$(awk -v b="$UNCOMPRESSED" 'BEGIN { printf "%.0f", b / 1e6 }')

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
row "make-corpus (generation, level-6 gzip, all cores)" "${#FILES[@]}" "$MB" "$GEN_WALL" "$GEN_CPU" "$GEN_RSS"

log "1. inflate (zlib, one core; and gzip -dc)"
CC=${CC:-$(command -v cc || command -v clang)}
"$CC" -O2 -o "$WORK/zinflate" benchmarks/parse/zinflate.c -lz
cat "${FILES[@]}" >/dev/null  # warm the page cache so every run reads from memory
measure "$WORK/zinflate" "${FILES[@]}" >"$WORK/inflated.txt"
INFLATE_WALL=$WALL INFLATE_CPU=$CPU
if [ "$(cat "$WORK/inflated.txt")" != "$UNCOMPRESSED" ]; then
  echo "Error: zinflate produced $(cat "$WORK/inflated.txt") bytes; make-corpus wrote $UNCOMPRESSED." >&2
  exit 1
fi
row "zlib inflate (zinflate.c, 1 core): the floor" "${#FILES[@]}" "$MB" "$WALL" "$CPU" "$RSS_MB"
measure gzip -dc "${FILES[@]}" >/dev/null
row "gzip -dc (its own inflate, 1 core)" "${#FILES[@]}" "$MB" "$WALL" "$CPU" "$RSS_MB"

log "2. geoloop parse"
measure bash -c '"$0" parse "$@" | awk '"'"'/"error"/ { e++ } END { print NR, e + 0 }'"'"' > "'"$WORK"'/lines.txt"' \
  "$GEOLOOP" "${FILES[@]}"
GEOLOOP_WALL=$WALL GEOLOOP_CPU=$CPU
read -r lines errors <"$WORK/lines.txt"
if [ "$lines" != "${#FILES[@]}" ]; then
  echo "Error: geoloop parse printed $lines JSON lines for ${#FILES[@]} files." >&2
  exit 1
fi
row "geoloop parse (all cores)" "${#FILES[@]}" "$MB" "$WALL" "$CPU" "$RSS_MB"

GEOPARSE_NOTE="GEOparse not measured (GEOPARSE_SERIES=0)"
if [ "$GEOPARSE_SERIES" -gt 0 ]; then
  if python3 -c 'import GEOparse' 2>/dev/null; then
    log "3. GEOparse on $GEOPARSE_SERIES series"
    cat >"$WORK/geoparse_bench.py" <<'PY'
"""Times GEOparse's parse_GSE on a subset of the corpus and extrapolates to the whole corpus.

Half the subset is sequencing series (metadata only: cost per series), half array series spread
over the size range (cost per uncompressed byte: tables dominate).
"""
import logging, os, sys, time
logging.disable(logging.CRITICAL)
import GEOparse

root, count = sys.argv[1], int(sys.argv[2])
with open(os.path.join(root, "manifest.tsv")) as f:
    rows = [line.rstrip("\n").split("\t") for line in f][1:]
kinds = {"sequencing": [r for r in rows if r[4] == "sequencing"], "array": [r for r in rows if r[4] == "array"]}
kinds["array"].sort(key=lambda r: int(r[5]))

def spaced(items, n):
    if n <= 0 or not items:
        return []
    n = min(n, len(items))
    return [items[(2 * i + 1) * len(items) // (2 * n)] for i in range(n)]

arrays = spaced(kinds["array"], count // 2)
sequencing = spaced(kinds["sequencing"], count - len(arrays))
totals = {"wall": 0.0, "cpu": 0.0}
estimate = {"wall": 0.0, "cpu": 0.0}
subset_bytes = 0
for name, picked, population in (("sequencing", sequencing, kinds["sequencing"]), ("array", arrays, kinds["array"])):
    wall = cpu = 0.0
    for row in picked:
        w, c = time.perf_counter(), time.process_time()
        GEOparse.GEOparse.parse_GSE(os.path.join(root, row[1]), open_kwargs={"encoding": "utf-8"})
        wall += time.perf_counter() - w
        cpu += time.process_time() - c
    if not picked:
        continue
    totals["wall"] += wall
    totals["cpu"] += cpu
    subset_bytes += sum(int(r[5]) for r in picked)
    if name == "sequencing":
        scale = len(population) / len(picked)
    else:
        scale = sum(int(r[5]) for r in population) / sum(int(r[5]) for r in picked)
    estimate["wall"] += wall * scale
    estimate["cpu"] += cpu * scale
print("%d %.3f %.3f %d %.1f %.1f" % (len(sequencing) + len(arrays), totals["wall"], totals["cpu"], subset_bytes,
                                   estimate["wall"], estimate["cpu"]))
PY
    measure python3 "$WORK/geoparse_bench.py" "$CORPUS" "$GEOPARSE_SERIES" >"$WORK/geoparse.txt"
    read -r gp_n gp_wall gp_cpu gp_bytes GP_WALL GP_CPU <"$WORK/geoparse.txt"
    GP_PER_SERIES=$(awk -v t="$gp_cpu" -v n="$gp_n" 'BEGIN { printf "%.2f", t / n }')
    row "GEOparse parse_GSE on $gp_n series (parse time only, 1 core)" "$gp_n" "$((gp_bytes / 1000000))" \
      "$gp_wall" "$gp_cpu" "$RSS_MB"
    row "GEOparse extrapolated to the corpus" "${#FILES[@]}" "$MB" "$GP_WALL" "$GP_CPU" "-"
    GEOPARSE_NOTE="GEOparse / geoloop: $(ratio "$GP_CPU" "$GEOLOOP_CPU")x CPU, $(ratio "$GP_WALL" "$GEOLOOP_WALL")x wall (GEOparse ${GP_PER_SERIES} s CPU per series on average over the subset)"
  else
    GEOPARSE_NOTE="GEOparse not installed (pip install GEOparse==2.0.4 six): not measured"
  fi
fi

MEMORY_NOTE="memory check skipped (BIG_SAMPLES=0)"
if [ "$BIG_SAMPLES" -gt 0 ]; then
  log "4. memory check: one array series of $BIG_SAMPLES samples x $BIG_ROWS rows"
  BIG="$WORK/big"
  rm -rf "$BIG"
  big_summary=$("$BIN/make-corpus" --out "$BIG" --big-array "$BIG_SAMPLES" --rows "$BIG_ROWS" --seed "$SEED")
  echo "$big_summary" >&2
  big_bytes=$(echo "$big_summary" | sed -E 's/.* ([0-9]+) bytes uncompressed.*/\1/')
  big_file="$BIG/$(tail -n +2 "$BIG/manifest.tsv" | cut -f2)"
  small_file=$(awk -F'\t' 'NR > 1 && (min == "" || $3 < min) { min = $3; path = $2 } END { print path }' \
    "$CORPUS/manifest.tsv")
  measure "$GEOLOOP" parse "$CORPUS/$small_file" >/dev/null
  BASE_RSS=$RSS_MB
  measure "$GEOLOOP" parse "$big_file" >/dev/null
  BIG_RSS=$RSS_MB
  row "geoloop parse, one $((big_bytes / 1000000)) MB series (memory check)" 1 "$((big_bytes / 1000000))" "$WALL" "$CPU" \
    "$RSS_MB"
  MEMORY_NOTE="memory check: peak RSS ${BIG_RSS} MB for a $((big_bytes / 1000000)) MB SOFT file vs ${BASE_RSS} MB for the smallest corpus file: $((BIG_RSS - BASE_RSS)) MB above baseline"
fi

cores=$(nproc)
echo
echo "### Parse benchmark: $SERIES series (seed $SEED), $((COMPRESSED / 1000000)) MB gzip, $MB MB SOFT; $cores cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "| step | files | SOFT MB | wall s | CPU s (user+sys) | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "- geoloop / zlib inflate: $(ratio "$GEOLOOP_CPU" "$INFLATE_CPU")x CPU, $(ratio "$GEOLOOP_WALL" "$INFLATE_WALL")x wall"
echo "- $GEOPARSE_NOTE"
echo "- $MEMORY_NOTE"
echo "- geoloop parse: $lines JSON lines, $errors with an error"
