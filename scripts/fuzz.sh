#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (cargo-fuzz, nightly Rust) for SECONDS each, seeded from the repository's own
# inputs, and prints one Markdown row per target: executions, coverage (libFuzzer's edges), corpus, peak memory
# and crashes.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]     # default: 60 seconds, every target
#   FUZZ_JOBS=2 scripts/fuzz.sh 600         # two targets at a time (one per core)
#
# Targets: jx_check (parser + rules), fmt (idempotent, same model), fix (applies, no new syntax error), rules (the
# rule language), csv and xlsx (import within bounds). A crash leaves its input in fuzz/artifacts/TARGET/; rerun
# it with `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-…`. Needs `rustup toolchain install
# nightly` and `cargo install cargo-fuzz`. Corpora and artifacts stay out of git (fuzz/corpus, fuzz/artifacts).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(jx_check fmt fix rules csv xlsx)
fi
jobs=${FUZZ_JOBS:-1}
mkdir -p fuzz/logs

# The seed corpus of a target: copies of the repository's inputs of its kind (kept out of git).
seed() {
  local target=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    jx_check | fmt | fix) find fixtures templates -name '*.jx' ;;
    rules) find rules fixtures -name '*.jxr' ;;
    csv) find fixtures corpus/tables -name '*.csv' ;;
    xlsx) find fixtures corpus/tables tests/hostile -name '*.xlsx' -o -name '*.xls' -o -name '*.ods' ;;
  esac | while read -r file; do
    cp -n "$file" "$dir/seed-$(echo "$file" | tr '/' '_')"
  done
}

run() {
  local target=$1
  seed "$target"
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$duration" -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 \
    >"fuzz/logs/$target.log" 2>&1 || true
}

cargo +nightly fuzz build >/dev/null
running=0
for target in "${targets[@]}"; do
  run "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

echo "| target | executions | coverage (edges) | corpus | peak RSS | crashes |"
echo "|---|---:|---:|---:|---:|---:|"
for target in "${targets[@]}"; do
  log=fuzz/logs/$target.log
  runs=$(grep 'stat::number_of_executed_units:' "$log" | awk '{print $2}' | tail -1)
  rss=$(grep 'stat::peak_rss_mb:' "$log" | awk '{print $2}' | tail -1)
  cov=$(grep -oE '(DONE|pulse|NEW|REDUCE) +cov: [0-9]+' "$log" | awk '{print $3}' | tail -1)
  corp=$(grep -oE 'corp: [0-9]+' "$log" | awk '{print $2}' | tail -1)
  crashes=$(find "fuzz/artifacts/$target" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) 2>/dev/null | wc -l)
  echo "| $target | ${runs:-?} | ${cov:-?} | ${corp:-?} | ${rss:-?} MB | $crashes |"
done
