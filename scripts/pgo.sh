#!/usr/bin/env bash
# Builds jixiao with profile-guided optimisation (PGO): an instrumented build runs a training workload, and the
# release build is made again with the profile it recorded, so that the compiler lays out and inlines the code
# for the paths jixiao actually takes. Same source, same behaviour; about an eighth fewer CPU-seconds for the
# same check (see the README, 性能 / Performance).
#
#   bash scripts/pgo.sh                 # → target/pgo/use/release/jixiao
#   cp target/pgo/use/release/jixiao ~/.local/bin/   # or anywhere on PATH
#
# What it does, on this machine:
# 1. finds llvm-profdata, the profile merger that matches this rustc (rustup's `llvm-tools` component, or the
#    program LLVM_PROFDATA names); when it is missing, adds the component with rustup (a download, once);
# 2. builds an instrumented jixiao under target/pgo/generate/ and the corpus generator;
# 3. trains it: writes 300 generated files (seed 2, not the seed the benchmark measures) under target/pgo/train/,
#    and runs `check` in every output format on them, on fixtures/ and on the real tables of corpus/tables/,
#    `fmt --check`, and `fmt` on a copy;
# 4. merges the profile and builds the optimised jixiao under target/pgo/use/.
#
# Not part of `cargo build`: a profile only fits the rustc that made it, and a fresh machine has no llvm-tools.
# After the source changes, run it again (a stale profile costs speed, never correctness).
set -euo pipefail
cd "$(dirname "$0")/.."

work=target/pgo
profiles="$PWD/$work/profiles"

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
profdata="${LLVM_PROFDATA:-$sysroot/lib/rustlib/$host/bin/llvm-profdata}"
if [ ! -x "$profdata" ] && [ -z "${LLVM_PROFDATA:-}" ]; then
  if ! command -v rustup >/dev/null 2>&1; then
    echo "pgo.sh: no llvm-profdata for this rustc, and no rustup to add it: set LLVM_PROFDATA to an llvm-profdata" \
      "of the LLVM version \`rustc -vV\` names" >&2
    exit 2
  fi
  echo "== adding rustup's llvm-tools component (for llvm-profdata)" >&2
  rustup component add llvm-tools
fi
if [ ! -x "$profdata" ]; then
  echo "pgo.sh: $profdata is not a program" >&2
  exit 2
fi

echo "== building the instrumented jixiao (release)" >&2
rm -rf "$profiles" "$work/train"
mkdir -p "$profiles" "$work/train"
RUSTFLAGS="-Cprofile-generate=$profiles" cargo build --release --locked --quiet --bin jixiao \
  --target-dir "$work/generate"
cargo build --release --locked --quiet --example gencorpus
# The build scripts the instrumented build ran left profiles of their own: only jixiao's runs are kept.
rm -rf "$profiles"
mkdir -p "$profiles"

echo "== training" >&2
trainee="$work/generate/release/jixiao"
target/release/examples/gencorpus --out "$work/train/corpus" --files 300 --seed 2 >&2
# Exit 1 (findings, files to format) is the expected answer; anything else stops the build.
run() {
  local status=0
  "$trainee" "$@" >/dev/null 2>&1 || status=$?
  if [ "$status" -gt 1 ]; then
    echo "jixiao $* exited with $status" >&2
    exit 1
  fi
}
for format in concise json human sarif; do
  run check --format "$format" "$work/train/corpus" fixtures corpus/tables
done
run fmt --check "$work/train/corpus"
cp -r "$work/train/corpus" "$work/train/copy"
run fmt "$work/train/copy"

echo "== building the optimised jixiao (release, with the profile)" >&2
"$profdata" merge -o "$work/merged.profdata" "$profiles"
# Named by its content: cargo rebuilds when the flags change, and a new profile is a new flag.
profile="$PWD/$work/jixiao-$(sha256sum "$work/merged.profdata" | cut -c1-16).profdata"
rm -f "$work"/jixiao-*.profdata
mv "$work/merged.profdata" "$profile"
RUSTFLAGS="-Cprofile-use=$profile" cargo build --release --locked --quiet --bin jixiao --target-dir "$work/use"
echo "$work/use/release/jixiao"
