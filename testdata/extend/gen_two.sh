#!/usr/bin/env bash
# gen_two.sh - a second signer for the test PKI of gen.sh, and two.sig: a
#              detached CAdES-BES of doc.txt by signer and by signer2 (package
#              extend's tests of files with several signers).
#
# It reads the PKI gen.sh made (pki/ca.pem, pki/ca.key.pem, pki/ca.index.txt,
# pki/signer*.pem) and changes none of it: the new files go to two/ and to
# two.sig. Run it again after gen.sh, which makes a new CA. signer2 is issued
# with gen.sh's openssl.cnf (v3_signer, as pki/signer.pem).
#
# Requirements (Debian 12): apt-get install openssl libengine-gost-openssl
#
# Usage: testdata/extend/gen_two.sh [OUTDIR]   (default: this script's directory;
#        OUTDIR must hold pki/ and doc.txt as gen.sh made them)
# Output: two/signer2.pem, two/signer2.key.pem (issued by pki/ca.pem like
#         pki/signer.pem, same extensions and dates), two/ca.index.txt
#         (pki/ca.index.txt with signer2's entry added: the index the OCSP
#         responder of extendtest must read for signer2), two.sig; see README.md.
set -euo pipefail
export LC_ALL=C
die() { echo "gen_two.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=$(cd "${1:-$SCRIPT_DIR}" && pwd)
P=$OUTDIR/pki
T=$OUTDIR/two
for f in ca.pem ca.key.pem ca.index.txt chain.pem signer.pem signer.key.pem; do
    [[ -f $P/$f ]] || die "$P/$f is missing: run gen.sh first"
done
[[ -f $OUTDIR/doc.txt ]] || die "$OUTDIR/doc.txt is missing: run gen.sh first"
mkdir -p "$T"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostextend2.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

export OPENSSL_CONF=$SCRIPT_DIR/openssl.cnf CA_DIR=$WORK/db-ca  # gen.sh's config
openssl engine gost -t >/dev/null 2>&1 || die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"
ossl() { openssl "$@" >"$WORK/ossl.out" 2>&1 || { cat "$WORK/ossl.out" >&2; die "openssl $* failed"; }; }

# The CA's database starts as its index: openssl ca appends signer2's entry.
mkdir -p "$CA_DIR/new"
cp "$P/ca.index.txt" "$CA_DIR/index.txt"
echo 01 >"$CA_DIR/serial"; echo 01 >"$CA_DIR/crlnumber"

O="/O=gostverify (тестовые данные extend)/C=RU"
ossl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$T/signer2.key.pem"
ossl req -new -key "$T/signer2.key.pem" -md_gost12_256 -utf8 -subj "/CN=Иванова Мария Ивановна/SN=Иванова/GN=Мария Ивановна$O" \
    -out "$WORK/signer2.csr"
ossl ca -batch -notext -rand_serial -in "$WORK/signer2.csr" -out "$T/signer2.pem" -extensions v3_signer \
    -startdate 20240101000000Z -enddate 20341231235959Z -preserveDN -md md_gost12_256 \
    -cert "$P/ca.pem" -keyfile "$P/ca.key.pem"
ossl x509 -in "$T/signer2.pem" -out "$T/signer2.pem"
openssl verify -check_ss_sig -CAfile "$P/root.pem" -untrusted "$P/ca.pem" "$T/signer2.pem" >/dev/null 2>&1 ||
    die "signer2.pem does not verify"
[[ $(wc -l <"$CA_DIR/index.txt") -eq $(($(wc -l <"$P/ca.index.txt") + 1)) ]] || die "the CA's index did not get one entry"
cp "$CA_DIR/index.txt" "$T/ca.index.txt"

# signer first (ca.pem included, as in bes.sig), then signer2 added with
# -resign: the first SignerInfo is left as it is and the second reuses its
# messageDigest.
ossl cms -sign -binary -nosmimecap -cades -md md_gost12_256 -signer "$P/signer.pem" -inkey "$P/signer.key.pem" \
    -certfile "$P/ca.pem" -in "$OUTDIR/doc.txt" -outform DER -out "$WORK/one.sig"
ossl cms -resign -binary -nosmimecap -cades -md md_gost12_256 -signer "$T/signer2.pem" -inkey "$T/signer2.key.pem" \
    -inform DER -in "$WORK/one.sig" -outform DER -out "$OUTDIR/two.sig"
openssl cms -verify -binary -inform DER -in "$OUTDIR/two.sig" -content "$OUTDIR/doc.txt" -purpose any \
    -CAfile "$P/chain.pem" -out /dev/null >/dev/null 2>&1 || die "two.sig does not verify"
n=$(openssl cms -cmsout -print -inform DER -in "$OUTDIR/two.sig" | grep -c 'signatureAlgorithm:') || true
[[ $n -eq 2 ]] || die "two.sig has $n signers, want 2"
echo "gen_two.sh: OK, $(openssl version), output $OUTDIR"
