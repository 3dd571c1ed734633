#!/usr/bin/env bash
# Whole-process benchmark of `playbook check` beside a parse-only floor.
#
#   scripts/bench.sh [N] [YAML_N]
#
# Generates N realistic deals as NDJSON, and YAML_N (default: N, at most
# 20,000) as a YAML stream and as a folder of YAML files; times `playbook
# check` (all cores, then --jobs 1) on each, output to a file, beside
# `parse-floor` (the same files parsed into serde_json::Value /
# serde_yaml::Value, single-threaded, nothing else); prints deals/s, the
# ratio to the floor and peak memory. Medians of RUNS runs (default 3).
# Also: `check` of one example deal, and parse + check of a 1,000-rule
# playbook (medians of 21 runs).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-100000}
YAML_N=${2:-$(( N < 20000 ? N : 20000 ))}
RUNS=${RUNS:-3}
DIR=${BENCH_DIR:-/tmp/playbook-bench}
TODAY=--today=2026-11-28

cargo build --quiet --release --features bench-tools --bins
BIN=$PWD/target/release
mkdir -p "$DIR"

[ -f "$DIR/deals-$N.ndjson" ] || "$BIN/gen-deals" "$N" ndjson "$DIR/deals-$N.ndjson"
[ -f "$DIR/deals-$YAML_N.yaml" ] || "$BIN/gen-deals" "$YAML_N" yaml "$DIR/deals-$YAML_N.yaml"
[ -d "$DIR/folder-$YAML_N" ] || "$BIN/gen-deals" "$YAML_N" folder "$DIR/folder-$YAML_N"
[ -f "$DIR/rules-1000.playbook" ] || "$BIN/gen-deals" 1000 playbook "$DIR/rules-1000.playbook"

# median_run CMD...: runs CMD $RUNS times (stdout to a file); prints
# "median_seconds max_rss_mib".
median_run() {
  local times=() rss=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$DIR/time.txt" "$@" > "$DIR/out.txt" 2> "$DIR/err.txt" || true
    read -r seconds kib < "$DIR/time.txt"
    times+=("$seconds")
    (( kib > rss )) && rss=$kib
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $(( rss / 1024 ))"
}

printf '%-22s %8s | %8s %6s | %8s %9s %6s %6s | %8s %9s %6s %6s\n' \
  input deals floor_s MiB all_s deals/s ratio MiB j1_s deals/s ratio MiB
row() { # label deals path
  local label=$1 deals=$2 path=$3
  read -r floor floor_mib < <(median_run "$BIN/parse-floor" "$path")
  read -r all all_mib < <(median_run "$BIN/playbook" check $TODAY --format ndjson "$path")
  read -r one one_mib < <(median_run "$BIN/playbook" check $TODAY --format ndjson --jobs 1 "$path")
  awk -v l="$label" -v d="$deals" -v f="$floor" -v fm="$floor_mib" -v a="$all" -v am="$all_mib" -v o="$one" -v om="$one_mib" 'BEGIN {
    printf "%-22s %8d | %8.2f %6d | %8.2f %9.0f %6.2f %6d | %8.2f %9.0f %6.2f %6d\n",
      l, d, f, fm, a, d / a, a / f, am, o, d / o, o / f, om }'
}
row "NDJSON" "$N" "$DIR/deals-$N.ndjson"
row "YAML stream" "$YAML_N" "$DIR/deals-$YAML_N.yaml"
row "folder of YAML files" "$YAML_N" "$DIR/folder-$YAML_N"

# ms_median CMD...: median wall time in milliseconds over 21 runs.
ms_median() {
  for _ in $(seq 21); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 ))
  done | sort -n | awk '{a[NR]=$1} END {printf "%.2f ms\n", a[11] / 1000}'
}
echo
echo "check of one example deal (whole process): $(ms_median "$BIN/playbook" check $TODAY examples/deals/needs-analysis-acme.yaml)"
echo "validate of a 1,000-rule playbook (whole process): $(ms_median "$BIN/playbook" validate "$DIR/rules-1000.playbook")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
