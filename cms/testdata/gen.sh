#!/usr/bin/env bash
# gen.sh - make RSA and ECDSA CMS signature fixtures with OpenSSL 3.0
#          (`openssl cms -sign`), for the foreign-signer checks of package cms.
#
# Requirements: apt-get install openssl
#
# A self-made CA (RSA 3072) issues three signer certificates: RSA 2048, ECDSA
# P-256 and ECDSA P-384. Every signature is checked with `openssl cms -verify`
# against the CA before it is written; every tampered one must FAIL it.
#
# Usage:
#     cms/testdata/gen.sh [OUTDIR]     # OUTDIR defaults to this script's directory
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
WORK=$(mktemp -d "${TMPDIR:-/tmp}/foreigncms.XXXXXX")
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
[v3_signer]
basicConstraints       = critical, CA:false
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = emailProtection
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
CNF
export OPENSSL_CONF=$CONF

ossl() { openssl "$@" 2>"$WORK/err" || { cat "$WORK/err" >&2; die "openssl $1 failed"; }; }

# --- the CA and the signers -------------------------------------------------
ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$WORK/ca.key"
ossl req -x509 -new -key "$WORK/ca.key" -sha256 -days 3650 -set_serial 1 \
    -subj "/CN=gostverify foreign test CA/O=gostverify/C=RU" -extensions v3_ca -out "$O/ca.pem"
signer() { # name CN genpkey-options...
    local name=$1 cn=$2; shift 2
    ossl genpkey "$@" -out "$WORK/$name.key"
    ossl req -new -key "$WORK/$name.key" -subj "/CN=$cn/O=gostverify/C=RU" -out "$WORK/$name.csr"
    ossl x509 -req -in "$WORK/$name.csr" -CA "$O/ca.pem" -CAkey "$WORK/ca.key" -sha256 \
        -set_serial "0x$(openssl rand -hex 16)" -days 3650 -extfile "$CONF" -extensions v3_signer \
        -out "$O/$name.pem"
}
signer signer_rsa "RSA signer" -algorithm RSA -pkeyopt rsa_keygen_bits:2048
signer signer_p256 "ECDSA P-256 signer" -algorithm EC -pkeyopt ec_paramgen_curve:P-256
signer signer_p384 "ECDSA P-384 signer" -algorithm EC -pkeyopt ec_paramgen_curve:P-384

# --- the documents ----------------------------------------------------------
printf 'A document signed with RSA and ECDSA keys.\n' >"$O/doc.txt"
printf 'A document signed with RSA and ECDSA keys!\n' >"$O/tampered.txt"

# sign out signer [cms -sign options...]: DER, detached unless -nodetach given
sign() {
    local out=$1 who=$2; shift 2
    ossl cms -sign -binary -in "$O/doc.txt" -signer "$O/$who.pem" -inkey "$WORK/$who.key" \
        -outform DER -out "$O/$out" "$@"
}
# check sig [content]: openssl cms -verify against the CA
check() {
    local sig=$1 content=${2:-$O/doc.txt}
    openssl cms -verify -binary -inform DER -in "$O/$sig" -content "$content" \
        -CAfile "$O/ca.pem" -purpose any -out /dev/null >"$WORK/v.out" 2>&1
}
good() { check "$@" || { cat "$WORK/v.out" >&2; die "$1 does not verify"; }; }
bad() { if check "$@"; then die "$1 verifies with openssl cms -verify, it must not"; fi; }

sign rsa_sha256.p7s signer_rsa -md sha256 -cades
good rsa_sha256.p7s
sign rsa_sha512_noattr.p7s signer_rsa -md sha512 -noattr
good rsa_sha512_noattr.p7s
sign rsa_pss_sha384.p7s signer_rsa -md sha384 -cades -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:digest
good rsa_pss_sha384.p7s
openssl cms -cmsout -print -inform DER -in "$O/rsa_pss_sha384.p7s" | grep -q 'rsassaPss' ||
    die "rsa_pss_sha384.p7s is not RSASSA-PSS"
sign rsa_sha1.p7s signer_rsa -md sha1
good rsa_sha1.p7s
sign p256_sha256.p7s signer_p256 -md sha256 -cades
good p256_sha256.p7s
sign p384_sha384_attached.p7s signer_p384 -md sha384 -cades -nodetach
openssl cms -verify -binary -inform DER -in "$O/p384_sha384_attached.p7s" -CAfile "$O/ca.pem" \
    -purpose any -out "$WORK/content" >"$WORK/v.out" 2>&1 || { cat "$WORK/v.out" >&2; die "p384_sha384_attached.p7s does not verify"; }
cmp -s "$WORK/content" "$O/doc.txt" || die "p384_sha384_attached.p7s does not carry doc.txt"
sign p256_sha512.p7s signer_p256 -md sha512
good p256_sha512.p7s

# tampered: the other document under a good signature, and good signatures
# with the last byte of the signature value (the last byte of the file: no
# unsigned attributes follow) inverted. For ECDSA it is the last byte of s,
# so the Ecdsa-Sig-Value stays well formed.
bad rsa_sha256.p7s "$O/tampered.txt"
bad p256_sha256.p7s "$O/tampered.txt"
flip_last() { # in out
    local size
    size=$(stat -c %s "$O/$1")
    cp "$O/$1" "$O/$2"
    printf "$(printf '\\x%02x' $((0x$(xxd -s $((size - 1)) -l 1 -p "$O/$1") ^ 0xff)))" |
        dd of="$O/$2" bs=1 seek=$((size - 1)) conv=notrunc status=none
}
flip_last rsa_sha256.p7s rsa_sha256_badsig.p7s
bad rsa_sha256_badsig.p7s
flip_last p256_sha256.p7s p256_sha256_badsig.p7s
bad p256_sha256_badsig.p7s

cp "$O"/* "$OUTDIR"/
echo "gen.sh: wrote $(ls "$O" | wc -l) files to $OUTDIR"
