#!/usr/bin/env bash
# Copies the signed X.509 objects of ../shared/corpus (certificates, CRLs,
# certificate requests) into this directory as DER files, and extracts the
# certificates carried inside the corpus's CMS signatures with OpenSSL.
# The gost package's TestCorpusSignatures verifies every signature whose
# issuer is among them.
#
# Needs: bash, coreutils, openssl. Run from anywhere:
#   testdata/gost-corpus/collect.sh [CORPUS_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../../shared/corpus}
corpus=$(cd "$corpus" && pwd)
rm -f "$here"/*.der

n=0
# name turns a corpus path into a flat file name: dir__file.
name() { local r=${1#"$corpus"/}; r=${r//\//__}; printf '%s' "${r%.*}"; }
fullname() { local r=${1#"$corpus"/}; printf '%s' "${r//\//__}"; }

todir() { # file kind(x509|crl|req)
	local f=$1 kind=$2 out
	out="$here/$(name "$f").$kind.der"
	if grep -q -- '-----BEGIN' "$f"; then
		openssl "$kind" -in "$f" -outform DER -out "$out" 2>/dev/null || { rm -f "$out"; return 0; }
	else
		openssl "$kind" -inform DER -in "$f" -outform DER -out "$out" 2>/dev/null || { rm -f "$out"; return 0; }
	fi
	n=$((n + 1))
}

while IFS= read -r -d '' f; do
	case "$f" in
	*/tc26-cms/* | */ocsp_* | *.req | *timestamp_token* | *_key.pem | */vector.json) continue ;;
	*crl*) todir "$f" crl ;;
	*csr*) todir "$f" req ;;
	*) todir "$f" x509 ;;
	esac
done < <(find "$corpus" -type f \( -name '*.pem' -o -name '*.cer' -o -name '*.crt' -o -name '*.der' -o -name '*.0' -o -name '*.crl' \) -print0 | sort -z)

# Certificates inside CMS signatures (DER, PEM or bare base64).
while IFS= read -r -d '' f; do
	tmp=$(mktemp)
	if grep -q -- '-----BEGIN' "$f"; then
		openssl pkcs7 -in "$f" -outform DER -out "$tmp" 2>/dev/null || openssl cms -cmsout -in "$f" -inform PEM -outform DER -out "$tmp" 2>/dev/null || true
	elif openssl pkcs7 -inform DER -in "$f" -outform DER -out "$tmp" 2>/dev/null; then
		:
	else
		base64 -di "$f" >"$tmp.b64" 2>/dev/null && openssl pkcs7 -inform DER -in "$tmp.b64" -outform DER -out "$tmp" 2>/dev/null || true
		rm -f "$tmp.b64"
	fi
	if [ -s "$tmp" ]; then
		i=0
		openssl pkcs7 -inform DER -in "$tmp" -print_certs 2>/dev/null |
			awk -v base="$here/$(fullname "$f")" '/BEGIN CERT/{i++; fn=sprintf("%s.embedded%d.pem", base, i)} fn{print > fn} /END CERT/{close(fn); fn=""}'
		for pem in "$here/$(fullname "$f")".embedded*.pem; do
			[ -e "$pem" ] || continue
			openssl x509 -in "$pem" -outform DER -out "${pem%.pem}.x509.der"
			rm -f "$pem"
			n=$((n + 1))
		done
	fi
	rm -f "$tmp"
done < <(find "$corpus" -type f \( -name '*.sig*' -o -name '*.sgn*' -o -name '*.p7s' -o -name 'cms*.pem' -o -name 'signed_*' \) -print0 | sort -z)

# The same certificate often stands in several places: keep one copy.
dups=0
declare -A seen
for f in "$here"/*.der; do
	h=$(sha256sum "$f" | cut -d' ' -f1)
	if [ -n "${seen[$h]:-}" ]; then rm -f "$f"; dups=$((dups + 1)); else seen[$h]=1; fi
done
echo "collect.sh: $((n - dups)) distinct objects in $here ($dups duplicates dropped)"
