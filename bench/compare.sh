#!/usr/bin/env bash
# compare.sh - compare our Go GOST implementation with OpenSSL 3.0 + gost-engine.
#
# Needs (Debian 12): Go (see go.mod) and
#     apt-get install libengine-gost-openssl libssl-dev gcc
# Run from anywhere:
#     bash bench/compare.sh                 # ~1.5 min engine + the Go benchmarks
# Environment knobs:
#     ENGINE_SECONDS=2   measuring time per gost-engine figure (warm-up extra 0.3 s)
#     BENCHTIME=2s       go test -benchtime
#     GO_PKGS=./gost/... packages to benchmark
#     ENGINE_OUTPUT=file / GO_OUTPUT=file   reuse saved output of a previous run
#                        (gostengine_bench stdout / go test output) instead of measuring
#
# What it does:
#  1. builds bench/gostengine_bench.c into a temp dir and runs it (hash MB/s,
#     verification us/op per key/paramset, see that file);
#  2. runs, from the repo root,
#       go test -run '^$' -bench '^(BenchmarkStreebog256|BenchmarkStreebog512|BenchmarkGOST94|BenchmarkVerify)$' \
#               -benchtime=2s ./gost/...
#     (BenchmarkVerify/<curve> sub-benchmarks, e.g. CryptoPro-A, TC26-512-A);
#     packages that do not build, or benchmarks that do not exist yet, show "n/a";
#  3. prints a Markdown table: figure | gost-engine | ours | ratio | target | met.
#     ratio > 1 always means "ours is faster": ours/engine for MB/s,
#     engine/ours for us/op. Targets: Streebog >= 1.0x, GOST94 >= 1.5x,
#     every verification >= 1.5x.
# Engine verification figures are mapped to the Go benchmark of the same curve:
#   CryptoPro-A = CryptoPro-XchA = TC26-256-B; CryptoPro-B = TC26-256-C;
#   CryptoPro-C = CryptoPro-XchB = TC26-256-D; 2001-test; TC26-256-A; TC26-512-A/B/C.
# Go "Verify" figures come from package gost/internal/ec when present, otherwise
# from any other package under GO_PKGS that has the same sub-benchmark name
# (e.g. package gost), which is then named in the figure column.
# Raw outputs of both runs are appended below the table.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENGINE_SECONDS=${ENGINE_SECONDS:-2}
BENCHTIME=${BENCHTIME:-2s}
GO_PKGS=${GO_PKGS:-./gost/...}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/gostbench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------- engine ---
if [[ -n ${ENGINE_OUTPUT:-} ]]; then
    cp "$ENGINE_OUTPUT" "$TMP/engine.txt"
else
    echo "compare.sh: building gost-engine harness..." >&2
    gcc -O2 -Wall -o "$TMP/gostengine_bench" "$ROOT/bench/gostengine_bench.c" -lcrypto
    echo "compare.sh: running gost-engine harness (${ENGINE_SECONDS}s per figure)..." >&2
    "$TMP/gostengine_bench" -t "$ENGINE_SECONDS" | tee "$TMP/engine.txt" >&2
fi

# -------------------------------------------------------------------- Go ---
go_rc=0
if [[ -n ${GO_OUTPUT:-} ]]; then
    cp "$GO_OUTPUT" "$TMP/go.txt"
    grep -qE '^(FAIL|# )' "$TMP/go.txt" && go_rc=1
else
    echo "compare.sh: running Go benchmarks ($GO_PKGS, -benchtime=$BENCHTIME)..." >&2
    # shellcheck disable=SC2086  # GO_PKGS may list several patterns
    (cd "$ROOT" && go test -vet=off -run '^$' \
        -bench '^(BenchmarkStreebog256|BenchmarkStreebog512|BenchmarkGOST94|BenchmarkVerify)$' \
        -benchtime="$BENCHTIME" $GO_PKGS) >"$TMP/go.txt" 2>&1 || go_rc=$?
fi
grep -E '^(pkg:|Benchmark|FAIL|ok|---)' "$TMP/go.txt" >&2 || true

# Parsed Go results: "<pkg>\t<benchmark name without -GOMAXPROCS>\t<ns/op>\t<MB/s>"
awk '
    /^pkg: / { pkg = $2; next }
    /^Benchmark/ {
        name = $1; sub(/-[0-9]+$/, "", name)
        ns = "-"; mbs = "-"
        for (i = 3; i < NF; i++) {
            if ($(i + 1) == "ns/op") ns = $i
            if ($(i + 1) == "MB/s") mbs = $i
        }
        printf "%s\t%s\t%s\t%s\n", pkg, name, ns, mbs
    }' "$TMP/go.txt" >"$TMP/go.tsv"

engine_val() { # FIGURE -> value or empty
    awk -v f="$1" '$1 == f { print $3; exit }' "$TMP/engine.txt"
}

# go_lookup BENCHNAME FIELD(3=ns/op,4=MB/s) PREFERRED-PKG-SUFFIX -> "value<TAB>pkg" or empty
go_lookup() {
    awk -F '\t' -v n="$1" -v f="$2" -v pref="$3" '
        $2 == n && $f != "-" {
            if (best == "" || (substr($1, length($1) - length(pref) + 1) == pref && !bestpref)) {
                best = $f "\t" $1
                bestpref = (substr($1, length($1) - length(pref) + 1) == pref)
            }
        }
        END { if (best != "") print best }' "$TMP/go.tsv"
}

# ratio A B -> A/B with 2 decimals (awk, no bc needed)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
meets() { awk -v r="$1" -v t="$2" 'BEGIN { print (r + 0 >= t + 0) ? "yes" : "NO" }'; }

rows=()
add_row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# hash_row LABEL ENGINE-FIGURE GO-BENCH PREF-PKG TARGET
hash_row() {
    local label=$1 fig=$2 gob=$3 pref=$4 target=$5 e g r="n/a" m="n/a" hit
    e=$(engine_val "$fig")
    hit=$(go_lookup "$gob" 4 "$pref")
    g=${hit%%$'\t'*}
    if [[ -n $e && -n $g ]]; then r=$(ratio "$g" "$e"); m=$(meets "$r" "$target"); fi
    add_row "$label (MB/s)" "${e:-n/a}" "${g:-n/a}" "${r}$([[ $r != n/a ]] && echo x)" "≥ ${target}x" "$m"
}

# verify_row ENGINE-NAME GO-SUBNAME
verify_row() {
    local en=$1 gn=$2 e g="" pkg="" r="n/a" m="n/a" hit label
    e=$(engine_val "Verify/$en")
    hit=$(go_lookup "BenchmarkVerify/$gn" 3 "/gost/internal/ec")
    if [[ -n $hit ]]; then
        pkg=${hit#*$'\t'}
        g=$(awk -v ns="${hit%%$'\t'*}" 'BEGIN { printf "%.1f", ns / 1000 }')
    fi
    label="Verify $en → Go $gn"
    [[ -n $pkg && $pkg != */gost/internal/ec ]] && label+=" (pkg ${pkg##*/gostverify/})"
    if [[ -n $e && -n $g ]]; then r=$(ratio "$e" "$g"); m=$(meets "$r" 1.5); fi
    local target="≥ 1.5x"
    [[ $en == "("* ]] && target="—"
    add_row "$label (µs/op)" "${e:-n/a}" "${g:-n/a}" "${r}$([[ $r != n/a ]] && echo x)" "$target" "$m"
}

hash_row "Streebog-256" Streebog256 BenchmarkStreebog256 /gost/internal/streebog 1.0
hash_row "Streebog-512" Streebog512 BenchmarkStreebog512 /gost/internal/streebog 1.0
hash_row "GOST R 34.11-94" GOST94 BenchmarkGOST94 /gost/internal/gost94 1.5

verify_row 2001-test 2001-test
verify_row 2001-CryptoPro-A CryptoPro-A
verify_row 2001-CryptoPro-XchA CryptoPro-A
verify_row 2012-256-CryptoPro-A CryptoPro-A
verify_row 2012-256-CryptoPro-XchA CryptoPro-A
verify_row 2012-256-TC26-B CryptoPro-A
verify_row 2001-CryptoPro-B CryptoPro-B
verify_row 2012-256-CryptoPro-B CryptoPro-B
verify_row 2012-256-TC26-C CryptoPro-B
verify_row 2001-CryptoPro-C CryptoPro-C
verify_row 2001-CryptoPro-XchB CryptoPro-C
verify_row 2012-256-CryptoPro-C CryptoPro-C
verify_row 2012-256-CryptoPro-XchB CryptoPro-C
verify_row 2012-256-TC26-D CryptoPro-C
verify_row 2012-256-TC26-A TC26-256-A
verify_row 2012-512-TC26-A TC26-512-A
verify_row 2012-512-TC26-B TC26-512-B
verify_row 2012-512-TC26-C TC26-512-C
# no gost-engine counterpart (it cannot generate keys on this curve)
verify_row "(none: 512-test)" 512-test

# ---------------------------------------------------------------- report ---
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "## GOST: ours vs OpenSSL 3.0 + gost-engine"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); ${cpu:-unknown CPU}, $(nproc) CPUs; $(go version 2>/dev/null | cut -d' ' -f3-);"
echo "$(grep -m1 '^# OpenSSL' "$TMP/engine.txt" | sed 's/^# //')."
echo "ratio > 1 means ours is faster (ours/engine for MB/s, engine/ours for µs/op)."
echo
echo "| figure | gost-engine | ours | ratio | target | met |"
echo "|---|---:|---:|---:|---:|:---:|"
printf '%s\n' "${rows[@]}"
echo
if ((go_rc != 0)); then
    echo "Note: \`go test\` failed (status $go_rc); figures from packages that do not build"
    echo "or benchmarks that do not exist yet show n/a. Failing packages:"
    echo
    grep -E '^FAIL[[:space:]]+[^[:space:]]' "$TMP/go.txt" | sort -u | sed 's/^/    /' || true
    echo
fi
echo "<details><summary>raw gost-engine output</summary>"
echo
echo '```'
cat "$TMP/engine.txt"
echo '```'
echo "</details>"
echo
echo "<details><summary>raw go test output</summary>"
echo
echo '```'
grep -vE '^(goos|goarch|cpu):' "$TMP/go.txt" | head -n 200
echo '```'
echo "</details>"
