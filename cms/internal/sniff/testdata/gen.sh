#!/bin/sh
# Copies the fixtures in this directory from the project corpus
# (/work/shared/corpus, see its MANIFEST.md) and records in decoded.sha256 the
# SHA-256 of each fixture's binary content as decoded by coreutils base64
# (PEM: the lines between the armour), the independent oracle for Decode.
# Binary fixtures are hashed as they are.
set -eu
CORPUS=${CORPUS:-/work/shared/corpus}
cd "$(dirname "$0")"

S=$CORPUS/keyintegrity-pycryptoprosdk/signatures
cp "$S/doc.txt.sgn.2019-02-21" cryptopro_doc.txt.sgn.2019-02-21
cp "$S/doc.txt.sig.2018-01-23" cryptopro_doc.txt.sig.2018-01-23
cp "$S/test.txt.sig" cryptopro_test.txt.sig
cp "$S/sign.sig" cryptopro_sign.sig
cp "$CORPUS/ddulesov-pycms/cms.pem" pycms_cms.pem
cp "$CORPUS/ddulesov-pycms/cert1.pem" pycms_cert1.pem
cp "$CORPUS/misc-embedded/gosuslugi-plugin-vipnet/attached_2012_256.p7s" vipnet_attached_2012_256.p7s
cp "$CORPUS/misc-embedded/fns_izvpol_2015_gost2001_detached.sig" fns_izvpol_2015_gost2001_detached.sig
cp "$CORPUS/vectors/tc26-cms/signed_256.der" tc26_signed_256.der
BINARY="vipnet_attached_2012_256.p7s fns_izvpol_2015_gost2001_detached.sig tc26_signed_256.der"
chmod 644 cryptopro_* pycms_* $BINARY

{
	for f in cryptopro_*; do
		echo "$(base64 -d <"$f" | sha256sum | cut -d' ' -f1)  $f"
	done
	echo "$(sed '/^-----/d' pycms_cms.pem | base64 -d | sha256sum | cut -d' ' -f1)  pycms_cms.pem"
	for f in $BINARY; do
		echo "$(sha256sum <"$f" | cut -d' ' -f1)  $f"
	done
} >decoded.sha256
