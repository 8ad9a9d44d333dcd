#!/bin/sh
# Regenerates the fixtures in this directory from the project corpus
# (/work/shared/corpus, see its MANIFEST.md) and records in openssl.sha256 the
# SHA-256 of OpenSSL's own DER re-encoding of each fixture
# (openssl cms -cmsout -outform DER), the independent oracle for ToDER.
# Needs base64 (coreutils), sed, sha256sum and openssl.
set -eu
CORPUS=${CORPUS:-/work/shared/corpus}
cd "$(dirname "$0")"

S=$CORPUS/keyintegrity-pycryptoprosdk/signatures
base64 -d <"$S/doc.txt.sgn.2019-02-21" >cryptopro_doc.txt.sgn.2019-02-21.ber
base64 -d <"$S/test.txt.sig" >cryptopro_test.txt.sig.ber
base64 -d <"$S/doc.txt.sig.2018-01-23" >cryptopro_doc.txt.sig.2018-01-23.der
base64 -d <"$S/sign.sig" >cryptopro_sign.sig.der
cp "$CORPUS/misc-embedded/gosuslugi-plugin-vipnet/attached_2012_256.p7s" vipnet_attached_2012_256.p7s
cp "$CORPUS/misc-embedded/gosuslugi-plugin-vipnet/detached_2012_256.p7s" vipnet_detached_2012_256.p7s
cp "$CORPUS/misc-embedded/fns_izvpol_2015_gost2001_detached.sig" fns_izvpol_2015_gost2001_detached.sig
cp "$CORPUS/nicesoft-libksba/gost_test.txt.p7s" libksba_gost_test.txt.p7s
cp "$CORPUS/vectors/tc26-cms/signed_256.der" tc26_signed_256.der
sed '/^-----/d' "$CORPUS/ddulesov-pycms/cms.pem" | base64 -d >pycms_cms.der
chmod 644 ./*.ber ./*.der ./*.p7s ./*.sig

: >openssl.sha256
for f in *.ber *.der *.p7s *.sig; do
	h=$(openssl cms -cmsout -inform DER -in "$f" -outform DER | sha256sum | cut -d' ' -f1)
	echo "$h  $f" >>openssl.sha256
done
