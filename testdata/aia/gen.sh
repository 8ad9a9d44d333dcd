#!/usr/bin/env bash
# gen.sh - generate a small GOST PKI whose AIA "CA Issuers" URLs point at a
#          local test server, with OpenSSL 3.0 + gost-engine.
#
# Requirements (Debian 12, no network): apt-get install openssl libengine-gost-openssl
# Uses only bash, coreutils, grep and openssl.
#
# Usage:
#     testdata/aia/gen.sh OUTDIR BASEURL      # e.g. gen.sh /tmp/x http://127.0.0.1:41234
#     AIA_FIXTURE_KEEP=1 testdata/aia/gen.sh OUTDIR BASEURL   # keep the work directory
#
# chain/aia_test.go runs it at test time into a temporary directory, because
# BASEURL (the port of its httptest server) is only known then. Nothing it
# writes is committed. See README.md for the URL layout and the expected
# outcome per leaf.
#
# Output (new keys, serials and signatures on every run):
#     OUTDIR/root.pem     root CA, GOST R 34.10-2012 512-bit paramset A, self-signed
#     OUTDIR/sub.pem      sub CA, 2012 256-bit paramset A, issued by root,
#                         caIssuers BASEURL/root.der
#     OUTDIR/leaf_*.pem   end entities issued by the sub CA, one per AIA case
#     OUTDIR/other.pem    an unrelated self-signed CA with the sub CA's subject
#                         name and another key (with a subject key identifier)
#     OUTDIR/other_noski.pem  the same without a subject key identifier
#   and what the test server serves:
#     OUTDIR/root.der, sub.der, sub.pem, sub.p7b (certs-only PKCS#7, DER),
#     OUTDIR/other.der, other_noski.der
#
# Self-checks (the script exits non-zero with a message if any fails):
#     * `openssl verify -CAfile root.pem -untrusted sub.pem leaf_*.pem` says OK
#       for every leaf, and sub.pem verifies under root.pem;
#     * no leaf verifies with other.pem or other_noski.pem as its issuer;
#     * sub.der and the certificate inside sub.p7b are sub.pem;
#     * each leaf carries exactly the caIssuers URLs intended for it.
set -euo pipefail
export LC_ALL=C

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

(($# == 2)) || die "usage: gen.sh OUTDIR BASEURL"
OUTDIR=$1 BASEURL=${2%/}
url_re='^https?://[][A-Za-z0-9.:-]+$'
[[ $BASEURL =~ $url_re ]] ||
    die "BASEURL must be scheme://host[:port] without a path, got \"$BASEURL\""

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostaia.XXXXXX")
trap '[[ -n ${AIA_FIXTURE_KEEP:-} ]] && echo "gen.sh: kept $WORK" >&2 || rm -rf "$WORK"' EXIT
O=$WORK/out # built here, copied to OUTDIR only when all checks passed
mkdir -p "$O"

# ------------------------------------------------------------------ leaves ---
# name: algorithm paramset digest-of-its-own-request, then its caIssuers URLs
# (paths under BASEURL, in order).
LEAVES=(leaf_der leaf_pem leaf_p7b leaf_fallback leaf_html leaf_slow leaf_big leaf_loop leaf_wrong leaf_wrong_noski)
declare -A ALG PS MD URLS
ALG[root]=gost2012_512 PS[root]=A MD[root]=md_gost12_512
ALG[sub]=gost2012_256 PS[sub]=A MD[sub]=md_gost12_256
ALG[other]=gost2012_256 PS[other]=B MD[other]=md_gost12_256
ALG[other_noski]=gost2012_256 PS[other_noski]=B MD[other_noski]=md_gost12_256
for n in "${LEAVES[@]}"; do ALG[$n]=gost2012_256 PS[$n]=B MD[$n]=md_gost12_256; done
ALG[leaf_pem]=gost2001 PS[leaf_pem]=A MD[leaf_pem]=md_gost94
ALG[leaf_p7b]=gost2012_512 PS[leaf_p7b]=A MD[leaf_p7b]=md_gost12_512
URLS[leaf_der]="/sub.der"
URLS[leaf_pem]="/sub.pem"
URLS[leaf_p7b]="/sub.p7b"
URLS[leaf_fallback]="/missing.der /sub.der"
URLS[leaf_html]="/html"
URLS[leaf_slow]="/slow"
URLS[leaf_big]="/big"
URLS[leaf_loop]="/loop"
URLS[leaf_wrong]="/other.der"
URLS[leaf_wrong_noski]="/other_noski.der"

SUB_SUBJ="/CN=Test sub CA gostverify AIA/O=gostverify (test data)/C=RU"

# ------------------------------------------------------------------ config ---
# A private config (the host's openssl.cnf must not matter).
CONF=$WORK/openssl.cnf
{
    cat <<'EOF'
[req]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
[req_dn]

[ca]
default_ca = ca_any
[ca_any]
dir             = $ENV::CA_DIR
database        = $dir/index.txt
new_certs_dir   = $dir/new
serial          = $dir/serial
policy          = policy_any
unique_subject  = no
copy_extensions = none
default_md      = default
[policy_any]
commonName = supplied

[v3_root]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[v3_other]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[v3_other_noski]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = none
EOF
    cat <<EOF

[v3_sub]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess    = caIssuers;URI:$BASEURL/root.der
EOF
    for n in "${LEAVES[@]}"; do
        printf '\n[v3_%s]\n' "$n"
        echo "keyUsage               = critical, digitalSignature, nonRepudiation"
        echo "subjectKeyIdentifier   = hash"
        echo "authorityKeyIdentifier = keyid:always"
        echo "authorityInfoAccess    = @aia_$n"
        printf '[aia_%s]\n' "$n"
        i=0
        for p in ${URLS[$n]}; do
            echo "caIssuers;URI.$i = $BASEURL$p"
            i=$((i + 1))
        done
    done
} >"$CONF"
export OPENSSL_CONF=$CONF
export CA_DIR=$WORK # [ca_any] needs a value at load time; issue() sets the real one

# ---------------------------------------------------------------- helpers ---
ossl() {
    if ! openssl "$@" >"$WORK/ossl.out" 2>"$WORK/ossl.err"; then
        cat "$WORK/ossl.err" >&2
        die "openssl $* failed"
    fi
}
genkey() { ossl genpkey -engine gost -algorithm "${ALG[$1]}" -pkeyopt "paramset:${PS[$1]}" -out "$WORK/$1.key.pem"; }
ca_db() { mkdir -p "$1/new"; : >"$1/index.txt"; echo 01 >"$1/serial"; }
ts() { date -u -d "$1" +%y%m%d%H%M%SZ; } # UTCTime, as `openssl ca -startdate/-enddate` wants
T0=$(date -u +%Y-%m-%d)

# issue NAME CA_NAME SUBJECT NOTBEFORE NOTAFTER: $O/NAME.pem (CA_NAME "self": self-signed)
issue() {
    local name=$1 ca=$2 subj=$3 nb=$4 na=$5 csr=$WORK/$1.csr args
    ossl req -new -engine gost -key "$WORK/$name.key.pem" "-${MD[$name]}" -utf8 -subj "$subj" -out "$csr"
    args=(ca -engine gost -batch -notext -rand_serial -preserveDN -in "$csr" -out "$O/$name.pem"
        -extensions "v3_$name" -startdate "$(ts "$nb")" -enddate "$(ts "$na")")
    if [[ $ca == self ]]; then
        mkdir -p "$WORK/db-$name"; ca_db "$WORK/db-$name"
        args+=(-selfsign -keyfile "$WORK/$name.key.pem" -md "${MD[$name]}")
        CA_DIR=$WORK/db-$name ossl "${args[@]}"
    else
        args+=(-cert "$O/$ca.pem" -keyfile "$WORK/$ca.key.pem" -md "${MD[$ca]}")
        CA_DIR=$WORK/db-$ca ossl "${args[@]}"
    fi
    ossl x509 -in "$O/$name.pem" -out "$O/$name.pem"
}

# ---------------------------------------------------------------- the PKI ---
echo "gen.sh: $(openssl version), base URL $BASEURL, output $OUTDIR"
for n in root sub other other_noski "${LEAVES[@]}"; do genkey "$n"; done
ca_db "$WORK/db-sub"
issue root self "/CN=Test root CA gostverify AIA/O=gostverify (test data)/C=RU" "$T0 5 years ago" "$T0 20 years"
issue sub root "$SUB_SUBJ" "$T0 4 years ago" "$T0 15 years"
issue other self "$SUB_SUBJ" "$T0 4 years ago" "$T0 15 years"
issue other_noski self "$SUB_SUBJ" "$T0 4 years ago" "$T0 15 years"
for n in "${LEAVES[@]}"; do
    issue "$n" sub "/CN=Test signer $n/O=gostverify (test data)/C=RU" "$T0 1 day ago" "$T0 2 years"
done

# what the server serves
ossl x509 -in "$O/root.pem" -outform DER -out "$O/root.der"
ossl x509 -in "$O/sub.pem" -outform DER -out "$O/sub.der"
ossl x509 -in "$O/other.pem" -outform DER -out "$O/other.der"
ossl x509 -in "$O/other_noski.pem" -outform DER -out "$O/other_noski.der"
ossl crl2pkcs7 -nocrl -certfile "$O/sub.pem" -outform DER -out "$O/sub.p7b"

# ------------------------------------------------------------- self-checks ---
cd "$O"
leaves=()
for n in "${LEAVES[@]}"; do leaves+=("$n.pem"); done
openssl verify -engine gost -check_ss_sig -CAfile root.pem -untrusted sub.pem sub.pem "${leaves[@]}" >"$WORK/v.out" 2>&1 || {
    cat "$WORK/v.out" >&2; die "openssl verify failed"; }
[[ $(grep -c ': OK$' "$WORK/v.out") -eq $((${#LEAVES[@]} + 1)) ]] || { cat "$WORK/v.out" >&2; die "not every certificate verified"; }
for o in other other_noski; do
    for n in "${LEAVES[@]}"; do
        if openssl verify -engine gost -partial_chain -CAfile "$o.pem" "$n.pem" >/dev/null 2>&1; then
            die "$n.pem verifies under $o.pem"
        fi
    done
    openssl x509 -in "$o.pem" -noout -subject -nameopt RFC2253 >"$WORK/s1"
    openssl x509 -in sub.pem -noout -subject -nameopt RFC2253 >"$WORK/s2"
    cmp -s "$WORK/s1" "$WORK/s2" || die "$o.pem does not have the sub CA's subject"
done
openssl x509 -in other.pem -noout -ext subjectKeyIdentifier 2>/dev/null | grep -q . || die "other.pem has no SKI"
if openssl x509 -in other_noski.pem -noout -ext subjectKeyIdentifier 2>/dev/null | grep -q .; then
    die "other_noski.pem has an SKI"
fi
openssl x509 -in sub.pem -outform DER -out "$WORK/sub.der"
cmp -s sub.der "$WORK/sub.der" || die "sub.der is not sub.pem"
openssl pkcs7 -inform DER -in sub.p7b -print_certs 2>/dev/null | openssl x509 -outform DER -out "$WORK/p7b.der" 2>/dev/null
cmp -s "$WORK/p7b.der" "$WORK/sub.der" || die "sub.p7b does not hold sub.pem"
for n in "${LEAVES[@]}"; do
    want=""
    for p in ${URLS[$n]}; do want+="CA Issuers - URI:$BASEURL$p"$'\n'; done
    got=$(openssl x509 -in "$n.pem" -noout -ext authorityInfoAccess 2>/dev/null | grep -o 'CA Issuers - URI:.*')
    [[ $got$'\n' == "$want" ]] || die "$n.pem: caIssuers URLs are [$got], want [$want]"
done

chmod 644 ./*
cp -f ./* "$OUTDIR/"
echo "gen.sh: ${#LEAVES[@]} leaves; all checks passed"
