#!/usr/bin/env bash
# Fuzzes SOFTParser.parse and Gzip.inflate with libFuzzer for SECONDS (default 60), starting from the
# real GEO files (and their gzip). Findings are written to fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PATH:/opt/swift/usr/bin"
seconds="${1:-60}"
scratch="${GEOLOOP_FUZZ_SCRATCH:-/tmp/geoloop-fuzz-build-$(id -u)}"
swift build -c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address
corpus="$(mktemp -d /tmp/geoloop-fuzz-corpus.XXXXXX)"
trap 'rm -rf "$corpus"' EXIT
for file in ../../shared/data/geo/* /work/shared/data/geo/*; do
    [ -f "$file" ] || continue
    case "$file" in *README.md) continue ;; esac
    cp "$file" "$corpus/" 2>/dev/null || true
    gzip -c "$file" > "$corpus/$(basename "$file").gz" 2>/dev/null || true
done
mkdir -p findings
"$scratch/debug/SOFTFuzz" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 \
    -artifact_prefix=findings/ -print_final_stats=1 "$corpus"
