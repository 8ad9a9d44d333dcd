#!/usr/bin/env bash
# gen.sh - the test PKI of `gostverify extend` (package extend, extendtest and
#          cmd/gostverify/testdata/extend*.txtar), made with OpenSSL 3.0 +
#          gost-engine: GOST R 34.10-2012 256-bit keys (paramset A), every hash
#          Streebog-256.
#
# Requirements (Debian 12): apt-get install openssl libengine-gost-openssl
#
# Unlike testdata/cades, nothing here is timed: the certificates have fixed
# dates, long enough for the tests to run for years, and the live objects
# (timestamps, OCSP responses, CRLs) are made while the tests run, by
# `openssl ts -reply`, `openssl ocsp` and `openssl ca -gencrl` (package
# extendtest). The certificates name their OCSP responder and CRLs by host
# names under .extend.test that never resolve: the tests reach them through an
# HTTP proxy on 127.0.0.1 (extendtest.Servers), so no port is written in a
# certificate.
#
# The OpenSSL config (engine, CA database, each certificate's extensions) is
# openssl.cnf beside this script, which gen_two.sh reads too.
#
# Usage: testdata/extend/gen.sh [OUTDIR]   (default: this script's directory)
# Output: pki/*.pem, pki/*.key.pem, pki/ca.index.txt, pki/root.index.txt,
#         pki/chain.pem (ca + root), bes.sig, bes_crl.sig (detached CAdES-BES of
#         doc.txt), bes_attached.sig; see README.md.
set -euo pipefail
export LC_ALL=C
die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=${1:-$SCRIPT_DIR}
mkdir -p "$OUTDIR/pki"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostextend.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
P=$OUTDIR/pki

export OPENSSL_CONF=$SCRIPT_DIR/openssl.cnf CA_DIR=$WORK  # openssl.cnf names $ENV::CA_DIR: it must be set for the config (and the engine) to load
openssl engine gost -t >/dev/null 2>&1 || die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"
ossl() { openssl "$@" >"$WORK/ossl.out" 2>&1 || { cat "$WORK/ossl.out" >&2; die "openssl $* failed"; }; }

ca_db() { mkdir -p "$1/new"; : >"$1/index.txt"; echo 01 >"$1/serial"; echo 01 >"$1/crlnumber"; }
# issue NAME ISSUER EXT NOTBEFORE NOTAFTER DB SUBJECT
issue() {
    local name=$1 ca=$2 ext=$3 nb=$4 na=$5 db=$6 subj=$7 args
    ossl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$P/$name.key.pem"
    ossl req -new -key "$P/$name.key.pem" -md_gost12_256 -utf8 -subj "$subj" -out "$WORK/$name.csr"
    args=(ca -batch -notext -rand_serial -in "$WORK/$name.csr" -out "$P/$name.pem" -extensions "$ext"
        -startdate "$nb" -enddate "$na" -preserveDN -md md_gost12_256)
    if [[ $ca == self ]]; then args+=(-selfsign -keyfile "$P/$name.key.pem"); else args+=(-cert "$P/$ca.pem" -keyfile "$P/$ca.key.pem"); fi
    CA_DIR=$db ossl "${args[@]}"
    ossl x509 -in "$P/$name.pem" -out "$P/$name.pem"
}
O="/O=gostverify (тестовые данные extend)/C=RU"
ca_db "$WORK/db-root"; ca_db "$WORK/db-ca"
# Fixed dates: the signers expire on 2034-12-31, so that the tests can verify
# "after the signer certificate expired" with --at 2035-06-01; everything
# else lives to 2049.
issue root self v3_root 20240101000000Z 20491231235959Z "$WORK/db-root" "/CN=Головной УЦ gostverify (extend)$O"
issue ca root v3_ca 20240101000000Z 20491231235959Z "$WORK/db-root" "/CN=УЦ gostverify (extend)$O"
issue signer ca v3_signer 20240101000000Z 20341231235959Z "$WORK/db-ca" "/CN=Петров Пётр Петрович/SN=Петров/GN=Пётр Петрович$O"
issue signer_crl ca v3_signer_crl 20240101000000Z 20341231235959Z "$WORK/db-ca" "/CN=Сидорова Анна Сергеевна$O"
issue ocsp ca v3_ocsp 20240101000000Z 20491231235959Z "$WORK/db-ca" "/CN=OCSP-служба УЦ gostverify (extend)$O"
issue tsa ca v3_tsa 20240101000000Z 20491231235959Z "$WORK/db-ca" "/CN=Служба штампов времени gostverify (extend)$O"
issue tsa_noeku ca v3_tsa_noeku 20240101000000Z 20491231235959Z "$WORK/db-ca" "/CN=Служба штампов времени без EKU (extend)$O"
cp "$WORK/db-ca/index.txt" "$P/ca.index.txt"
cp "$WORK/db-root/index.txt" "$P/root.index.txt"
cat "$P/ca.pem" "$P/root.pem" >"$P/chain.pem"

for n in signer signer_crl ocsp tsa tsa_noeku; do
    openssl verify -check_ss_sig -CAfile "$P/root.pem" -untrusted "$P/ca.pem" "$P/$n.pem" >/dev/null 2>&1 || die "$n.pem does not verify"
done
openssl verify -purpose timestampsign -CAfile "$P/root.pem" -untrusted "$P/ca.pem" "$P/tsa.pem" >/dev/null 2>&1 || die "tsa.pem is not for timestamping"
if openssl verify -purpose timestampsign -CAfile "$P/root.pem" -untrusted "$P/ca.pem" "$P/tsa_noeku.pem" >/dev/null 2>&1; then
    die "tsa_noeku.pem is accepted for timestamping"
fi

cp "$SCRIPT_DIR/doc.txt" "$WORK/doc.txt" 2>/dev/null || printf 'Акт приёмки № 18 (тестовый документ gostverify extend).\nThe quick brown fox.\n' >"$WORK/doc.txt"
cp "$WORK/doc.txt" "$OUTDIR/doc.txt"
for s in signer:bes.sig signer_crl:bes_crl.sig; do
    who=${s%%:*} out=${s#*:}
    ossl cms -sign -binary -nosmimecap -cades -md md_gost12_256 -signer "$P/$who.pem" -inkey "$P/$who.key.pem" \
        -certfile "$P/ca.pem" -in "$OUTDIR/doc.txt" -outform DER -out "$OUTDIR/$out"
    openssl cms -verify -binary -inform DER -in "$OUTDIR/$out" -content "$OUTDIR/doc.txt" -purpose any \
        -CAfile "$P/chain.pem" -out /dev/null >/dev/null 2>&1 || die "$out does not verify"
done
ossl cms -sign -binary -nodetach -nosmimecap -cades -md md_gost12_256 -signer "$P/signer.pem" -inkey "$P/signer.key.pem" \
    -in "$OUTDIR/doc.txt" -outform DER -out "$OUTDIR/bes_attached.sig"
openssl cms -verify -binary -inform DER -in "$OUTDIR/bes_attached.sig" -purpose any -CAfile "$P/chain.pem" -out /dev/null \
    >/dev/null 2>&1 || die "bes_attached.sig does not verify"
echo "gen.sh: OK, $(openssl version), output $OUTDIR"
