#!/usr/bin/env bash
# gen.sh - make RFC 3161 timestamp-token fixtures with a GOST TSA, using
#          OpenSSL 3.0 + gost-engine (`openssl ts -query` / `openssl ts -reply`).
#
# Requirements (Debian 12, no network):
#     apt-get install openssl libengine-gost-openssl
#
# The TSA certificates are issued by the sub CA of ../cms/pki (its key is
# reused, so the tokens chain to ../cms/pki/root.pem).  Every token is checked
# with `openssl ts -verify` before it is written to OUTDIR; the wrong-EKU token,
# which `openssl ts -reply` refuses to make, is signed with `openssl cms -sign
# -econtent_type id-smime-ct-TSTInfo` and must FAIL `openssl ts -verify`.
#
# Usage:
#     testdata/tsp/gen.sh [OUTDIR]     # OUTDIR defaults to this script's directory
#
# Output: see README.md.  Keys, serials and signatures are new on every run.
set -euo pipefail
export LC_ALL=C

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=${1:-$SCRIPT_DIR}
PKI=$SCRIPT_DIR/../cms/pki

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"
[[ -f $PKI/sub.pem && -f $PKI/sub.key.pem && -f $PKI/root.pem ]] ||
    die "$PKI: run testdata/cms/gen.sh first"

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gosttsp.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
O=$WORK/out
mkdir -p "$O"

CONF=$WORK/openssl.cnf
cat >"$CONF" <<'CNF'
openssl_conf = openssl_init
[openssl_init]
engines     = engine_section
[engine_section]
gost = gost_section
[gost_section]
engine_id = gost
default_algorithms = ALL

[req]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
[req_dn]

# RFC 3161 section 2.3: the only EKU is id-kp-timeStamping, and it is critical
[v3_tsa]
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = critical, timeStamping
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
# timeStamping present but not critical
[v3_tsa_noncritical]
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = timeStamping
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
# a signing certificate with no timeStamping EKU
[v3_tsa_wrongeku]
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = emailProtection, clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[tsa]
default_tsa = tsa_gost
[tsa_gost]
serial                  = $ENV::TSA_SERIAL
crypto_device           = gost
signer_digest           = md_gost12_256
default_policy          = 1.2.643.100.999.1
other_policies          = 1.2.643.3.58.3.1
digests                 = md_gost12_256, md_gost12_512, sha256
accuracy                = secs:1, millisecs:500
clock_precision_digits  = 3
ordering                = no
tsa_name                = yes
ess_cert_id_chain       = no
ess_cert_id_alg         = md_gost12_256
CNF
export OPENSSL_CONF=$CONF
export TSA_SERIAL=$WORK/tsaserial
echo 01 >"$TSA_SERIAL"

ossl() { openssl "$@" 2>"$WORK/err" || { cat "$WORK/err" >&2; die "openssl $1 failed"; }; }

# --- TSA certificates, issued by ../cms/pki/sub -----------------------------
days_start=20261123000000Z
tsa_cert() { # name extensions CN
    ossl genpkey -engine gost -algorithm gost2012_256 -pkeyopt paramset:A -out "$O/$1.key.pem"
    ossl req -new -engine gost -key "$O/$1.key.pem" -md_gost12_256 -utf8 \
        -subj "/CN=$3/O=gostverify (тестовые данные)/C=RU" -out "$WORK/$1.csr"
    ossl x509 -req -engine gost -in "$WORK/$1.csr" -CA "$PKI/sub.pem" -CAkey "$PKI/sub.key.pem" \
        -md_gost12_256 -set_serial "0x$(openssl rand -hex 16)" -days 3650 \
        -extfile "$CONF" -extensions "$2" -out "$O/$1.pem"
}
tsa_cert tsa v3_tsa "Тестовая служба штампов времени gostverify"
tsa_cert tsa_noncritical v3_tsa_noncritical "Служба штампов времени (EKU не критичное)"
tsa_cert tsa_wrongeku v3_tsa_wrongeku "Подписант без EKU timeStamping"
cat "$PKI/sub.pem" "$PKI/root.pem" >"$WORK/chain.pem"

# --- the data timestamped ---------------------------------------------------
printf 'Документ, на который ставится штамп времени.\n' >"$O/data.txt"

query() { # out data digest [extra...]
    local out=$1 data=$2 md=$3; shift 3
    ossl ts -query -engine gost -data "$data" "-$md" "$@" -out "$out"
}
reply() { # query out signer [extra...]
    local q=$1 out=$2 signer=$3; shift 3
    ossl ts -reply -engine gost -config "$CONF" -queryfile "$q" -signer "$O/$signer.pem" \
        -inkey "$O/$signer.key.pem" -chain "$PKI/sub.pem" -token_out -out "$out" "$@"
}
ts_verify() { # token data [extra...] -> status
    local tok=$1 data=$2; shift 2
    openssl ts -verify -engine gost -token_in -in "$tok" -data "$data" \
        -CAfile "$PKI/root.pem" -untrusted "$WORK/chain.pem" "$@" >"$WORK/v.out" 2>&1
}

# good: Streebog-256 imprint, nonce, certReq
query "$WORK/q256.tsq" "$O/data.txt" md_gost12_256 -cert
reply "$WORK/q256.tsq" "$O/good_2012_256.tsr" tsa
ts_verify "$O/good_2012_256.tsr" "$O/data.txt" || { cat "$WORK/v.out" >&2; die "good_2012_256 does not verify"; }

# good: Streebog-512 imprint, no nonce, other policy
query "$WORK/q512.tsq" "$O/data.txt" md_gost12_512 -cert -no_nonce -tspolicy 1.2.643.3.58.3.1
reply "$WORK/q512.tsq" "$O/good_2012_512.tsr" tsa
ts_verify "$O/good_2012_512.tsr" "$O/data.txt" || { cat "$WORK/v.out" >&2; die "good_2012_512 does not verify"; }

# good: SHA-256 imprint (a GOST TSA timestamping with a foreign hash)
query "$WORK/qsha.tsq" "$O/data.txt" sha256 -cert
reply "$WORK/qsha.tsq" "$O/good_sha256.tsr" tsa
ts_verify "$O/good_sha256.tsr" "$O/data.txt" || { cat "$WORK/v.out" >&2; die "good_sha256 does not verify"; }

# certReq false: the token carries no certificate (RFC 3161 section 2.4.1)
query "$WORK/qnocert.tsq" "$O/data.txt" md_gost12_256
reply "$WORK/qnocert.tsq" "$O/good_nocerts.tsr" tsa
openssl cms -cmsout -print -inform DER -in "$O/good_nocerts.tsr" | grep -A1 'certificates:$' | grep -q 'd.certificate' &&
    die "good_nocerts.tsr carries certificates"
cat "$O/tsa.pem" "$WORK/chain.pem" >"$WORK/chain_tsa.pem"
ts_verify "$O/good_nocerts.tsr" "$O/data.txt" -untrusted "$WORK/chain_tsa.pem" || { cat "$WORK/v.out" >&2; die "good_nocerts does not verify"; }

# wrong EKU / non-critical EKU: openssl ts -reply refuses such signers (RFC
# 3161 2.3), so sign the TSTInfo of good_2012_256 again with openssl cms.
# extract the eContent (the DER TSTInfo)
ossl cms -verify -engine gost -inform DER -in "$O/good_2012_256.tsr" -noverify -binary -out "$WORK/tstinfo.der"
for who in tsa_wrongeku tsa_noncritical; do
    ossl cms -sign -engine gost -binary -nodetach -nosmimecap -md md_gost12_256 \
        -cades -econtent_type 1.2.840.113549.1.9.16.1.4 -signer "$O/$who.pem" -inkey "$O/$who.key.pem" \
        -certfile "$PKI/sub.pem" -in "$WORK/tstinfo.der" -outform DER -out "$O/$who.tsr"
    if ts_verify "$O/$who.tsr" "$O/data.txt"; then
        die "$who.tsr verifies with openssl ts -verify, it must not"
    fi
    # ... but its CMS signature itself is fine
    ossl cms -verify -engine gost -inform DER -in "$O/$who.tsr" -binary -purpose any \
        -CAfile "$PKI/root.pem" -certfile "$WORK/chain.pem" -out /dev/null
done

rm -f "$O"/*.key.pem
cp "$O"/* "$OUTDIR"/
echo "gen.sh: wrote $(ls "$O" | wc -l) files to $OUTDIR"
