#!/usr/bin/env bash
# Measures the start-to-finish time of one small run (the pre-commit case), alternating between binaries so that
# each meets the same moments of a busy machine, and prints percentiles of the wall time.
#
#   bash scripts/startup.sh                                  # target/release/jixiao, 200 runs, the bundled fixture
#   RUNS=150 bash scripts/startup.sh OLD_BIN target/release/jixiao -- check path/to/file.jx
#
# Arguments: the binaries, then `--` and the arguments of each run (default: check fixtures/shuozhou-2022.jx).
# Output goes to /dev/null. Needs bash 5 (its clock, $EPOCHREALTIME, in microseconds). Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-200}"
bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  bins+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
args=("$@")
[ ${#bins[@]} -eq 0 ] && bins=(target/release/jixiao)
[ ${#args[@]} -eq 0 ] && args=(check fixtures/shuozhou-2022.jx)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

for bin in "${bins[@]}"; do
  [ -x "$bin" ] || { echo "not an executable: $bin (cargo build --release first)" >&2; exit 2; }
done
for ((run = 0; run < runs; run++)); do
  for i in "${!bins[@]}"; do
    start=${EPOCHREALTIME/[.,]/}
    "${bins[$i]}" "${args[@]}" >/dev/null 2>&1 || true
    end=${EPOCHREALTIME/[.,]/}
    echo $((end - start)) >>"$scratch/$i"
  done
done
echo "${runs} runs each of: ${args[*]}"
echo "| binary | p0 ms | p10 ms | p25 ms | p50 ms | p75 ms | p90 ms |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for i in "${!bins[@]}"; do
  sort -n "$scratch/$i" | awk -v name="${bins[$i]}" '
    { v[NR] = $1 }
    END {
      split("0 0.1 0.25 0.5 0.75 0.9", q, " ")
      line = "| " name
      for (k = 1; k <= 6; k++) { at = int(q[k] * (NR - 1)) + 1; line = line sprintf(" | %.2f", v[at] / 1000) }
      print line " |"
    }'
done
