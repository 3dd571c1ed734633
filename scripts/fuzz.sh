#!/usr/bin/env bash
# Runs every fuzz target, one after another, for SECONDS each (default 60).
#   scripts/fuzz.sh 900          # 15 minutes per target
#   scripts/fuzz.sh 60 format    # one target
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the
# sanitizer flags need RUSTC_BOOTSTRAP=1, which this script sets. Runs under
# `nice -n 19` so it never competes with other work. Seeds come from
# tests/fixtures, playbooks/ and examples/ (copied into fuzz/corpus/TARGET on
# each run; what the fuzzer finds accumulates there). A crash is saved in
# fuzz/artifacts/TARGET/ and makes the script exit 1 after the other targets
# have run. A summary line per target goes to fuzz/runs.log.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(parse_check format eval_default deal_load reference crm_export)
fi
export RUSTC_BOOTSTRAP=1

# The first stage symbol of a playbook file: the first word after
# `stages`, on its line or the next line that is not blank or a comment.
first_stage() {
    awk '
        found && /^[[:space:]]*(#|$)/ { next }
        found { print $1; exit }
        /^[[:space:]]*stages([[:space:]]|$)/ {
            if (NF > 1 && $2 !~ /^#/) { print $2; exit }
            found = 1
        }' "$1"
}

seed() {
    local target=$1 dir=fuzz/corpus/$1
    mkdir -p "$dir"
    case $target in
        parse_check|format)
            find tests/fixtures playbooks -name '*.playbook' | while read -r f; do
                cp "$f" "$dir/seed-$(basename "$f")"
            done ;;
        deal_load)
            # First byte: the format (0 YAML, 1 JSON, 2 NDJSON) and, with the
            # high bit, the stream splitter.
            find tests/fixtures examples -name '*.yaml' -o -name '*.json' -o -name '*.ndjson' |
                grep -v tests.yaml | while read -r f; do
                    case $f in
                        *.yaml) codes="00 80" ;;
                        *.json) codes="01 81" ;;
                        *) codes="02 82" ;;
                    esac
                    for c in $codes; do
                        { printf "\\x$c"; cat "$f"; } > "$dir/seed-$c-$(basename "$f")"
                    done
                done ;;
        eval_default) : ;; # structured input: the fuzzer starts from nothing
        crm_export)
            # A mapping, a NUL byte, a deals CSV: each shipped preset and
            # mapping file with each example export; a CSV alone is read
            # through the Salesforce preset.
            for m in src/crm/presets/*.yaml examples/crm/*.map.yaml; do
                [ -f "$m" ] || continue
                for c in examples/crm/*.csv; do
                    { cat "$m"; printf '\0'; cat "$c"; } > "$dir/seed-$(basename "$m")-$(basename "$c")"
                done
            done
            for c in examples/crm/*.csv; do cp "$c" "$dir/seed-$(basename "$c")"; done ;;
        reference)
            # A playbook, a NUL byte, a deal: every playbook with every
            # example deal (its stage set to the playbook's first stage, so
            # that it loads), and every deal fixture with the shipped
            # playbook.
            find tests/fixtures playbooks examples -name '*.playbook' | while read -r p; do
                first=$(first_stage "$p")
                find examples -name '*.yaml' | while read -r d; do
                    { cat "$p"; printf '\0'; sed "s/^stage: .*/stage: ${first:-prospecting}/" "$d"; } \
                        > "$dir/seed-$(basename "$p")-$(basename "$d")"
                done
            done
            find tests/fixtures -name '*.yaml' | grep -v tests.yaml | while read -r d; do
                { cat playbooks/consultative-sales.playbook; printf '\0'; cat "$d"; } \
                    > "$dir/seed-consultative-$(basename "$d")"
            done ;;
    esac
}

# Build once, then run the binaries: every target fuzzes the same code, and
# nothing is rebuilt between targets. The library is memory-safe Rust
# (`unsafe_code = "forbid"`), so the targets run without a sanitizer, which
# makes them several times faster; `deal_load` is the exception: YAML is
# parsed by unsafe-libyaml (a C library translated to unsafe Rust), so it
# is built with AddressSanitizer, in its own target folder.
triple=$(rustc -vV | sed -n 's/^host: //p')
build() { # TARGET-DIR SANITIZER TARGET...
    local dir=$1 sanitizer=$2
    shift 2
    for t in "$@"; do
        nice -n 19 cargo fuzz build --fuzz-dir fuzz --target-dir "$dir" -s "$sanitizer" "$t" \
            || exit 2
    done
}
binary() {
    case $1 in
        deal_load) echo "fuzz/target-asan/$triple/release/$1" ;;
        *) echo "fuzz/target/$triple/release/$1" ;;
    esac
}
for target in "${targets[@]}"; do
    case $target in
        deal_load) build fuzz/target-asan address "$target" ;;
        *) build fuzz/target none "$target" ;;
    esac
done

status=0
for target in "${targets[@]}"; do
    seed "$target"
    mkdir -p "fuzz/artifacts/$target"
    dict=()
    case $target in
        parse_check|format|reference) dict=(-dict=fuzz/playbook.dict) ;;
    esac
    log=fuzz/last-$target.log
    echo "== $target: ${seconds}s" >&2
    # -fork=1: a crash, timeout or out-of-memory is saved and fuzzing goes
    # on, so every target gets its full time.
    nice -n 19 "$(binary "$target")" "fuzz/corpus/$target" -fork=1 \
        -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="fuzz/artifacts/$target/" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=16384 "${dict[@]}" >"$log" 2>&1 </dev/null
    code=$?
    runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    found=$(ls "fuzz/artifacts/$target" | wc -l)
    if [ "$found" -gt 0 ]; then code=1; fi
    line="$(date -u +%FT%TZ) $target ${seconds}s exit=$code execs=${runs:-?} corpus=$(ls "fuzz/corpus/$target" | wc -l) artifacts=$found"
    echo "$line" | tee -a fuzz/runs.log >&2
    if [ $code -ne 0 ]; then
        status=1
        tail -40 "$log" >&2
    fi
done
exit $status
