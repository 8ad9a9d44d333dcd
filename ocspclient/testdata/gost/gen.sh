#!/bin/sh
# Makes the GOST OCSP responses and CRLs that seed FuzzEvaluate and
# FuzzCheckCRL (see README.md), with OpenSSL 3 and gost-engine, from the
# test PKI in ../../../testdata/cms/pki. Run it from anywhere; it rewrites
# the files beside it. Needs: openssl, libengine-gost-openssl.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pki=$(cd "$here/../../../testdata/cms/pki" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# `openssl ocsp` has no -engine option: gost-engine comes from a config.
printf '%s\n' 'openssl_conf = openssl_init' '[openssl_init]' 'engines = engines' \
	'[engines]' 'gost = gost' '[gost]' 'engine_id = gost' 'default_algorithms = ALL' >engine.cnf
export OPENSSL_CONF="$tmp/engine.cnf"

cp "$pki/sub.pem" "$pki/sub.key.pem" .
good=652598235470A42B0313E793BB77E93656039B23    # signer_2012_256: valid
revoked=22D0DB041EF10A9C891BD27CA7A4E83571E08396 # signer_2001: revoked
absent=77BF2C149363D2355FF3F38A73F8D580F9A95962  # signer_2012_512: not in the index
awk -F '\t' -v OFS='\t' -v r="$revoked" -v a="$absent" \
	'$4 == a { next } $4 == r { $1 = "R"; $3 = "250101000000Z,keyCompromise" } { print }' \
	"$pki/sub.index.txt" >index.txt

# Delegated responders issued by the sub CA: with OCSPSigning (and
# ocsp-nocheck), and with clientAuth only.
printf '%s\n' '[eku]' 'extendedKeyUsage = OCSPSigning' '1.3.6.1.5.5.7.48.1.5 = ASN1:NULL' \
	'[noeku]' 'extendedKeyUsage = clientAuth' >ext.cnf
serial=20816
for name in eku noeku; do
	openssl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "resp_$name.key.pem"
	openssl req -new -key "resp_$name.key.pem" -subj "/CN=OCSP responder $name" -out "resp_$name.csr"
	openssl x509 -req -in "resp_$name.csr" -CA sub.pem -CAkey sub.key.pem -set_serial "$serial" \
		-days 7300 -extfile ext.cnf -extensions "$name" -out "resp_$name.pem"
	serial=$((serial + 1))
done

# request FILE OPTIONS... asks about signer certificates.
request() {
	out=$1
	shift
	openssl ocsp -issuer sub.pem "$@" -reqout "$out" >/dev/null
}
# respond REQUEST SIGNER OUT [OPTIONS...] answers a request offline. The
# sub CA's answers leave out its certificate (-resp_no_certs), which the
# client has anyway: small seeds are quicker for the fuzzer to minimise.
respond() {
	req=$1 signer=$2 out=$3
	shift 3
	[ "$signer" = sub ] && set -- -resp_no_certs "$@"
	openssl ocsp -index index.txt -CA sub.pem -rsigner "$signer.pem" -rkey "$signer.key.pem" \
		-reqin "$req" -respout "$out" -ndays 1 "$@" >/dev/null
}
request good.req -cert "$pki/signer_2012_256.pem"
request revoked.req -cert "$pki/signer_2001.pem"
request unknown.req -cert "$pki/signer_2012_512.pem"
request nononce.req -cert "$pki/signer_2012_256.pem" -no_nonce
request sha256.req -sha256 -cert "$pki/signer_2012_256.pem"
request streebog.req -md_gost12_256 -cert "$pki/signer_2012_256.pem"
request two.req -cert "$pki/signer_2001.pem" -cert "$pki/signer_2012_256.pem"

respond good.req sub ocsp_good_by_ca.der
respond good.req sub ocsp_good_by_ca_keyid.der -resp_key_id
respond revoked.req sub ocsp_revoked_by_ca.der
respond unknown.req sub ocsp_unknown_by_ca.der
respond nononce.req sub ocsp_good_by_ca_nononce.der
respond sha256.req sub ocsp_good_by_ca_sha256.der
respond streebog.req sub ocsp_good_by_ca_streebog.der
respond two.req sub ocsp_two_by_ca.der
respond good.req resp_eku ocsp_good_by_eku.der
respond revoked.req resp_eku ocsp_revoked_by_eku.der -resp_key_id
respond good.req resp_noeku ocsp_good_by_noeku.der

# CRLs of the sub CA (signer_2001 revoked) with issuingDistributionPoint
# scopes: none, the signers' distribution point, another one, both, only
# end-entity and only CA certificates.
printf '01\n' >crlnumber
crl() {
	out=$1 idp=$2
	{
		printf '%s\n' '[ca]' 'default_ca = ca_sub' '[ca_sub]' 'database = index.txt' \
			'crlnumber = crlnumber' 'default_md = md_gost12_256' 'default_crl_days = 1' \
			'crl_extensions = crl_ext' '[crl_ext]' 'authorityKeyIdentifier = keyid:always'
		if [ -n "$idp" ]; then
			printf '%s\n' 'issuingDistributionPoint = critical, @idp' '[idp]'
			printf '%s\n' "$idp" | tr ';' '\n'
		fi
	} >crl.cnf
	openssl ca -engine gost -gencrl -keyfile sub.key.pem -cert sub.pem -config crl.cnf -out crl.pem 2>/dev/null
	openssl crl -in crl.pem -outform DER -out "$out"
}
crl crl_plain.der ''
crl crl_idp_signers.der 'fullname = URI:http://127.0.0.1:1/sub.crl'
crl crl_idp_other.der 'fullname = URI:http://127.0.0.1:1/part-2.crl'
crl crl_idp_both.der 'fullname = URI:http://127.0.0.1:1/part-2.crl, URI:http://127.0.0.1:1/sub.crl'
crl crl_idp_onlyuser.der 'onlyuser = TRUE'
crl crl_idp_onlyca.der 'onlyCA = TRUE'
crl crl_idp_someReasons.der 'onlysomereasons = keyCompromise'

cp resp_eku.pem resp_noeku.pem ocsp_*.der crl_*.der "$here/"
