#!/usr/bin/env bash
# Measures jixiao end to end on a generated corpus and prints a Markdown table of the figures.
#
#   bash scripts/bench.sh            # from anywhere; uses $CARGO_TARGET_DIR when set, else target/
#   SEED=7 bash scripts/bench.sh     # another corpus of the same shape
#   LIMIT=60 bash scripts/bench.sh   # stop any one run after 60 s (default 300)
#   PGO=1 bash scripts/bench.sh      # measure the build of scripts/pgo.sh (profile-guided) instead
#
# What it does, on this machine, with nothing installed:
# 1. builds the release binary and the corpus generator (examples/gencorpus.rs, whose generator is
#    tests/it/generating/);
# 2. writes the corpus under target/bench-corpus/ (removed first): 1,000 files and 4,000 files (about 12 KB a
#    .jx file, 10 % CSV tables; 4,000 files are about 50 MB, the size of the issue's reference corpus), and single
#    .jx files of 1, 5 and 20 MB for how one file scales;
# 3. runs on each input, one at a time, with output to /dev/null:
#    `jixiao check --format concise`, `jixiao check --format json`, `jixiao check` (human format; no colour, as
#    the output is no terminal), `jixiao fmt --check`, `jixiao fmt` on a copy of the input, and as a floor for
#    reading the same bytes, ripgrep's fixed-string count `rg -c -F 满足需求` (or, when rg is not installed,
#    `grep -r -c -F 满足需求`, and a note);
# 4. prints one row per run: input, its size in MB (10^6 bytes, tables included), command, wall-clock seconds,
#    user + system CPU seconds, MB per CPU-second, and peak resident memory in MiB, all from `/usr/bin/time -v`.
#    Without /usr/bin/time, bash's `time` gives the times and peak memory is "n/a".
#
# Each command runs once, on a warm page cache (the corpus was just written). Exit status 1 (findings, files to
# format) is expected; any other status is named in the table. A run still going after LIMIT seconds is stopped
# (coreutils `timeout`) and its row reads "> LIMIT" (the human format on one large file can take that long).
# The figures depend on the machine and on whatever else runs on it: the lines above the table give the commit,
# the cores and the load average. Not part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

seed="${SEED:-1}"
limit="${LIMIT:-300}"
target_dir="${CARGO_TARGET_DIR:-target}"
corpus=target/bench-corpus
jixiao="$target_dir/release/jixiao"
gencorpus="$target_dir/release/examples/gencorpus"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

echo "== building (release)" >&2
cargo build --release --quiet --bin jixiao --example gencorpus
if [ "${PGO:-0}" = 1 ]; then
  jixiao=$(bash scripts/pgo.sh)
fi

echo "== generating the corpus under $corpus (seed $seed)" >&2
rm -rf "$corpus"
mkdir -p "$corpus"
"$gencorpus" --out "$corpus/files-1000" --files 1000 --seed "$seed" >&2
"$gencorpus" --out "$corpus/files-4000" --files 4000 --seed "$seed" >&2
for mb in 1 5 20; do
  "$gencorpus" --out "$corpus/one-file" --one-file-mb "$mb" --seed "$seed" >&2
done
inputs=(
  "$corpus/files-1000"
  "$corpus/files-4000"
  "$corpus/one-file/large-1mb.jx"
  "$corpus/one-file/large-5mb.jx"
  "$corpus/one-file/large-20mb.jx"
)

have_time=false
if [ -x /usr/bin/time ]; then
  have_time=true
fi
have_rg=false
if command -v rg >/dev/null 2>&1; then
  have_rg=true
fi

# The bytes of a file or of every file under a directory.
bytes_of() {
  find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}

# Seconds from /usr/bin/time's "h:mm:ss" or "m:ss.ss".
seconds_of() {
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

# measure INPUT BYTES LABEL COMMAND…: runs COMMAND once and prints its row.
measure() {
  local input=$1 bytes=$2 label=$3
  shift 3
  echo "   $label" >&2
  local status=0 wall cpu rss
  if $have_time; then
    /usr/bin/time -v -o "$scratch/time" timeout "$limit" "$@" >/dev/null 2>"$scratch/stderr" || status=$?
    wall=$(seconds_of "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$scratch/time")")
    local user sys kib
    user=$(sed -n 's/.*User time (seconds): //p' "$scratch/time")
    sys=$(sed -n 's/.*System time (seconds): //p' "$scratch/time")
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$scratch/time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    rss=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
  else
    local TIMEFORMAT='%R %U %S' times
    { time timeout "$limit" "$@" >/dev/null 2>"$scratch/stderr"; } 2>"$scratch/time" || status=$?
    times=$(tail -n 1 "$scratch/time")
    wall=$(awk '{ printf "%.2f", $1 }' <<<"$times")
    cpu=$(awk '{ printf "%.2f", $2 + $3 }' <<<"$times")
    rss="n/a"
  fi
  local mb per_cpu
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  per_cpu=$(awk -v b="$bytes" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.1f", b / 1e6 / c; else print "–" }')
  if [ "$status" -eq 124 ]; then
    wall="> $limit"
    cpu="> $cpu"
    per_cpu="< $per_cpu"
    label="$label (stopped)"
  elif [ "$status" -gt 1 ]; then
    label="$label (exit $status)"
    echo "   exit $status: $(head -n 3 "$scratch/stderr")" >&2
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$input" "$mb" "$label" "$wall" "$cpu" "$per_cpu" "$rss"
}

echo "== measuring" >&2
echo "jixiao $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([ "${PGO:-0}" = 1 ] && echo ' (profile-guided build)'), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
$have_time || echo "(/usr/bin/time is missing: peak memory is not available)"
$have_rg || echo "(ripgrep is not installed: grep -r -c -F is the floor instead)"
echo
echo "| input | size MB | command | wall s | user+sys CPU s | MB per CPU-second | peak RSS MiB |"
echo "|---|---:|---|---:|---:|---:|---:|"
for input in "${inputs[@]}"; do
  bytes=$(bytes_of "$input")
  name=${input#"$corpus/"}
  echo "== $name" >&2
  measure "$name" "$bytes" "check --format concise" "$jixiao" check --format concise "$input"
  measure "$name" "$bytes" "check --format json" "$jixiao" check --format json "$input"
  measure "$name" "$bytes" "check (human)" "$jixiao" check "$input"
  measure "$name" "$bytes" "fmt --check" "$jixiao" fmt --check "$input"
  # `fmt` rewrites what it formats: it runs on a copy (the copying is not timed), whose files are not formatted.
  rm -rf "$scratch/copy"
  mkdir -p "$scratch/copy"
  cp -r "$input" "$scratch/copy/"
  measure "$name" "$bytes" "fmt (rewrites a copy)" "$jixiao" fmt "$scratch/copy/$(basename "$input")"
  rm -rf "$scratch/copy"
  if $have_rg; then
    measure "$name" "$bytes" "rg -c -F 满足需求" rg -c -F 满足需求 "$input"
  else
    measure "$name" "$bytes" "grep -r -c -F 满足需求" grep -r -c -F 满足需求 "$input"
  fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
