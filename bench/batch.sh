#!/usr/bin/env bash
# batch.sh - measure `gostverify batch` against the issue's targets, with
#            OpenSSL 3.0 + gost-engine as the independent reference.
#
# Needs (Debian 12): Go (see go.mod), GNU time and
#     apt-get install openssl libengine-gost-openssl time
# Uses only bash, coreutils, awk, openssl, go and /usr/bin/time (no python).
#
# Usage:
#     bash bench/batch.sh [--files N] [--skip-big] [--work DIR] [--keep]
#       --files N    documents in the throughput corpus (default 10000)
#       --skip-big   skip part B (the 4 GiB document)
#       --work DIR   work directory (default: a new mktemp -d directory, kept
#                    at exit, its path printed); the PKI and the corpus are
#                    cached there, so a rerun with the same --work skips the
#                    generation (~1 min for 10 000 signatures on 2 cores)
#       --keep       keep the 4 GiB document and its signature (reused by the
#                    next run with the same --work); deleted otherwise
# A full run takes ~6 min on a quiet 2-core machine (~5 with a cached corpus; more when
# other processes keep it busy: measurements wait for quiet, see QUIET_MAX and TRIES).
# Environment knobs:
#     REPEAT=3                 timed gostverify runs of part A (median wall time)
#     OPENSSL_MAX_SECONDS=120  the openssl loop runs over every file when a timed
#                              sample says it takes less than this; otherwise over
#                              the first OPENSSL_SUBSET files (the output says so)
#     OPENSSL_SUBSET=1000
#     BENCHTIME=2s             -test.benchtime of the Streebog reference benchmark
#     BIG_MIB=4096             size of the big document of part B (for trial runs)
#     QUIET_MAX=600            seconds to wait, before each measurement, for other
#                              processes to use less than 0.1 CPU
#     TRIES=4                  attempts of a measurement during which other
#                              processes used more than 0.1 CPU on average
#
# What it does (progress on stderr, the result table on stdout):
#  0. builds ./cmd/gostverify into WORK/gostverify and the ./gost test binary;
#  1. makes (once per WORK) a GOST PKI with OpenSSL + gost-engine: one root CA
#     (GOST R 34.10-2012 256-bit, paramset A) issuing five signers (2012-256,
#     paramsets A, B, C, XA, XB) with `openssl ca`; each signer certificate has
#     authorityInfoAccess OCSP;URI:http://127.0.0.1:PORT/ (PORT picked free at
#     generation and stored in WORK/pki/port: reruns need it free again);
#  2. makes (once per WORK and N) WORK/corpus-N: N distinct XML documents
#     doc.I.xml of 0.2-4.4 KB, each with a detached DER CAdES-BES signature
#     doc.I.xml.sig, `openssl cms -sign -engine gost -binary -nosmimecap -cades
#     -md md_gost12_256 -outform DER`, signer I mod 5, two openssl at a time;
#  3. starts `openssl ocsp -index index.txt -port PORT -rsigner root.pem
#     -rkey root.key.pem -CA root.pem -ndays 1 -ignore_err` (gost-engine loaded
#     from a config) on the stored port, killed at exit;
#  A. after an untimed warm-up run, times, under /usr/bin/time -f '%e %M %U %S':
#       gostverify batch --lang en --roots root.pem --jobs 2 --cache-dir EMPTY CORPUS
#     REPEAT times (median wall time; the summary must say N valid), then once
#       gostverify batch ... --report report.json CORPUS
#     whose report must show every signature valid with revocation good from
#     OCSP (default --revocation ocsp,crl: OCSP through the responder above,
#     a new empty cache each run); and a shell loop running once per file
#       openssl cms -verify -engine gost -binary -inform DER -in X.sig -content X
#                   -CAfile root.pem -purpose any -out /dev/null
#     (no revocation check: OpenSSL's cms tool has none), every one must say
#     "Verification successful";
#     targets: files/s ratio >= 50x, gostverify peak RSS < 200 MB;
#  B. makes WORK/big/big.bin, 4 GiB of AES-128-CTR keystream (deterministic,
#     not sparse), signs it detached with `openssl cms -sign` (OpenSSL streams
#     the content through a digest BIO), runs the benchmark
#       gost.test -test.run '^$' -test.bench 'BenchmarkHash/GOST_R_34.11-2012_\(256\)$'
#                 -test.benchtime 2s -test.count 3     (= go test ./gost/ -bench ...)
#     (public gost.Streebog256 hash fed 8 KiB writes: an unbounded stream;
#     median of 3), then times
#       gostverify batch --revocation none --roots root.pem --json WORK/big
#     and, for reference, `gostverify dgst` and `openssl cms -verify` of the same
#     file (all read from the page cache: the file was just written; fincore,
#     when installed, says how much of it is resident); hashing speed =
#     file size / wall time; targets: peak RSS < 64 MB, speed >= 90% of the
#     benchmark's.
#  Every measurement starts when the machine is quiet; the CPU time the other
#  processes used during it (from /proc/stat, minus the measured command's own
#  user + system time) is shown, and a measurement they disturbed (> 0.1 CPU)
#  is repeated, up to TRIES times.
#  Exit status: 0 when every run was correct (whether the targets were met or
#  not: the table says), 1 when something failed (a verdict, a tool).
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILES=10000
SKIP_BIG=0
WORK=""
KEEP=0

say() { echo "batch.sh: $*" >&2; }
die() { echo "batch.sh: ERROR: $*" >&2; exit 1; }
usage() { sed -n '/^# Usage:/,/^# A full run/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
posint() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, not '$2'"; }

REPEAT=${REPEAT:-3}; posint REPEAT "$REPEAT"
OPENSSL_MAX_SECONDS=${OPENSSL_MAX_SECONDS:-120}; posint OPENSSL_MAX_SECONDS "$OPENSSL_MAX_SECONDS"
OPENSSL_SUBSET=${OPENSSL_SUBSET:-1000}; posint OPENSSL_SUBSET "$OPENSSL_SUBSET"
BENCHTIME=${BENCHTIME:-2s}
BIG_MIB=${BIG_MIB:-4096}; posint BIG_MIB "$BIG_MIB"
QUIET_MAX=${QUIET_MAX:-600}; posint QUIET_MAX "$QUIET_MAX"
TRIES=${TRIES:-4}; posint TRIES "$TRIES"
OTHERS_MAX=0.10                        # CPUs used by other processes that make a measurement disturbed
BIG_BYTES=$((BIG_MIB << 20))
BIG_LABEL="$BIG_MIB MiB"
((BIG_MIB % 1024 == 0)) && BIG_LABEL="$((BIG_MIB / 1024)) GiB"

while (($#)); do
    case $1 in
    --files) posint --files "${2:-}"; FILES=$2; shift 2 ;;
    --files=*) FILES=${1#*=}; posint --files "$FILES"; shift ;;
    --skip-big) SKIP_BIG=1; shift ;;
    --work) [[ -n ${2:-} ]] || die "--work needs a directory"; WORK=$2; shift 2 ;;
    --work=*) WORK=${1#*=}; shift ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage ;;
    *) echo "batch.sh: unknown argument: $1" >&2; usage ;;
    esac
done

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
openssl engine gost -t >/dev/null 2>&1 || die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) not found (apt-get install time)"
command -v go >/dev/null || die "go not found"
[[ -r /proc/stat ]] || die "/proc/stat is not readable (Linux needed)"
CLK_TCK=$(getconf CLK_TCK)

if [[ -z $WORK ]]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostbatch.XXXXXX")
else
    mkdir -p "$WORK"
fi
WORK=$(cd "$WORK" && pwd)
P=$WORK/pki
BIN=$WORK/gostverify
GOSTTEST=$WORK/gost.test
RUN=$WORK/run # this run's outputs (replaced on every run)
rm -rf "$RUN"
mkdir -p "$P" "$RUN"

OCSP_PID=""
cleanup() {
    local rc=$?
    if [[ -n $OCSP_PID ]]; then kill "$OCSP_PID" 2>/dev/null || true; wait "$OCSP_PID" 2>/dev/null || true; fi
    if ((KEEP == 0)); then rm -f "$WORK/big/big.bin" "$WORK/big/big.bin.sig"; fi
    say "work directory kept: $WORK (rerun with --work $WORK to reuse the corpus)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# calc EXPR [FORMAT]: awk arithmetic, printed with FORMAT (default %.1f)
calc() { awk "BEGIN { printf \"${2:-%.1f}\", $1 }"; }
meets() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
    ok = (op == ">=") ? (a + 0 >= b + 0) : (a + 0 < b + 0); print ok ? "yes" : "**NO**" }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
maxof() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# busy_ticks: clock ticks all CPUs spent busy since boot (user nice system irq softirq steal)
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# wait_quiet: return once other processes use < 0.1 CPU over 2 s (or after QUIET_MAX s)
wait_quiet() {
    local t0=$SECONDS a b said=0
    while :; do
        a=$(busy_ticks); sleep 2; b=$(busy_ticks)
        (((b - a) * 10 < 2 * CLK_TCK)) && return 0
        ((said)) || { say "  the machine is busy ($(calc "($b - $a) / $CLK_TCK / 2" %.2f) CPU): waiting up to ${QUIET_MAX} s"; said=1; }
        ((SECONDS - t0 < QUIET_MAX)) || { say "  still busy after ${QUIET_MAX} s: measuring anyway"; return 0; }
    done
}

# timed CMD...: run CMD under GNU time (output where the caller sends it); sets T_WALL (s),
# T_RSS (KiB), T_CPU (user + system s of CMD and its children) and T_OTHERS (CPUs used on
# average by every other process meanwhile, less 0.03 CPU s of tick-rounding slack). Returns CMD's status.
timed() {
    local tf=$RUN/time.txt rc=0 a b
    a=$(busy_ticks)
    /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" || rc=$?
    b=$(busy_ticks)
    read -r T_WALL T_RSS T_CPU T_OTHERS < <(tail -n 1 "$tf" | awk -v d=$((b - a)) -v hz="$CLK_TCK" '{
        cpu = $3 + $4; o = (d / hz - cpu - 0.03) / ($1 > 0.01 ? $1 : 0.01)
        printf "%s %s %.2f %.2f\n", $1, $2, cpu, (o < 0 ? 0 : o) }')
    return "$rc"
}

# measure FN [ARGS]: wait for a quiet machine, run FN (which calls timed once), and run it
# again while other processes used more than OTHERS_MAX CPU during it, up to TRIES times.
measure() {
    local try
    for ((try = 1; try <= TRIES; try++)); do
        wait_quiet
        "$@"
        awk -v o="$T_OTHERS" -v m="$OTHERS_MAX" 'BEGIN { exit !(o > m) }' || return 0
        say "  disturbed: other processes used ${T_OTHERS} CPU on average meanwhile (try $try of $TRIES)"
    done
    say "  still disturbed after $TRIES tries: keeping the last figure (the table shows the others' CPU)"
}

# ------------------------------------------------------------------ build ---
say "building ./cmd/gostverify -> $BIN"
(cd "$ROOT" && go build -o "$BIN" ./cmd/gostverify) || die "go build failed (is someone editing the tree? retry in a minute)"
if ((SKIP_BIG == 0)); then
    say "building the ./gost test binary -> $GOSTTEST"
    (cd "$ROOT" && go test -c -vet=off -o "$GOSTTEST" ./gost/) || die "go test -c ./gost/ failed"
fi

# -------------------------------------------------------------------- PKI ---
CONF=$P/openssl.cnf
if [[ ! -s $P/ready ]]; then
    say "making the PKI in $P"
    rm -rf "$P"; mkdir -p "$P/new"
    # a free port: nothing answers a connection to it now
    PORT=""
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
    done
    [[ -n $PORT ]] || die "no free port found"
    echo "$PORT" >"$P/port"
    cat >"$CONF" <<EOF
[req]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
[req_dn]

[ca]
default_ca = ca_root
[ca_root]
dir            = $P
database       = \$dir/index.txt
new_certs_dir  = \$dir/new
serial         = \$dir/serial
policy         = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
commonName = supplied

[v3_root]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[v3_ee]
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = emailProtection, clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess    = OCSP;URI:http://127.0.0.1:$PORT/
certificatePolicies    = 1.2.643.100.113.1
EOF
    : >"$P/index.txt"
    echo 1000 >"$P/serial"
    export OPENSSL_CONF=$CONF
    q() { openssl "$@" >"$P/ossl.log" 2>&1 || { cat "$P/ossl.log" >&2; die "openssl $* failed"; }; }
    q genpkey -engine gost -algorithm gost2012_256 -pkeyopt paramset:A -out "$P/root.key.pem"
    q req -new -x509 -engine gost -key "$P/root.key.pem" -md_gost12_256 -utf8 -days 7300 \
        -subj "/CN=Тестовый УЦ batch.sh/O=gostverify (тестовые данные)/C=RU" -extensions v3_root -out "$P/root.pem"
    PS=(A B C XA XB)
    NAMES=("Иванов Иван Иванович" "Петрова Мария Сергеевна" "Сидоров Пётр Алексеевич"
        "Смирнова Ольга Викторовна" "Кузнецов Алексей Николаевич")
    for i in 0 1 2 3 4; do
        q genpkey -engine gost -algorithm gost2012_256 -pkeyopt "paramset:${PS[i]}" -out "$P/s$i.key.pem"
        q req -new -engine gost -key "$P/s$i.key.pem" -md_gost12_256 -utf8 \
            -subj "/CN=${NAMES[i]}/O=ООО \"Ромашка\"/C=RU" -out "$P/s$i.csr"
        q ca -engine gost -batch -notext -in "$P/s$i.csr" -out "$P/s$i.pem" -extensions v3_ee \
            -cert "$P/root.pem" -keyfile "$P/root.key.pem" -md md_gost12_256 -days 3650 -preserveDN
        q x509 -in "$P/s$i.pem" -out "$P/s$i.pem"
        q verify -engine gost -purpose any -CAfile "$P/root.pem" "$P/s$i.pem"
        openssl x509 -in "$P/s$i.pem" -noout -ocsp_uri | grep -qx "http://127.0.0.1:$PORT/" || die "s$i.pem: no OCSP URL"
    done
    unset OPENSSL_CONF
    # `openssl ocsp` has no -engine option: load gost-engine from a config
    printf '%s\n' "openssl_conf = openssl_init" "[openssl_init]" "engines = engines" "[engines]" "gost = gost" \
        "[gost]" "engine_id = gost" "default_algorithms = ALL" >"$P/ocsp.cnf"
    echo ok >"$P/ready"
fi
PORT=$(cat "$P/port")
say "PKI: root + 5 signers (2012-256, paramsets A B C XA XB), OCSP URL http://127.0.0.1:$PORT/"

# ----------------------------------------------------------------- corpus ---
C=$WORK/corpus-$FILES
if [[ ! -s $C.complete ]]; then
    mkdir -p "$C"
    say "writing $FILES documents in $C"
    # doc.I.xml: 1..40 lines of ~105 bytes after a header, all distinct (I is inside)
    awk -v n="$FILES" -v dir="$C" 'BEGIN {
        for (i = 1; i <= n; i++) {
            f = dir "/doc." i ".xml"
            if ((getline line < f) > 0) { close(f); continue }    # written by an earlier, interrupted run
            close(f)
            printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Счёт номер=\"%d\" дата=\"2026-01-15\">\n", i > f
            lines = (i * 37) % 40 + 1
            for (k = 1; k <= lines; k++)
                printf "  <Позиция номер=\"%d\" наименование=\"Услуга %d/%d\" сумма=\"%d.%02d\"/>\n", k, i, k, (i * k) % 100000, (i + k) % 100 > f
            printf "  <Итого валюта=\"RUB\">%d.00</Итого>\n</Счёт>\n", i * 3 > f
            close(f)
        }
    }'
    # sign the documents that have no signature yet, two openssl processes at a time
    for ((i = 1; i <= FILES; i++)); do [[ -s $C/doc.$i.xml.sig ]] || echo "$i"; done >"$RUN/tosign"
    todo=$(wc -l <"$RUN/tosign")
    say "signing $todo documents (openssl cms -sign, 2 at a time)..."
    sign_some() { # sign_some I...: detached DER CAdES-BES of doc.I.xml by signer I mod 5
        local i s
        for i in "$@"; do
            s=$((i % 5))
            openssl cms -sign -engine gost -binary -nosmimecap -cades -md md_gost12_256 \
                -signer "$BP/s$s.pem" -inkey "$BP/s$s.key.pem" -in "$BC/doc.$i.xml" \
                -outform DER -out "$BC/doc.$i.xml.sig.tmp" 2>"$BC/.err.$$" ||
                { cat "$BC/.err.$$" >&2; echo "batch.sh: ERROR: signing doc.$i.xml failed" >&2; exit 255; }
            mv "$BC/doc.$i.xml.sig.tmp" "$BC/doc.$i.xml.sig"
        done
        rm -f "$BC/.err.$$"
    }
    export -f sign_some
    export BP=$P BC=$C
    start=$(date +%s.%N)
    if ((todo > 0)); then
        (
            # progress every 10 s
            while sleep 10; do
                have=$(find "$C" -name 'doc.*.xml.sig' | wc -l)
                say "  ... $have/$FILES signed"
            done
        ) &
        prog=$!
        rc=0
        xargs -P 2 -n 50 bash -c 'sign_some "$@"' _ <"$RUN/tosign" || rc=$?
        kill "$prog" 2>/dev/null; wait "$prog" 2>/dev/null || true
        ((rc == 0)) || die "signing failed"
    fi
    say "signed in $(calc "$(date +%s.%N) - $start" %.0f) s"
    rm -f "$C"/*.tmp
    [[ $(find "$C" -name 'doc.*.xml.sig' | wc -l) -eq $FILES && $(find "$C" -name 'doc.*.xml' | wc -l) -eq $FILES ]] ||
        die "corpus $C: expected $FILES documents and $FILES signatures"
    for i in 1 2 3 4 5 "$FILES"; do
        openssl cms -verify -engine gost -binary -inform DER -in "$C/doc.$i.xml.sig" -content "$C/doc.$i.xml" \
            -CAfile "$P/root.pem" -purpose any -cades -out /dev/null 2>&1 | grep -q "Verification successful" ||
            die "doc.$i.xml.sig does not verify with openssl"
    done
    echo "$FILES" >"$C.complete"
fi
sizes=$(find "$C" -name 'doc.*.xml' -printf '%s\n' | awk '{ s += $1; if (min == "" || $1 < min) min = $1; if ($1 > max) max = $1 }
    END { printf "%d..%d bytes, %.1f MB in all", min, max, s / 1e6 }')
say "corpus: $FILES documents ($sizes) + $FILES detached signatures in $C"


# ---------------------------------------------------------- OCSP responder ---
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null &&
    die "port $PORT (baked into the signer certificates) is in use; free it or use another --work"
say "starting openssl ocsp on port $PORT"
(cd "$P" && OPENSSL_CONF=$P/ocsp.cnf exec openssl ocsp -index index.txt -port "$PORT" -rsigner root.pem \
    -rkey root.key.pem -CA root.pem -ndays 1 -ignore_err -text >"$RUN/ocsp.out" 2>"$RUN/ocsp.err") &
OCSP_PID=$!
for _ in $(seq 1 150); do
    grep -q '^ACCEPT' "$RUN/ocsp.out" 2>/dev/null && break
    kill -0 "$OCSP_PID" 2>/dev/null || { cat "$RUN/ocsp.err" >&2; die "openssl ocsp exited"; }
    sleep 0.1
done
grep -q '^ACCEPT' "$RUN/ocsp.out" || { cat "$RUN/ocsp.err" >&2; die "openssl ocsp does not listen on $PORT"; }
ocsp_count() { grep -c 'OCSP Request Data' "$RUN/ocsp.out" || true; }

# ------------------------------------------------------- A. gostverify runs ---
# check_summary FILE: gostverify's summary (--lang en) says all FILES signatures valid
check_summary() {
    local v s
    read -r v s < <(awk '/^Valid:/ { v = $2 } /^Signatures:/ { s = $2 } END { print v + 0, s + 0 }' "$1")
    [[ $v -eq $FILES && $s -eq $FILES ]] || { cat "$1" >&2; die "expected $FILES valid signatures, the summary says $v of $s"; }
}
# check_report FILE: the JSON report says all FILES signatures valid, each with revocation good from
# OCSP. (Indented JSON, one key per line, so no jq needed: the summary comes before the entries, so
# the first numeric "signatures" and "valid" are its counts; a revocation object starts with its status.)
check_report() {
    local sigs valid revgood revocsp
    read -r sigs valid revgood revocsp < <(awk '
        sigs == "" && /^ *"signatures": *[0-9]+/ { t = $2; sub(/,$/, "", t); sigs = t }
        valid == "" && /^ *"valid": *[0-9]+/ { t = $2; sub(/,$/, "", t); valid = t }
        prev ~ /"revocation": *\{$/ && /^ *"status": *"good"/ { good++ }
        /^ *"source": *"ocsp"/ { ocsp++ }
        { prev = $0 }
        END { printf "%d %d %d %d\n", sigs, valid, good, ocsp }' "$1")
    say "  report: $sigs signatures, $valid valid, $revgood with revocation good, $revocsp from OCSP"
    [[ $sigs -eq $FILES && $valid -eq $FILES ]] || die "expected $FILES valid signatures, $1 says $valid of $sigs"
    ((revgood >= FILES && revocsp >= FILES)) ||
        die "expected revocation good from OCSP for all $FILES signatures in $1 (good: $revgood, ocsp: $revocsp)"
}
# a_run [--report FILE]: one timed gostverify batch over the corpus, with a new empty cache
a_run() {
    local rc=0 before after
    rm -rf "$RUN/cache"; mkdir "$RUN/cache"
    before=$(ocsp_count)
    timed "$BIN" batch --lang en --roots "$P/root.pem" --jobs 2 --cache-dir "$RUN/cache" "$@" "$C" \
        >"$RUN/batch.out" 2>"$RUN/batch.err" || rc=$?
    after=$(ocsp_count)
    ((rc == 0)) || { cat "$RUN/batch.out" "$RUN/batch.err" >&2; die "gostverify batch exited with $rc (0 = all valid)"; }
    A_OCSP=$((after - before))
    say "  ${T_WALL} s, ${T_CPU} CPU s, peak RSS ${T_RSS} KiB, $A_OCSP OCSP requests answered by openssl ocsp, others ${T_OTHERS} CPU"
    ((A_OCSP > 0)) || die "the OCSP responder saw no request"
    check_summary "$RUN/batch.out"
}
say "A: warm-up run (untimed; brings the corpus into the page cache)..."
"$BIN" batch --lang en --revocation none --roots "$P/root.pem" --jobs 2 "$C" >/dev/null 2>&1 ||
    die "the warm-up run of gostverify batch failed"
G_WALLS=() G_CPUS=() G_OTHERS=() G_RSSES=()
for ((r = 1; r <= REPEAT; r++)); do
    say "A: gostverify batch --roots root.pem --jobs 2 over $FILES signatures, OCSP on (run $r of $REPEAT)..."
    measure a_run
    G_WALLS+=("$T_WALL") G_CPUS+=("$T_CPU") G_OTHERS+=("$T_OTHERS") G_RSSES+=("$T_RSS")
done
cat "$RUN/batch.out" >&2
G_WALL=$(median "${G_WALLS[@]}") G_CPU=$(median "${G_CPUS[@]}") G_OTHER=$(maxof "${G_OTHERS[@]}")
OCSP_PER_RUN=$A_OCSP
say "A: the same with --report report.json (checked: every signature valid, revocation good from OCSP)..."
measure a_run --report "$RUN/report.json"
check_report "$RUN/report.json"
R_WALL=$T_WALL R_CPU=$T_CPU R_OTHER=$T_OTHERS
G_RSS=$(maxof "${G_RSSES[@]}" "$T_RSS")
G_FPS=$(calc "$FILES / $G_WALL")
R_FPS=$(calc "$FILES / $R_WALL")

# --------------------------------------------------------- A. openssl loop ---
cat >"$RUN/osslloop.sh" <<'EOF'
# osslloop.sh LIST CAFILE: openssl cms -verify once per document in LIST; prints "OK BAD"
ok=0 bad=0
while IFS= read -r f; do
    if openssl cms -verify -engine gost -binary -inform DER -in "$f.sig" -content "$f" -CAfile "$2" \
        -purpose any -out /dev/null 2>&1 | grep -q "Verification successful"; then
        ok=$((ok + 1))
    else
        bad=$((bad + 1)); echo "FAILED: $f" >&2
    fi
done <"$1"
echo "$ok $bad"
EOF
for ((i = 1; i <= FILES; i++)); do echo "$C/doc.$i.xml"; done >"$RUN/all.list"
o_run() { # o_run LIST N: the timed openssl loop over the first N files of LIST
    head -n "$2" "$1" >"$RUN/ossl.list"
    timed bash "$RUN/osslloop.sh" "$RUN/ossl.list" "$P/root.pem" >"$RUN/ossl.counts" 2>"$RUN/ossl.err" ||
        die "the openssl loop failed"
    read -r o_ok o_bad <"$RUN/ossl.counts"
    ((o_ok == $2 && o_bad == 0)) || { head "$RUN/ossl.err" >&2; die "openssl verified $o_ok of $2 ($o_bad failed)"; }
    say "  $2 files in ${T_WALL} s, others ${T_OTHERS} CPU"
}
sample=$((FILES < 200 ? FILES : 200))
say "A: openssl cms -verify loop, a sample of $sample files..."
measure o_run "$RUN/all.list" "$sample"
est=$(calc "$T_WALL * $FILES / $sample" %.0f)
O_N=$FILES
((est <= OPENSSL_MAX_SECONDS)) || O_N=$((OPENSSL_SUBSET < FILES ? OPENSSL_SUBSET : FILES))
say "A: openssl cms -verify loop over $O_N files (all $FILES estimated at ${est} s)..."
measure o_run "$RUN/all.list" "$O_N"
O_WALL=$T_WALL O_OTHER=$T_OTHERS
O_FPS=$(calc "$O_N / $O_WALL")
RATIO=$(calc "$G_FPS / $O_FPS")
R_RATIO=$(calc "$R_FPS / $O_FPS")
G_MB=$(calc "$G_RSS / 1024")

# ------------------------------------------------------- B. one big file ---
if ((SKIP_BIG == 0)); then
    B=$WORK/big
    mkdir -p "$B"
    find "$B" -mindepth 1 -maxdepth 1 ! -name 'big.bin' ! -name 'big.bin.sig' -exec rm -rf {} +
    S_WALL=""
    if [[ ! -f $B/big.bin || $(stat -c %s "$B/big.bin") -ne $BIG_BYTES || ! -s $B/big.bin.sig ]]; then
        rm -f "$B/big.bin" "$B/big.bin.sig"
        avail=$(df -P -k "$B" | awk 'NR == 2 { print $4 }')
        ((avail > BIG_BYTES / 1024 + 1048576)) || die "not enough disk space in $B for $BIG_LABEL (+1 GiB)"
        say "B: writing $BIG_LABEL of AES-128-CTR keystream to $B/big.bin..."
        head -c "$BIG_BYTES" /dev/zero |
            openssl enc -aes-128-ctr -nosalt -K 676f73747665726966792d62696700aa -iv 00000000000000000000000000000000 \
                -out "$B/big.bin" 2>/dev/null
        [[ $(stat -c %s "$B/big.bin") -eq $BIG_BYTES ]] || die "big.bin is not $BIG_LABEL"
        say "B: signing it: openssl cms -sign -engine gost -binary -cades -md md_gost12_256 (detached, streamed)..."
        timed openssl cms -sign -engine gost -binary -nosmimecap -cades -md md_gost12_256 \
            -signer "$P/s0.pem" -inkey "$P/s0.key.pem" -in "$B/big.bin" -outform DER -out "$B/big.bin.sig" \
            2>"$RUN/bigsign.err" || { cat "$RUN/bigsign.err" >&2; die "openssl cms -sign of $BIG_LABEL failed"; }
        S_WALL=$T_WALL S_RSS=$T_RSS S_OTHER=$T_OTHERS
        say "B: signed in ${S_WALL} s, openssl peak RSS ${S_RSS} KiB"
    else
        say "B: reusing $B/big.bin and its signature (--keep of an earlier run)"
    fi
    cat "$B/big.bin" >/dev/null # into the page cache (a no-op when it is there already)
    resident() { # percentage of big.bin in the page cache, or "?"
        if command -v fincore >/dev/null; then
            fincore -b -n -o RES "$B/big.bin" 2>/dev/null | awk -v s="$BIG_BYTES" '{ printf "%.1f%%", 100 * $1 / s; exit }'
        else echo "?"; fi
    }

    bench_run() {
        local rc=0
        pushd "$ROOT/gost" >/dev/null
        timed "$GOSTTEST" -test.run '^$' -test.bench 'BenchmarkHash/GOST_R_34.11-2012_\(256\)$' \
            -test.benchtime "$BENCHTIME" -test.count 3 >"$RUN/gobench.txt" 2>&1 || rc=$?
        popd >/dev/null
        ((rc == 0)) || { cat "$RUN/gobench.txt" >&2; die "the benchmark failed"; }
        grep -E '^Benchmark' "$RUN/gobench.txt" >&2
        say "  others ${T_OTHERS} CPU"
    }
    say "B: Streebog-256 benchmark (gost.test -test.bench 'BenchmarkHash/GOST_R_34.11-2012_\\(256\\)\$' -test.benchtime $BENCHTIME -test.count 3)..."
    measure bench_run
    BENCH_OTHER=$T_OTHERS
    BENCH_MBS=$(awk '/^Benchmark/ { for (i = 2; i < NF; i++) if ($(i + 1) == "MB/s") print $i }' "$RUN/gobench.txt" |
        sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }')
    [[ $BENCH_MBS != 0 ]] || die "no MB/s figure in the benchmark output"

    big_run() {
        local rc=0
        RES_BEFORE=$(resident)
        timed "$BIN" batch --lang en --revocation none --roots "$P/root.pem" --json "$B" >"$RUN/big.json" 2>"$RUN/big.err" || rc=$?
        ((rc == 0)) || { cat "$RUN/big.err" "$RUN/big.json" >&2; die "gostverify batch on the $BIG_LABEL document exited with $rc"; }
        grep -Eq '^ *"valid": *1,' "$RUN/big.json" || { cat "$RUN/big.json" >&2; die "the $BIG_LABEL signature is not reported valid"; }
        say "  ${T_WALL} s, ${T_CPU} CPU s, peak RSS ${T_RSS} KiB, ${RES_BEFORE} of the file in the page cache before, others ${T_OTHERS} CPU"
    }
    say "B: gostverify batch --revocation none over the $BIG_LABEL document..."
    measure big_run
    BG_WALL=$T_WALL BG_RSS=$T_RSS BG_CPU=$T_CPU BG_OTHER=$T_OTHERS BG_RES=$RES_BEFORE

    dgst_run() {
        timed "$BIN" dgst "$B/big.bin" >"$RUN/big.dgst" 2>&1 || { cat "$RUN/big.dgst" >&2; die "gostverify dgst failed"; }
        say "  ${T_WALL} s, peak RSS ${T_RSS} KiB, others ${T_OTHERS} CPU"
    }
    say "B: gostverify dgst of the same file (reference)..."
    measure dgst_run
    D_WALL=$T_WALL D_RSS=$T_RSS D_OTHER=$T_OTHERS

    ov_run() {
        timed openssl cms -verify -engine gost -binary -inform DER -in "$B/big.bin.sig" -content "$B/big.bin" \
            -CAfile "$P/root.pem" -purpose any -out /dev/null >"$RUN/bigverify.out" 2>&1 || true
        grep -q "Verification successful" "$RUN/bigverify.out" ||
            { cat "$RUN/bigverify.out" >&2; die "openssl does not verify the $BIG_LABEL signature"; }
        say "  ${T_WALL} s, peak RSS ${T_RSS} KiB, others ${T_OTHERS} CPU"
    }
    say "B: openssl cms -verify of the $BIG_LABEL signature (reference)..."
    measure ov_run
    OV_WALL=$T_WALL OV_RSS=$T_RSS OV_OTHER=$T_OTHERS

    BG_MBS=$(calc "$BIG_BYTES / 1e6 / $BG_WALL")
    D_MBS=$(calc "$BIG_BYTES / 1e6 / $D_WALL")
    OV_MBS=$(calc "$BIG_BYTES / 1e6 / $OV_WALL")
    BG_PCT=$(calc "100 * $BG_MBS / $BENCH_MBS")
    BG_MB=$(calc "$BG_RSS / 1024")
fi

# ----------------------------------------------------------------- report ---
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
rev=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')
dirty=$(cd "$ROOT" && [[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo ' + uncommitted changes' || true)
echo "## gostverify batch: throughput$( ((SKIP_BIG)) || echo " and one $BIG_LABEL document")"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); ${cpu:-unknown CPU}, $(nproc) CPUs; $(go version | cut -d' ' -f3-);"
echo "$(openssl version | cut -d' ' -f1-2) with gost-engine; gostverify built from ${rev}${dirty}."
echo
echo "A: $FILES documents ($sizes), detached DER CAdES-BES signatures (Streebog-256, GOST 2012-256),"
echo "5 signers (paramsets A, B, C, XA, XB) under one root; gostverify checks revocation by OCSP ($OCSP_PER_RUN"
echo "requests per run to \`openssl ocsp\` on 127.0.0.1), \`openssl cms -verify\` checks none."
((O_N == FILES)) || echo "The openssl loop ran over the first $O_N files only (all $FILES estimated at ${est} s)."
echo "\"others\": CPUs used on average by other processes during the measurement (disturbed above $OTHERS_MAX)."
echo
echo "| figure | value | target | met | others |"
echo "|---|---:|---:|:---:|---:|"
echo "| gostverify batch --jobs 2, $FILES signatures, summary only: median of $REPEAT runs (${G_WALLS[*]} s) | ${G_WALL} s, ${G_CPU} CPU s = **${G_FPS} files/s** | | | ${G_OTHER} |"
echo "| gostverify batch --jobs 2 --report report.json (same, plus a $(calc "$(stat -c %s "$RUN/report.json") / 1e6") MB JSON report) | ${R_WALL} s, ${R_CPU} CPU s = **${R_FPS} files/s** | | | ${R_OTHER} |"
echo "| openssl cms -verify, one process per file, $O_N files | ${O_WALL} s = **${O_FPS} files/s** | | | ${O_OTHER} |"
echo "| ratio, gostverify (summary only) / openssl | **${RATIO}×** | ≥ 50× | $(meets "$RATIO" ">=" 50) | |"
echo "| ratio, gostverify with --report report.json / openssl | ${R_RATIO}× | ≥ 50× | $(meets "$R_RATIO" ">=" 50) | |"
echo "| gostverify peak RSS (largest of the $((REPEAT + 1)) runs) | **${G_MB} MiB** | < 200 MB | $(meets "$G_MB" "<" 200) | |"
if ((SKIP_BIG == 0)); then
    echo "| B: gostverify batch --revocation none, $BIG_LABEL document (${BG_RES} in the page cache) | ${BG_WALL} s, ${BG_CPU} CPU s = **${BG_MBS} MB/s** | | | ${BG_OTHER} |"
    echo "| BenchmarkHash/GOST_R_34.11-2012_(256), package gost (median of 3) | ${BENCH_MBS} MB/s | | | ${BENCH_OTHER} |"
    echo "| B: hashing speed / benchmark | **${BG_PCT}%** | ≥ 90% | $(meets "$BG_PCT" ">=" 90) | |"
    echo "| B: gostverify peak RSS | **${BG_MB} MiB** | < 64 MB | $(meets "$BG_MB" "<" 64) | |"
    echo "| (ref) gostverify dgst, $BIG_LABEL | ${D_WALL} s = ${D_MBS} MB/s, $(calc "$D_RSS / 1024") MiB | | | ${D_OTHER} |"
    echo "| (ref) openssl cms -verify, $BIG_LABEL | ${OV_WALL} s = ${OV_MBS} MB/s, $(calc "$OV_RSS / 1024") MiB | | | ${OV_OTHER} |"
    [[ -z $S_WALL ]] || echo "| (ref) openssl cms -sign, $BIG_LABEL | ${S_WALL} s, $(calc "$S_RSS / 1024") MiB | | | ${S_OTHER} |"
fi
echo
echo "MB/s = 10^6 bytes per second (as go test prints them); RSS in MiB (GNU time's KiB / 1024)."
echo "Commands, each under \`/usr/bin/time -f '%e %M %U %S'\`:"
echo
echo '```'
echo "gostverify batch --lang en --roots root.pem --jobs 2 --cache-dir EMPTYDIR [--report report.json] CORPUS"
echo "while read -r f; do openssl cms -verify -engine gost -binary -inform DER -in \$f.sig -content \$f \\"
echo "    -CAfile root.pem -purpose any -out /dev/null 2>&1 | grep -q 'Verification successful'; done <LIST"
if ((SKIP_BIG == 0)); then
    echo "(cd gost && go test -c -o gost.test . && ./gost.test -test.run '^\$' \\"
    echo "    -test.bench 'BenchmarkHash/GOST_R_34.11-2012_\\(256\\)\$' -test.benchtime $BENCHTIME -test.count 3)"
    echo "gostverify batch --lang en --revocation none --roots root.pem --json BIGDIR     # big.bin + big.bin.sig"
    echo "gostverify dgst BIGDIR/big.bin"
    echo "openssl cms -verify -engine gost -binary -inform DER -in big.bin.sig -content big.bin -CAfile root.pem -purpose any -out /dev/null"
fi
echo '```'
echo
echo "Summary printed by the last gostverify batch run of part A:"
echo
echo '```'
cat "$RUN/batch.out"
echo '```'
