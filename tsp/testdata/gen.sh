#!/usr/bin/env bash
# gen.sh - make RFC 3161 timestamp tokens of foreign (RSA and ECDSA) TSAs
#          with OpenSSL 3.0 (`openssl ts -query` / `openssl ts -reply`).
#
# Requirements: apt-get install openssl
#
# A self-made CA (RSA 3072) issues two TSA certificates whose only extended
# key usage is a critical id-kp-timeStamping (RFC 3161 section 2.3): RSA 2048
# and ECDSA P-256. Every token is checked with `openssl ts -verify` against
# the CA before it is written; the tampered one must FAIL it.
#
# Usage:
#     tsp/testdata/gen.sh [OUTDIR]     # OUTDIR defaults to this script's directory
#
# Output: see README.md. Keys, serials and signatures are new on every run;
# the keys are not kept.
set -euo pipefail
export LC_ALL=C

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=${1:-$SCRIPT_DIR}
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/foreigntsp.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
O=$WORK/out
mkdir -p "$O"

CONF=$WORK/openssl.cnf
cat >"$CONF" <<'CNF'
[req]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
[req_dn]
[v3_ca]
basicConstraints       = critical, CA:true
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
# RFC 3161 section 2.3: the only EKU is id-kp-timeStamping, and it is critical
[v3_tsa]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = critical, timeStamping
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[tsa]
default_tsa = tsa_rsa
# signingCertificateV2 with SHA-256 (RFC 5816)
[tsa_rsa]
serial                  = $ENV::TSA_SERIAL
signer_digest           = sha256
default_policy          = 1.3.6.1.4.1.99999.1
digests                 = sha256, sha384, sha512
accuracy                = secs:1
ordering                = no
tsa_name                = yes
ess_cert_id_chain       = no
ess_cert_id_alg         = sha256
# signingCertificate (v1, SHA-1 certificate hash: RFC 3161 section 2.4.1)
[tsa_ec]
serial                  = $ENV::TSA_SERIAL
signer_digest           = sha384
default_policy          = 1.3.6.1.4.1.99999.2
digests                 = sha256, sha384, sha512
accuracy                = millisecs:500
ordering                = no
tsa_name                = no
ess_cert_id_chain       = no
ess_cert_id_alg         = sha1
CNF
export OPENSSL_CONF=$CONF
export TSA_SERIAL=$WORK/tsaserial
echo 01 >"$TSA_SERIAL"

ossl() { openssl "$@" 2>"$WORK/err" || { cat "$WORK/err" >&2; die "openssl $1 failed"; }; }

# --- the CA and the TSAs ----------------------------------------------------
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$WORK/ca.key"
ossl req -x509 -new -key "$WORK/ca.key" -sha256 -days 3650 -set_serial 1 \
    -subj "/CN=gostverify foreign TSA test CA/O=gostverify/C=DE" -extensions v3_ca -out "$O/ca.pem"
tsa_cert() { # name CN genpkey-options...
    local name=$1 cn=$2; shift 2
    ossl genpkey "$@" -out "$WORK/$name.key"
    ossl req -new -key "$WORK/$name.key" -subj "/CN=$cn/O=gostverify/C=DE" -out "$WORK/$name.csr"
    ossl x509 -req -in "$WORK/$name.csr" -CA "$O/ca.pem" -CAkey "$WORK/ca.key" -sha256 \
        -set_serial "0x$(openssl rand -hex 16)" -days 3650 -extfile "$CONF" -extensions v3_tsa \
        -out "$O/$name.pem"
}
tsa_cert tsa_rsa "RSA test TSA" -algorithm RSA -pkeyopt rsa_keygen_bits:2048
tsa_cert tsa_ec "ECDSA P-256 test TSA" -algorithm EC -pkeyopt ec_paramgen_curve:P-256

# --- the data timestamped ---------------------------------------------------
printf 'Data timestamped by a foreign TSA.\n' >"$O/data.txt"

reply() { # query out tsa section
    ossl ts -reply -config "$CONF" -section "$4" -queryfile "$1" -signer "$O/$3.pem" \
        -inkey "$WORK/$3.key" -token_out -out "$O/$2"
}
ts_verify() { # token
    openssl ts -verify -token_in -in "$O/$1" -data "$O/data.txt" -CAfile "$O/ca.pem" >"$WORK/v.out" 2>&1
}
good() { ts_verify "$1" || { cat "$WORK/v.out" >&2; die "$1 does not verify"; }; }

# RSA TSA: SHA-256 imprint, token signed with SHA-256 (rsaEncryption)
ossl ts -query -data "$O/data.txt" -sha256 -cert -out "$WORK/q_rsa.tsq"
reply "$WORK/q_rsa.tsq" rsa_sha256.tsr tsa_rsa tsa_rsa
good rsa_sha256.tsr

# ECDSA TSA: SHA-512 imprint, token signed with ECDSA and SHA-384
ossl ts -query -data "$O/data.txt" -sha512 -cert -no_nonce -out "$WORK/q_ec.tsq"
reply "$WORK/q_ec.tsq" ec_sha384.tsr tsa_ec tsa_ec
good ec_sha384.tsr

# tampered: the RSA token with the last byte of its signature value (the
# last byte of the file: no unsigned attributes follow) inverted
size=$(stat -c %s "$O/rsa_sha256.tsr")
cp "$O/rsa_sha256.tsr" "$O/rsa_sha256_badsig.tsr"
printf "$(printf '\\x%02x' $((0x$(xxd -s $((size - 1)) -l 1 -p "$O/rsa_sha256.tsr") ^ 0xff)))" |
    dd of="$O/rsa_sha256_badsig.tsr" bs=1 seek=$((size - 1)) conv=notrunc status=none
if ts_verify rsa_sha256_badsig.tsr; then
    die "rsa_sha256_badsig.tsr verifies with openssl ts -verify, it must not"
fi

cp "$O"/* "$OUTDIR"/
echo "gen.sh: wrote $(ls "$O" | wc -l) files to $OUTDIR"
