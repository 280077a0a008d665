#!/usr/bin/env bash
# The judgment of a speed target on a machine whose speed moves: the median, over several fresh
# processes, of a bench's interleaved ratios (GOVBLOCKS_BENCH_CPU_ROUNDS, thread CPU time; see
# src/interleaved.rs). One process's ratio moves by ±8-10% from the next on the project's 2-core
# machines, while the rounds inside one process agree within a few percent: a single run is not
# a verdict.
#
#   interleaved-median.sh PROCESSES ROUNDS GROUP BINARY [BINARY...]
#
# Runs each BINARY (a bench built with `cargo bench --no-run`, e.g.
# target/release/deps/envelope-<hash>) PROCESSES times with GOVBLOCKS_BENCH_CPU_ROUNDS=ROUNDS on
# the bench group GROUP, the binaries alternated (an A/B of two builds), and prints, for each
# binary and each ratio the bench reports ("ours / floor: cpu R ..."), every process's ratio of
# mean CPU times sorted, and their median.
#
#   crates/govblocks-testkit/interleaved-median.sh 12 31 envelopes_1000 /tmp/envelope-before /tmp/envelope-after
set -euo pipefail

if [ "$#" -lt 4 ]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
processes=$1 rounds=$2 group=$3
shift 3

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for ((i = 1; i <= processes; i++)); do
  for binary in "$@"; do
    GOVBLOCKS_BENCH_CPU_ROUNDS=$rounds "$binary" --bench "$group" 2>&1 |
      # "  A / B: cpu 0.490 (ratio of means), ..." -> binary <TAB> A / B <TAB> 0.490
      sed -n 's/^ *\(.* \/ .*\): cpu \([0-9.]*\) .*/\1\t\2/p' |
      while IFS=$'\t' read -r pair ratio; do
        printf '%s\t%s\t%s\n' "$binary" "$pair" "$ratio"
      done >>"$results"
  done
done

sort -t$'\t' -k1,1 -k2,2 -k3,3n "$results" | awk -F'\t' '
  function flush(   m) {
    if (n == 0) return
    m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    if (key_binary != shown) { print key_binary; shown = key_binary }
    printf "  %s: median %.3f of %d processes (%s)\n", key_pair, m, n, list
  }
  {
    if ($1 != key_binary || $2 != key_pair) { flush(); key_binary = $1; key_pair = $2; n = 0; list = "" }
    v[++n] = $3; list = list (n > 1 ? " " : "") $3
  }
  END { flush() }'
