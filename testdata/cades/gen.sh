#!/usr/bin/env bash
# gen.sh - make long-term CAdES fixtures (CAdES-T, CAdES-X Long Type 1 and
#          Type 2, CAdES-A with archive-time-stamp-v2) with GOST R 34.10-2012
#          256-bit keys and Streebog-256 hashes, using OpenSSL 3.0 + gost-engine
#          as the independent reference.
#
# Requirements (Debian 12, no network besides 127.0.0.1):
#     apt-get install openssl libengine-gost-openssl
#     go (the toolchain of this module; only to build ./extend)
#
# OpenSSL cannot make CAdES-T/X/A, so the work is split:
#   * OpenSSL makes every cryptographic object: keys and certificates
#     (openssl genpkey/req/ca), the CAdES-BES signature (openssl cms -sign
#     -cades), the timestamp tokens (openssl ts -query/-reply; the no-EKU one
#     with openssl cms -sign -econtent_type id-smime-ct-TSTInfo), OCSP responses
#     (a real `openssl ocsp` responder on 127.0.0.1, fetched with
#     `openssl ocsp -respout`), CRLs (openssl ca -gencrl) and every hash
#     (openssl dgst -md_gost12_256);
#   * ./extend (Go, standard library + x/crypto/cryptobyte only, nothing from
#     this repository) cuts and joins DER: it prints a signature value or a
#     timestamp's imprint input and appends unsigned attributes to the
#     SignerInfo.
#
# Self-checks (the script stops with "gen.sh: ERROR: ..." when one fails):
#   * every certificate verifies (openssl verify) and every CRL (openssl crl
#     -CAfile), every good OCSP response (openssl ocsp -respin -CAfile), status
#     good; the tampered OCSP response fails;
#   * every signature file verifies with `openssl cms -verify -cades -binary
#     -content doc.txt -CAfile pki/chain.pem` (see check_base) and fails with
#     doc_changed.txt (unsigned attributes do not affect that check);
#   * every timestamp token is cut out of the FINAL file with openssl
#     asn1parse offsets and checked with `openssl ts -verify -token_in -data
#     INPUT -CAfile pki/root.pem -untrusted pki/ca.pem` against the exact bytes
#     its imprint must cover; INPUT is computed twice, by ./extend and by this
#     script from openssl asn1parse offsets, and the two must be equal; a bad
#     token MUST fail that check (and pass against the bytes it really covers);
#   * the reference hashes are found in the attributes (openssl asn1parse).
#
# Usage:
#     testdata/cades/gen.sh [OUTDIR]     # OUTDIR defaults to this script's directory
#     CADES_FIXTURE_KEEP=1 testdata/cades/gen.sh /tmp/x   # keep the work directory
#
# Output: see README.md.  Keys, serials, signatures and every date are new on
# each run (dates are counted from the moment the script runs); doc.txt and
# doc_changed.txt are fixed.  It takes under a minute (waits order the
# times, one second apart at least: signature timestamp < OCSP producedAt / CRL thisUpdate < X timestamp <
# operator's timestamp < archive timestamp).
set -euo pipefail
export LC_ALL=C

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
OUTDIR=${1:-$SCRIPT_DIR}

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
command -v go >/dev/null || die "go not found (needed to build $SCRIPT_DIR/extend)"

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostcades.XXXXXX")
OCSP_PID=
cleanup() {
    if [[ -n $OCSP_PID ]]; then kill "$OCSP_PID" 2>/dev/null || true; fi
    if [[ -n ${CADES_FIXTURE_KEEP:-} ]]; then echo "gen.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
O=$WORK/out      # fixtures are built here and copied to OUTDIR only when every check passed
P=$O/pki
T=$WORK/t        # intermediate files
mkdir -p "$P" "$T"

# ------------------------------------------------------------------ config ---
# One private config for every command: it loads gost-engine (`openssl ocsp`
# has no -engine option), and holds the CA, extension and TSA sections.
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

[ca]
default_ca = ca_any
[ca_any]
dir             = $ENV::CA_DIR
database        = $dir/index.txt
new_certs_dir   = $dir/new
serial          = $dir/serial
crlnumber       = $dir/crlnumber
policy          = policy_any
unique_subject  = no
copy_extensions = none
default_md      = md_gost12_256
[policy_any]
commonName = supplied

[v3_root]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
[v3_ca]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints  = URI:http://127.0.0.1:1/root.crl
# the signer: its OCSP and CRL URLs point at a closed port on purpose
[v3_signer]
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess    = OCSP;URI:http://127.0.0.1:1/ocsp
crlDistributionPoints  = URI:http://127.0.0.1:1/ca.crl
# delegated OCSP responder of ca (RFC 6960 4.2.2.2), id-pkix-ocsp-nocheck
[v3_ocsp]
keyUsage               = critical, digitalSignature
extendedKeyUsage       = OCSPSigning
1.3.6.1.5.5.7.48.1.5   = ASN1:NULL
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
# RFC 3161 2.3: the only EKU is id-kp-timeStamping, and it is critical
[v3_tsa]
keyUsage               = critical, digitalSignature
extendedKeyUsage       = critical, timeStamping
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
# a TSA certificate without any EKU
[v3_tsa_noeku]
keyUsage               = critical, digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[crl_ext]
authorityKeyIdentifier = keyid:always

[tsa]
default_tsa = tsa_gost
[tsa_gost]
serial                  = $ENV::TSA_SERIAL
crypto_device           = gost
signer_digest           = md_gost12_256
default_policy          = 1.2.643.100.999.1
digests                 = md_gost12_256
accuracy                = secs:1
clock_precision_digits  = 0
ordering                = no
tsa_name                = yes
ess_cert_id_chain       = no
ess_cert_id_alg         = md_gost12_256
# the same without the tsa name (for the TSTInfo re-signed by tsa_noeku)
[tsa_noname]
serial                  = $ENV::TSA_SERIAL
crypto_device           = gost
signer_digest           = md_gost12_256
default_policy          = 1.2.643.100.999.1
digests                 = md_gost12_256
accuracy                = secs:1
clock_precision_digits  = 0
ordering                = no
tsa_name                = no
ess_cert_id_chain       = no
ess_cert_id_alg         = md_gost12_256
CNF
export OPENSSL_CONF=$CONF
export CA_DIR=$WORK TSA_SERIAL=$WORK/tsaserial
echo 01 >"$TSA_SERIAL"

openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

# ---------------------------------------------------------------- helpers ---
ossl() {
    openssl "$@" >"$WORK/ossl.out" 2>"$WORK/ossl.err" || { cat "$WORK/ossl.err" >&2; die "openssl $* failed"; }
}
# the DER assembler, built once
(cd "$REPO" && go build -o "$WORK/extend" ./testdata/cades/extend) || die "cannot build testdata/cades/extend"
X() { "$WORK/extend" "$@" || die "extend $1 failed"; }

hexof() { od -An -v -tx1 -- "$1" | tr -d ' \n'; }
hex2bin() {
    local hex=$1 esc="" i
    for ((i = 0; i < ${#hex}; i += 2)); do esc+="\\x${hex:i:2}"; done
    printf '%b' "$esc" >"$2"
}
# cut FILE OFFSET LENGTH: the bytes at OFFSET
cut_bytes() { head -c $(($2 + $3)) -- "$1" | tail -c "$3"; }
# h FILE: Streebog-256 of the file, hex
h() {
    local d
    read -r d _ < <(openssl dgst -md_gost12_256 -r "$1" 2>/dev/null)
    [[ $d =~ ^[0-9a-f]{64}$ ]] || die "openssl dgst -md_gost12_256 $1 failed"
    printf '%s' "$d"
}
# der PEM OUT: a PEM certificate as DER
der() { ossl x509 -in "$1" -outform DER -out "$2"; }

# Unsigned attribute types.
A_STS=1.2.840.113549.1.9.16.2.14      # signature-time-stamp
A_CREFS=1.2.840.113549.1.9.16.2.21    # complete-certificate-references
A_RREFS=1.2.840.113549.1.9.16.2.22    # complete-revocation-references
A_CVALS=1.2.840.113549.1.9.16.2.23    # certificate-values
A_RVALS=1.2.840.113549.1.9.16.2.24    # revocation-values
A_ESC=1.2.840.113549.1.9.16.2.25      # CAdES-C-time-stamp (escTimeStamp, X Type 1)
A_CERTCRL=1.2.840.113549.1.9.16.2.26  # time-stamped-certs-crls-references (X Type 2)
A_ATSV2=1.2.840.113549.1.9.16.2.48    # archive-time-stamp-v2
# oid_hex OID: the DER OBJECT IDENTIFIER TLV, hex (via openssl asn1parse -genstr)
oid_hex() {
    openssl asn1parse -genstr "OID:$1" -noout -out "$WORK/oid.der" >/dev/null 2>&1 || die "oid $1"
    hexof "$WORK/oid.der"
}
declare -A OIDHEX
for a in STS CREFS RREFS CVALS RVALS ESC CERTCRL ATSV2; do
    v=A_$a
    OIDHEX[$(oid_hex "${!v}")]=$a
done

# ------------------------------------------- reading a file with asn1parse ---
# These helpers locate things in a signature file from `openssl asn1parse`
# offsets alone, independently of ./extend.  Layout (depth d): ContentInfo 0,
# SignedData 2, its fields 3, SignerInfo 4, SignerInfo fields 5, unsigned
# Attribute 6, attrType/attrValues 7, the value 8.
# asn1_map FILE: lines "offset depth headerlen length"
asn1_map() {
    openssl asn1parse -inform DER -in "$1" 2>/dev/null |
        sed -nE 's/^ *([0-9]+):d=([0-9]+) +hl= *([0-9]+) +l= *([0-9]+) .*/\1 \2 \3 \4/p'
}
# sig_layout FILE: sets SL_SD (offsets of the SignedData fields "off:hl:len"),
# SL_SI (the SignerInfo fields), SL_ATTRS (the unsigned Attributes) and
# SL_TYPE (their type names, A_* suffixes or the OID hex).
sig_layout() {
    local f=$1 kind pos off hl len t
    SL_SD=() SL_SI=() SL_ATTRS=() SL_TYPE=()
    # one awk pass: SignedData fields (d=3), the SignerInfo (the d=4 element
    # after the last d=3 one, the signerInfos SET), its fields (d=5), and the
    # unsigned Attributes (d=6 inside a last field with tag [1])
    while read -r kind pos; do
        case $kind in
        SD) SL_SD+=("$pos") ;;
        SI) SL_SI+=("$pos") ;;
        UA) SL_ATTRS+=("$pos") ;;
        ERR) die "$f: $pos" ;;
        esac
    done < <(asn1_map "$f" | awk '
        { off[NR] = $1; d[NR] = $2; hl[NR] = $3; len[NR] = $4; if ($2 == 3) last3 = $1 }
        END {
            si = -1
            for (i = 1; i <= NR; i++) if (d[i] == 4 && off[i] > last3) { if (si >= 0) { print "ERR more than one SignerInfo"; exit } si = i }
            if (si < 0) { print "ERR no SignerInfo"; exit }
            siend = off[si] + hl[si] + len[si]
            for (i = 1; i <= NR; i++) {
                if (d[i] == 3) print "SD", off[i] ":" hl[i] ":" len[i]
                if (d[i] == 5 && off[i] > off[si] && off[i] < siend) { print "SI", off[i] ":" hl[i] ":" len[i]; last5 = i }
            }
            ua = off[last5]; uaend = ua + hl[last5] + len[last5]
            for (i = 1; i <= NR; i++) if (d[i] == 6 && off[i] > ua && off[i] < uaend) print "UA", off[i] ":" hl[i] ":" len[i]
        }')
    ((${#SL_SI[@]} > 0)) || die "$f: no SignerInfo fields"
    # the d=6 elements are Attributes only when the last SignerInfo field is [1] (tag a1)
    IFS=: read -r off hl len <<<"${SL_SI[-1]}"
    if [[ $(cut_bytes "$f" "$off" 1 | od -An -tx1 | tr -d ' ') != a1 ]]; then
        SL_ATTRS=()
        return
    fi
    # the attrType of each: the OBJECT IDENTIFIER TLV right after the attribute header
    for pos in "${SL_ATTRS[@]}"; do
        IFS=: read -r off hl len <<<"$pos"
        cut_bytes "$f" $((off + hl)) 64 >"$WORK/oidpfx"
        t=$(hexof "$WORK/oidpfx")
        t=${t:0:$((2 * (2 + 16#${t:2:2})))}
        SL_TYPE+=("${OIDHEX[$t]:-$t}")
    done
}
# field_bytes FILE "off:hl:len" [body]: the element (or its contents with "body")
field_bytes() {
    local off hl len
    IFS=: read -r off hl len <<<"$2"
    if [[ ${3:-} == body ]]; then cut_bytes "$1" $((off + hl)) "$len"; else cut_bytes "$1" "$off" $((hl + len)); fi
}
# sl_sigvalue FILE: the contents of the signature OCTET STRING (the element
# before unsignedAttrs, or the last one)
sl_sigvalue() {
    local i=$((${#SL_SI[@]} - 1))
    ((${#SL_ATTRS[@]} == 0)) || i=$((i - 1))
    field_bytes "$1" "${SL_SI[i]}" body
}
# sl_attr_body FILE TYPE [N]: contents (attrType ‖ attrValues) of the N-th
# (default: every) attribute of that type, concatenated in file order
sl_attr_body() {
    local f=$1 ty=$2 n=${3:-} i k=0
    for i in "${!SL_ATTRS[@]}"; do
        [[ ${SL_TYPE[i]} == "$ty" ]] || continue
        if [[ -z $n || $n == "$k" ]]; then field_bytes "$f" "${SL_ATTRS[i]}" body; fi
        k=$((k + 1))
    done
}
# sl_token FILE TYPE N OUT: the N-th token (attribute value) of that type, cut
# out of the final file by its asn1parse offsets
sl_token() {
    local f=$1 ty=$2 n=$3 i k=0 off hl len
    for i in "${!SL_ATTRS[@]}"; do
        [[ ${SL_TYPE[i]} == "$ty" ]] || continue
        if ((k == n)); then
            IFS=: read -r off hl len <<<"${SL_ATTRS[i]}"
            # attribute body = OID TLV ‖ SET TLV; the SET holds one token
            local body set
            field_bytes "$f" "${SL_ATTRS[i]}" body >"$WORK/abody"
            asn1_map "$WORK/abody" >"$WORK/abody.map"
            # d=0 entries: the OID, then the SET; the token is the first d=1 element
            read -r off _ hl len < <(awk '$2 == 1' "$WORK/abody.map" | head -1)
            cut_bytes "$WORK/abody" "$off" $((hl + len)) >"$4"
            return
        fi
        k=$((k + 1))
    done
    die "$f: no attribute $ty number $n"
}
# sl_types FILE: the unsigned attribute types in file order, space-separated
sl_types() { sig_layout "$1"; echo "${SL_TYPE[*]}"; }

# ------------------------------------------------------------------- time ---
NOW=$(date -u +%s)
DAY=86400
# utc EPOCH: YYMMDDHHMMSSZ (openssl ca -startdate); iso EPOCH: RFC 3339
utc() { date -u -d "@$1" +%y%m%d%H%M%SZ; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
ROOT_NB=$((NOW - 365 * DAY)) ROOT_NA=$((NOW - 365 * DAY + 3652 * DAY))   # 10 years
CA_NB=$((NOW - 365 * DAY))   CA_NA=$((NOW + 5 * 365 * DAY))
SIGNER_NB=$((NOW - DAY))     SIGNER_NA=$((NOW + 30 * DAY))
SVC_NB=$((NOW - DAY))        SVC_NA=$((NOW + 60 * DAY))                  # tsa, tsa_noeku, other_tsa, ocsp

# ---------------------------------------------------------------- the PKI ---
declare -A SUBJ ROLE
SUBJ[root]="/CN=Головной УЦ gostverify (CAdES)/O=gostverify (тестовые данные)/C=RU"
SUBJ[ca]="/CN=УЦ gostverify (CAdES)/O=gostverify (тестовые данные)/C=RU"
SUBJ[signer]="/CN=Иванов Иван Иванович/SN=Иванов/GN=Иван Иванович/O=ООО \"Ромашка\"/C=RU"
SUBJ[ocsp]="/CN=OCSP-служба УЦ gostverify (CAdES)/O=gostverify (тестовые данные)/C=RU"
SUBJ[tsa]="/CN=Служба штампов времени gostverify (CAdES)/O=gostverify (тестовые данные)/C=RU"
SUBJ[tsa_noeku]="/CN=Служба штампов времени без EKU/O=gostverify (тестовые данные)/C=RU"
SUBJ[other_root]="/CN=Чужой головной УЦ/O=не доверенная PKI/C=RU"
SUBJ[other_tsa]="/CN=Чужая служба штампов времени/O=не доверенная PKI/C=RU"
ROLE[root]="trust anchor (self-signed)"
ROLE[ca]="intermediate CA, issued by root; CRL DP http://127.0.0.1:1/root.crl"
ROLE[signer]="signer, issued by ca; AIA OCSP http://127.0.0.1:1/ocsp, CRL DP http://127.0.0.1:1/ca.crl (closed port)"
ROLE[ocsp]="delegated OCSP responder of ca: EKU OCSPSigning, id-pkix-ocsp-nocheck"
ROLE[tsa]="TSA, issued by ca: keyUsage critical digitalSignature, EKU critical timeStamping only"
ROLE[tsa_noeku]="TSA without any EKU, issued by ca"
ROLE[other_root]="an untrusted root (not under pki/root.pem)"
ROLE[other_tsa]="TSA issued by other_root (EKU critical timeStamping)"
NAMES=(root ca signer ocsp tsa tsa_noeku other_root other_tsa)

ca_db() { mkdir -p "$1/new"; : >"$1/index.txt"; echo 01 >"$1/serial"; echo 01 >"$1/crlnumber"; }
# issue NAME ISSUER EXT NB NA DBDIR
issue() {
    local name=$1 ca=$2 ext=$3 nb=$4 na=$5 db=$6 args
    ossl genpkey -algorithm gost2012_256 -pkeyopt paramset:A -out "$P/$name.key.pem"
    ossl req -new -key "$P/$name.key.pem" -md_gost12_256 -utf8 -subj "${SUBJ[$name]}" -out "$T/$name.csr"
    args=(ca -batch -notext -rand_serial -in "$T/$name.csr" -out "$P/$name.pem" -extensions "$ext"
        -startdate "$(utc "$nb")" -enddate "$(utc "$na")" -preserveDN -md md_gost12_256)
    if [[ $ca == self ]]; then
        args+=(-selfsign -keyfile "$P/$name.key.pem")
    else
        args+=(-cert "$P/$ca.pem" -keyfile "$P/$ca.key.pem")
    fi
    CA_DIR=$db ossl "${args[@]}"
    ossl x509 -in "$P/$name.pem" -out "$P/$name.pem"
    der "$P/$name.pem" "$T/$name.der"
}
echo "gen.sh: $(openssl version), output $OUTDIR"
ca_db "$T/db-root"; ca_db "$T/db-ca"; ca_db "$T/db-other"
issue root self v3_root "$ROOT_NB" "$ROOT_NA" "$T/db-root"
issue ca root v3_ca "$CA_NB" "$CA_NA" "$T/db-root"
issue signer ca v3_signer "$SIGNER_NB" "$SIGNER_NA" "$T/db-ca"
issue ocsp ca v3_ocsp "$SVC_NB" "$SVC_NA" "$T/db-ca"
issue tsa ca v3_tsa "$SVC_NB" "$SVC_NA" "$T/db-ca"
issue tsa_noeku ca v3_tsa_noeku "$SVC_NB" "$SVC_NA" "$T/db-ca"
issue other_root self v3_root "$ROOT_NB" "$ROOT_NA" "$T/db-other"
issue other_tsa other_root v3_tsa "$SVC_NB" "$SVC_NA" "$T/db-other"

pki_verify() { # CERT CAFILE [args]
    local c=$1 ca=$2; shift 2
    openssl verify -check_ss_sig -purpose any -CAfile "$ca" "$@" "$c" >"$WORK/pv.out" 2>&1 ||
        { cat "$WORK/pv.out" >&2; die "certificate $c does not verify"; }
}
pki_verify "$P/root.pem" "$P/root.pem"
pki_verify "$P/ca.pem" "$P/root.pem"
for n in signer ocsp tsa tsa_noeku; do pki_verify "$P/$n.pem" "$P/root.pem" -untrusted "$P/ca.pem"; done
pki_verify "$P/other_tsa.pem" "$P/other_root.pem"
pki_verify "$P/tsa.pem" "$P/root.pem" -untrusted "$P/ca.pem" -purpose timestampsign
if openssl verify -purpose timestampsign -CAfile "$P/root.pem" -untrusted "$P/ca.pem" "$P/tsa_noeku.pem" >/dev/null 2>&1; then
    die "tsa_noeku.pem is accepted for timestamping"
fi
if openssl verify -CAfile "$P/root.pem" "$P/other_tsa.pem" >/dev/null 2>&1; then
    die "other_tsa.pem chains to root.pem"
fi
pki_verify "$P/signer.pem" "$P/root.pem" -untrusted "$P/ca.pem" -attime $((SIGNER_NA - 60))
if openssl verify -CAfile "$P/root.pem" -untrusted "$P/ca.pem" -attime $((SIGNER_NA + 365 * DAY)) "$P/signer.pem" >/dev/null 2>&1; then
    die "signer.pem is still valid a year after its notAfter"
fi
cp "$T/db-ca/index.txt" "$P/ca.index.txt"
cp "$T/db-root/index.txt" "$P/root.index.txt"
cat "$P/ca.pem" "$P/root.pem" >"$P/chain.pem"
cat "$P/ca.pem" "$P/ocsp.pem" >"$WORK/ocsp_other.pem"   # untrusted certificates for openssl ocsp

# CRLs: root's (covers ca; the one embedded in the X forms) and ca's (covers
# the signer; for tests, not embedded).  CRL numbers 1.
crl() { # ISSUER DBDIR OUT
    CA_DIR=$2 ossl ca -gencrl -cert "$P/$1.pem" -keyfile "$P/$1.key.pem" -md md_gost12_256 \
        -crlexts crl_ext -crldays 30 -out "$T/$1.crl.pem"
    ossl crl -in "$T/$1.crl.pem" -outform DER -out "$3"
    openssl crl -inform DER -in "$3" -CAfile "$P/$1.pem" -noout 2>&1 | grep -q 'verify OK' ||
        die "CRL of $1 does not verify"
}

# CERTS.tsv
{
    printf 'certificate\trole\tserial\tnot_before\tnot_after\tsha1_key_hash\tissuer\tsubject\n'
    for n in "${NAMES[@]}"; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "pki/$n.pem" "${ROLE[$n]}" \
            "$(openssl x509 -in "$P/$n.pem" -noout -serial | sed 's/^serial=//')" \
            "$(openssl x509 -in "$P/$n.pem" -noout -startdate -dateopt iso_8601 | sed 's/^notBefore=//')" \
            "$(openssl x509 -in "$P/$n.pem" -noout -enddate -dateopt iso_8601 | sed 's/^notAfter=//')" \
            "$(openssl x509 -in "$P/$n.pem" -noout -ocspid | sed -n 's/^ *Public key OCSP hash: *//p')" \
            "$(openssl x509 -in "$P/$n.pem" -noout -issuer -nameopt RFC2253,-esc_msb | sed 's/^issuer=//')" \
            "$(openssl x509 -in "$P/$n.pem" -noout -subject -nameopt RFC2253,-esc_msb | sed 's/^subject=//')"
    done
} >"$P/CERTS.tsv"
echo "gen.sh: PKI OK"

# --------------------------------------------------------------- documents ---
{
    printf 'ДОГОВОР ПОСТАВКИ № 17/2026 (тестовый документ gostverify, CAdES)\n\n'
    for ((i = 1; i <= 12; i++)); do
        printf '%02d. Поставщик передаёт, а Покупатель принимает товар партии %02d. The quick brown fox.\n' "$i" "$i"
    done
    printf '\nСумма договора: 1000.00 RUB.\n'
} >"$O/doc.txt"
sed 's/1000\.00/9000.00/' "$O/doc.txt" >"$O/doc_changed.txt"
[[ $(stat -c %s "$O/doc.txt") -eq $(stat -c %s "$O/doc_changed.txt") ]] || die "doc_changed.txt differs in length"
[[ $(cmp -l "$O/doc.txt" "$O/doc_changed.txt" | wc -l) -eq 1 ]] || die "doc_changed.txt must differ in exactly one byte"

# ------------------------------------------------------- signature checks ---
# check_base SIG: the CAdES-BES part verifies over doc.txt and not over
# doc_changed.txt.  `openssl cms -verify` in OpenSSL 3.0 has no -untrusted and
# does not build the chain from -certfile, so ca goes into the trust file next
# to root (pki/chain.pem; no -partial_chain, so the chain still ends in root;
# the signer chain itself was checked with `openssl verify -untrusted` above).
check_base() {
    local s=$1
    openssl cms -verify -binary -cades -inform DER -in "$s" -content "$O/doc.txt" -purpose any \
        -CAfile "$P/chain.pem" -out /dev/null >"$WORK/v.out" 2>&1 &&
        grep -q "Verification successful" "$WORK/v.out" || { cat "$WORK/v.out" >&2; die "$s does not verify"; }
    if openssl cms -verify -binary -cades -inform DER -in "$s" -content "$O/doc_changed.txt" -purpose any \
        -CAfile "$P/chain.pem" -out /dev/null >/dev/null 2>&1; then
        die "$s verifies over doc_changed.txt"
    fi
}
# tsv TOKEN INPUT [CAFILE]: openssl ts -verify succeeds
tsv() {
    openssl ts -verify -token_in -in "$1" -data "$2" -CAfile "${3:-$P/root.pem}" -untrusted "$P/ca.pem" \
        >"$WORK/tsv.out" 2>&1 && grep -q '^Verification: OK' "$WORK/tsv.out" ||
        { cat "$WORK/tsv.out" >&2; die "token $1 does not verify against $2"; }
}
# tsv_fail TOKEN INPUT REGEX [CAFILE]: openssl ts -verify fails, with an error matching REGEX
tsv_fail() {
    if openssl ts -verify -token_in -in "$1" -data "$2" -CAfile "${4:-$P/root.pem}" -untrusted "$P/ca.pem" \
        >"$WORK/tsv.out" 2>&1; then
        die "token $1 verifies against $2, it must not"
    fi
    grep -Eq "$3" "$WORK/tsv.out" || { cat "$WORK/tsv.out" >&2; die "token $1 fails, but not with /$3/"; }
}
# token INPUT OUT [SIGNER [SECTION]]: a timestamp token (openssl ts) over the file INPUT
token() {
    local in=$1 out=$2 who=${3:-tsa} section=${4:-tsa_gost} chain=()
    [[ $who == other_tsa ]] || chain=(-chain "$P/ca.pem")
    ossl ts -query -data "$in" -md_gost12_256 -cert -out "$T/q.tsq"
    ossl ts -reply -config "$CONF" -section "$section" -queryfile "$T/q.tsq" -signer "$P/$who.pem" -inkey "$P/$who.key.pem" \
        "${chain[@]}" -token_out -out "$out"
}
# gentime TOKEN: the token's genTime as an epoch
gentime() {
    openssl ts -reply -token_in -in "$1" -text 2>/dev/null | sed -n 's/^Time stamp: //p' >"$WORK/gt"
    [[ -s $WORK/gt ]] || die "no genTime in $1"
    date -u -d "$(cat "$WORK/gt")" +%s
}
# attr OID VALUEFILE OUT
attr() { X attr "$1" "$2" >"$3"; }
# after EPOCH: sleep until the clock is past EPOCH (whole seconds)
after() { while (($(date -u +%s) <= $1)); do sleep 0.2; done; }
# same_bytes A B WHAT
same_bytes() { cmp -s "$1" "$2" || die "$3: ./extend and asn1parse disagree"; }

declare -A GENTIME
# record TOKENNAME FILE
record() { GENTIME[$1]=$(gentime "$2"); }

cd "$O"

# ------------------------------------------------------------ 1. bes.sig ---
ossl cms -sign -binary -nosmimecap -cades -md md_gost12_256 -signer "$P/signer.pem" \
    -inkey "$P/signer.key.pem" -in doc.txt -outform DER -out bes.sig
check_base bes.sig
openssl cms -cmsout -print -inform DER -in bes.sig 2>/dev/null | grep -q signingCertificateV2 ||
    die "bes.sig: no signingCertificateV2"
X sigvalue bes.sig >"$T/sv.bin"
sig_layout bes.sig
sl_sigvalue bes.sig >"$T/sv2.bin"
same_bytes "$T/sv.bin" "$T/sv2.bin" "signature value"
(($(stat -c %s "$T/sv.bin") == 64)) || die "signature value is not 64 bytes"
# the same bytes as OpenSSL's own dump of the SignerInfo signature
openssl cms -cmsout -print -inform DER -in bes.sig 2>/dev/null |
    awk '/^ *signerInfos:/ { si = 1 } si && /^ *signature:/ { on = 1; next } /^ *unsignedAttrs:/ { on = 0 } on' | sed -nE 's/^ +[0-9a-f]{4} - //p' |
    sed -E 's/  .*$//; s/[- ]//g' | tr -d '\n' >"$WORK/svdump"
[[ $(cat "$WORK/svdump") == "$(hexof "$T/sv.bin")" ]] || die "signature value differs from openssl cms -print"

# ------------------------------------------- 2-6. CAdES-T and broken Ts ---
token "$T/sv.bin" "$T/tok_t.tst"
tsv "$T/tok_t.tst" "$T/sv.bin"
record sts "$T/tok_t.tst"
attr $A_STS "$T/tok_t.tst" "$T/a_sts.der"
X append bes.sig "$T/a_sts.der" >t.sig

# a token over other bytes: the document itself (a content timestamp put where
# the signature timestamp belongs)
token doc.txt "$T/tok_doc.tst"
tsv "$T/tok_doc.tst" doc.txt
tsv_fail "$T/tok_doc.tst" "$T/sv.bin" "message imprint mismatch"
record sts_doc "$T/tok_doc.tst"
attr $A_STS "$T/tok_doc.tst" "$T/a_sts_doc.der"
X append bes.sig "$T/a_sts_doc.der" >t_tampered_imprint.sig

# tsa_noeku: openssl ts -reply refuses it, so the TSTInfo of a good token
# (without tsa name) is signed by it with openssl cms
token "$T/sv.bin" "$T/tok_named.tst" tsa tsa_noname
ossl cms -verify -inform DER -in "$T/tok_named.tst" -noverify -binary -out "$T/tstinfo.der"
ossl cms -sign -binary -nodetach -nosmimecap -cades -md md_gost12_256 \
    -econtent_type 1.2.840.113549.1.9.16.1.4 -signer "$P/tsa_noeku.pem" -inkey "$P/tsa_noeku.key.pem" \
    -certfile "$P/ca.pem" -in "$T/tstinfo.der" -outform DER -out "$T/tok_noeku.tst"
tsv_fail "$T/tok_noeku.tst" "$T/sv.bin" "unsuitable certificate purpose"
openssl cms -verify -inform DER -in "$T/tok_noeku.tst" -binary -purpose any -CAfile "$P/root.pem" \
    -certfile "$P/ca.pem" -out /dev/null >/dev/null 2>&1 || die "tok_noeku: its CMS signature does not verify"
record sts_noeku "$T/tok_noeku.tst"
attr $A_STS "$T/tok_noeku.tst" "$T/a_sts_noeku.der"
X append bes.sig "$T/a_sts_noeku.der" >t_noeku.sig

# other_tsa: a good token from an untrusted PKI
token "$T/sv.bin" "$T/tok_other.tst" other_tsa
tsv_fail "$T/tok_other.tst" "$T/sv.bin" "unable to get local issuer certificate"
tsv "$T/tok_other.tst" "$T/sv.bin" "$P/other_root.pem"
record sts_other "$T/tok_other.tst"
attr $A_STS "$T/tok_other.tst" "$T/a_sts_other.der"
X append bes.sig "$T/a_sts_other.der" >t_untrusted.sig

# two signature timestamps: first the wrong one, then the good one of t.sig
X append bes.sig "$T/a_sts_doc.der" "$T/a_sts.der" >t_two_onebad.sig

# --------------------------------------------- revocation data (after T) ---
after "${GENTIME[sts]}"
after "$(gentime "$T/tok_other.tst")"
# ocsp_fetch OUT [responder options]: start `openssl ocsp` on 127.0.0.1 (a
# free port, one request), ask it for the signer's status (Streebog-256
# CertID, nonce), stop it.  The response is checked: signature, chain to root,
# status good.
ocsp_fetch() {
    local out=$1 port= i rout=$WORK/responder.${1##*/}.out
    shift
    openssl ocsp -index "$P/ca.index.txt" -port 0 -rsigner "$P/ocsp.pem" -rkey "$P/ocsp.key.pem" \
        -CA "$P/ca.pem" -rmd md_gost12_256 -ndays 7 -nrequest 1 "$@" >"$rout" 2>"$WORK/responder.err" &
    OCSP_PID=$!
    for ((i = 0; i < 75; i++)); do
        port=$(sed -nE 's/^ACCEPT .*:([0-9]+) PID=.*/\1/p' "$rout" 2>/dev/null || true)
        [[ -n $port ]] && break
        sleep 0.2
    done
    [[ -n $port ]] || { cat "$WORK/responder.err" >&2; die "openssl ocsp responder did not start"; }
    openssl ocsp -issuer "$P/ca.pem" -md_gost12_256 -cert "$P/signer.pem" -url "http://127.0.0.1:$port/" \
        -respout "$out" -CAfile "$P/root.pem" -verify_other "$WORK/ocsp_other.pem" \
        >"$WORK/ocspc.out" 2>&1 || { cat "$WORK/ocspc.out" "$WORK/responder.err" >&2; die "openssl ocsp client failed"; }
    wait "$OCSP_PID" 2>/dev/null || true
    OCSP_PID=
    grep -q "Response verify OK" "$WORK/ocspc.out" && grep -q "signer.pem: good" "$WORK/ocspc.out" ||
        { cat "$WORK/ocspc.out" >&2; die "OCSP response $out: not verified or not good"; }
}
# ocsp_check RESP: the response verifies (chain to root), signer good
ocsp_check() {
    openssl ocsp -respin "$1" -issuer "$P/ca.pem" -md_gost12_256 -cert "$P/signer.pem" -CAfile "$P/root.pem" \
        -verify_other "$WORK/ocsp_other.pem" -no_nonce >"$WORK/ocspc.out" 2>&1 &&
        grep -q "Response verify OK" "$WORK/ocspc.out" && grep -q "signer.pem: good" "$WORK/ocspc.out"
}
# producedat RESP: epoch
producedat() {
    date -u -d "$(openssl ocsp -respin "$1" -resp_text -noverify 2>/dev/null | sed -n 's/^ *Produced At: //p')" +%s
}
ocsp_fetch "$T/ocsp_name.der"
ocsp_fetch "$T/ocsp_key.der" -resp_key_id -resp_no_certs
ocsp_check "$T/ocsp_name.der" || die "ocsp_name does not verify"
ocsp_check "$T/ocsp_key.der" || die "ocsp_key does not verify"
openssl ocsp -respin "$T/ocsp_name.der" -resp_text -noverify 2>/dev/null | grep -q 'Responder Id: .*CN *= *OCSP' ||
    die "ocsp_name: responder id is not byName"
openssl ocsp -respin "$T/ocsp_key.der" -resp_text -noverify 2>/dev/null | grep -qE 'Responder Id: [0-9A-F]{40}$' ||
    die "ocsp_key: responder id is not byKey"
# byKey = SHA-1 of the responder's public key BIT STRING contents
RESPONDER_KEY_ID=$(openssl x509 -in "$P/ocsp.pem" -noout -ocspid | sed -n 's/^ *Public key OCSP hash: *//p')
[[ $RESPONDER_KEY_ID =~ ^[0-9A-F]{40}$ ]] || die "no key hash for ocsp.pem"
openssl ocsp -respin "$T/ocsp_key.der" -resp_text -noverify 2>/dev/null | grep -q "Responder Id: $RESPONDER_KEY_ID$" ||
    die "ocsp_key: responder key id is not the responder certificate's"
X basicocsp "$T/ocsp_name.der" >"$T/basic_name.der"
X basicocsp "$T/ocsp_key.der" >"$T/basic_key.der"
openssl ocsp -respin "$T/ocsp_name.der" -resp_text -noverify 2>/dev/null | grep -q 'Certificate:' ||
    die "ocsp_name: no responder certificate inside"
if openssl asn1parse -inform DER -in "$T/basic_key.der" 2>/dev/null | grep -q 'd=1 .*cont \[ 0 \]'; then
    die "ocsp_key: carries certificates (-resp_no_certs)"
fi
# the tampered one: the last byte of the name response's signature inverted
X flipocspsig "$T/ocsp_name.der" >"$T/ocsp_bad.der"
if ocsp_check "$T/ocsp_bad.der"; then die "ocsp_bad verifies"; fi
grep -qiE "signature failure|bad signature|verify error" "$WORK/ocspc.out" || { cat "$WORK/ocspc.out" >&2; die "ocsp_bad fails, but not on its signature"; }
[[ $(cmp -l "$T/ocsp_name.der" "$T/ocsp_bad.der" | wc -l) -eq 1 ]] || die "ocsp_bad differs in more than one byte"
X basicocsp "$T/ocsp_bad.der" >"$T/basic_bad.der"
PRODUCED_NAME=$(producedat "$T/ocsp_name.der") PRODUCED_KEY=$(producedat "$T/ocsp_key.der")
((PRODUCED_NAME > GENTIME[sts] && PRODUCED_KEY > GENTIME[sts])) || die "OCSP producedAt is not after the signature timestamp"
crl root "$T/db-root" "$T/root.crl"
crl ca "$T/db-ca" "$P/ca.crl"
cp "$T/root.crl" "$P/root.crl"
CRL_THIS=$(date -u -d "$(openssl crl -inform DER -in "$T/root.crl" -noout -lastupdate | sed 's/^lastUpdate=//')" +%s)
openssl crl -inform DER -in "$T/root.crl" -noout -text | grep -q 'X509v3 CRL Number' || die "root.crl: no CRL number"

# --------------------------------------------------- the X attributes ---
# complete-certificate-references: the signer's path CAs (ca, root) and the
# OCSP responder; not the signer itself
X certrefs "$(h "$T/ca.der")" "$T/ca.der" "$(h "$T/root.der")" "$T/root.der" "$(h "$T/ocsp.der")" "$T/ocsp.der" >"$T/crefs.val"
attr $A_CREFS "$T/crefs.val" "$T/a_crefs.der"
openssl asn1parse -inform DER -in "$T/a_crefs.der" >"$WORK/ap.txt" 2>&1 || die "a_crefs does not parse"
for c in ca root ocsp; do
    grep -qi "$(h "$T/$c.der")" <(tr -d '\n' <"$WORK/ap.txt" | tr 'A-F' 'a-f') || die "a_crefs: no hash of $c"
done
# certificate-values: signer, ca, root, ocsp responder
X certvalues "$T/signer.der" "$T/ca.der" "$T/root.der" "$T/ocsp.der" >"$T/cvals.val"
attr $A_CVALS "$T/cvals.val" "$T/a_cvals.der"
X certvalues "$T/signer.der" "$T/root.der" "$T/ocsp.der" >"$T/cvals_noca.val"
attr $A_CVALS "$T/cvals_noca.val" "$T/a_cvals_noca.der"
# revocation references / values for each OCSP response variant: the signer
# (first certificate of the path) -> OCSP, ca -> root's CRL
for v in name key bad; do
    X revrefs "ocsp:$(h "$T/basic_$v.der"):$T/basic_$v.der" "crl:$(h "$T/root.crl"):$T/root.crl" >"$T/rrefs_$v.val"
    attr $A_RREFS "$T/rrefs_$v.val" "$T/a_rrefs_$v.der"
    openssl asn1parse -inform DER -in "$T/a_rrefs_$v.der" >"$WORK/ap.txt" 2>&1 || die "a_rrefs_$v does not parse"
    for f in "basic_$v.der" root.crl; do
        grep -qi "$(h "$T/$f")" <(tr -d '\n' <"$WORK/ap.txt") || die "a_rrefs_$v: no hash of $f"
    done
    X revvalues "crl:$T/root.crl" "ocsp:$T/basic_$v.der" >"$T/rvals_$v.val"
    attr $A_RVALS "$T/rvals_$v.val" "$T/a_rvals_$v.der"
done

# xbuild OUT BASE ATTR...: BASE plus the attributes (t.sig unless said)
xbuild() { local out=$1 base=$2; shift 2; X append "$base" "$@" >"$out"; }
# esc_input SIG OUT: the escTimeStamp input by ./extend, cross-checked with
# the asn1parse reading of the file
esc_input() {
    X escinput "$1" >"$2"
    sig_layout "$1"
    { sl_sigvalue "$1"; sl_attr_body "$1" STS; sl_attr_body "$1" CREFS; sl_attr_body "$1" RREFS; } >"$2.sh"
    same_bytes "$2" "$2.sh" "escTimeStamp input of $1"
}

after "$PRODUCED_NAME"; after "$PRODUCED_KEY"; after "$CRL_THIS"

# 7. xl1.sig
xbuild "$T/xl1_pre.sig" t.sig "$T/a_crefs.der" "$T/a_rrefs_name.der" "$T/a_cvals.der" "$T/a_rvals_name.der"
esc_input "$T/xl1_pre.sig" "$T/esc_in.bin"
token "$T/esc_in.bin" "$T/tok_esc.tst"
record esc "$T/tok_esc.tst"
attr $A_ESC "$T/tok_esc.tst" "$T/a_esc.der"
xbuild xl1.sig "$T/xl1_pre.sig" "$T/a_esc.der"

# 8. xl1_bykey.sig
xbuild "$T/xl1k_pre.sig" t.sig "$T/a_crefs.der" "$T/a_rrefs_key.der" "$T/a_cvals.der" "$T/a_rvals_key.der"
esc_input "$T/xl1k_pre.sig" "$T/esck_in.bin"
token "$T/esck_in.bin" "$T/tok_esck.tst"
record esc_bykey "$T/tok_esck.tst"
attr $A_ESC "$T/tok_esck.tst" "$T/a_esck.der"
xbuild xl1_bykey.sig "$T/xl1k_pre.sig" "$T/a_esck.der"

# 9. xl1_ocsp_tampered.sig: refs hash the tampered BasicOCSPResponse, escTimeStamp over those refs
xbuild "$T/xl1b_pre.sig" t.sig "$T/a_crefs.der" "$T/a_rrefs_bad.der" "$T/a_cvals.der" "$T/a_rvals_bad.der"
esc_input "$T/xl1b_pre.sig" "$T/escb_in.bin"
token "$T/escb_in.bin" "$T/tok_escb.tst"
record esc_ocsp_tampered "$T/tok_escb.tst"
attr $A_ESC "$T/tok_escb.tst" "$T/a_escb.der"
xbuild xl1_ocsp_tampered.sig "$T/xl1b_pre.sig" "$T/a_escb.der"

# 10. xl1_missing_value.sig: ca left out of certificate-values (the escTimeStamp
# input does not cover values: the one of xl1.sig fits)
xbuild xl1_missing_value.sig t.sig "$T/a_crefs.der" "$T/a_rrefs_name.der" "$T/a_cvals_noca.der" "$T/a_rvals_name.der" "$T/a_esc.der"

# 11. xl1_esc_wrong.sig: escTimeStamp over the input without the revocation refs
xbuild "$T/xl1w_part.sig" t.sig "$T/a_crefs.der"
X escinput -partial "$T/xl1w_part.sig" >"$T/escw_in.bin"
sig_layout "$T/xl1w_part.sig"
{ sl_sigvalue "$T/xl1w_part.sig"; sl_attr_body "$T/xl1w_part.sig" STS; sl_attr_body "$T/xl1w_part.sig" CREFS; } >"$T/escw_in.sh"
same_bytes "$T/escw_in.bin" "$T/escw_in.sh" "partial escTimeStamp input"
token "$T/escw_in.bin" "$T/tok_escw.tst"
record esc_wrong "$T/tok_escw.tst"
attr $A_ESC "$T/tok_escw.tst" "$T/a_escw.der"
xbuild xl1_esc_wrong.sig "$T/xl1_pre.sig" "$T/a_escw.der"

# 12. xl2.sig: X Long Type 2, certCRLTimestamp over certRefs ‖ revRefs
X certcrlinput "$T/xl1_pre.sig" >"$T/certcrl_in.bin"
sig_layout "$T/xl1_pre.sig"
{ sl_attr_body "$T/xl1_pre.sig" CREFS; sl_attr_body "$T/xl1_pre.sig" RREFS; } >"$T/certcrl_in.sh"
same_bytes "$T/certcrl_in.bin" "$T/certcrl_in.sh" "certCRLTimestamp input"
token "$T/certcrl_in.bin" "$T/tok_certcrl.tst"
record certcrl "$T/tok_certcrl.tst"
attr $A_CERTCRL "$T/tok_certcrl.tst" "$T/a_certcrl.der"
xbuild xl2.sig "$T/xl1_pre.sig" "$T/a_certcrl.der"

# 13. xl1_operator_bad_t.sig: an operator appends its own signature timestamp
# after the escTimeStamp, with the imprint over the signature value in
# reversed (CryptoAPI little-endian) byte order
after "${GENTIME[esc]}"
hex2bin "$(hexof "$T/sv.bin" | sed -E 's/(..)/\1\n/g' | tac | tr -d '\n')" "$T/sv_reversed.bin"
token "$T/sv_reversed.bin" "$T/tok_op.tst"
tsv "$T/tok_op.tst" "$T/sv_reversed.bin"
tsv_fail "$T/tok_op.tst" "$T/sv.bin" "message imprint mismatch"
record sts_operator "$T/tok_op.tst"
attr $A_STS "$T/tok_op.tst" "$T/a_sts_op.der"
xbuild xl1_operator_bad_t.sig xl1.sig "$T/a_sts_op.der"

# 14. a.sig: xl1.sig + archive-time-stamp-v2 (TS 101 733 v2.2.1)
after "${GENTIME[sts_operator]}"
X atsv2input xl1.sig doc.txt >"$T/ats_in.bin"
# the same from asn1parse offsets: encapContentInfo ‖ doc.txt ‖ certificates [0]
# ‖ (no crls) ‖ the SignerInfo's contents (its fields, unsignedAttrs with tag
# and length; signedAttrs as OpenSSL wrote them, which is DER)
sig_layout xl1.sig
((${#SL_SD[@]} == 5)) || die "xl1.sig: SignedData has ${#SL_SD[@]} fields, expected version, digestAlgorithms, encapContentInfo, certificates, signerInfos"
IFS=: read -r off hl len <<<"${SL_SD[3]}"
[[ $(cut_bytes xl1.sig "$off" 1 | od -An -tx1 | tr -d ' ') == a0 ]] || die "xl1.sig: no certificates [0]"
{
    field_bytes xl1.sig "${SL_SD[2]}"
    cat doc.txt
    field_bytes xl1.sig "${SL_SD[3]}"
    for f in "${SL_SI[@]}"; do field_bytes xl1.sig "$f"; done
} >"$T/ats_in.sh"
same_bytes "$T/ats_in.bin" "$T/ats_in.sh" "archive-time-stamp-v2 input"
token "$T/ats_in.bin" "$T/tok_ats.tst"
record ats "$T/tok_ats.tst"
attr $A_ATSV2 "$T/tok_ats.tst" "$T/a_ats.der"
xbuild a.sig xl1.sig "$T/a_ats.der"
# the input computed from the final file (the archive timestamp left out) is the same
X atsv2input a.sig doc.txt >"$T/ats_in2.bin"
same_bytes "$T/ats_in.bin" "$T/ats_in2.bin" "archive-time-stamp-v2 input recomputed from a.sig"

# ------------------------------------------------- final checks, per file ---
# tok_check SIG TYPE N INPUT good [CAFILE] | tok_check SIG TYPE N INPUT bad REGEX:
# the N-th token of TYPE (0 = first), cut out of the final SIG by its asn1parse
# offsets, verifies against INPUT (good), or fails with an error matching REGEX
tok_check() {
    local s=$1 ty=$2 n=$3 in=$4 want=$5
    sig_layout "$s"
    sl_token "$s" "$ty" "$n" "$T/cut.tst"
    if [[ $want == good ]]; then
        tsv "$T/cut.tst" "$in" "${6:-$P/root.pem}"
    else
        tsv_fail "$T/cut.tst" "$in" "$6"
    fi
}
# expect_types SIG TYPES...: the unsigned attributes, in file order
expect_types() {
    local s=$1 got; shift
    got=$(sl_types "$s")
    [[ $got == "$*" ]] || die "$s: unsigned attributes '$got', expected '$*'"
}
# cvals_check SIG NAMES...: certificate-values holds exactly these certificates, in order
cvals_check() {
    local s=$1 off d hl len i=0; shift
    sig_layout "$s"
    sl_attr_body "$s" CVALS >"$WORK/cv"
    while read -r off d hl len; do
        ((d == 2)) || continue
        ((i < $#)) || die "$s: certificate-values has more than $# certificates"
        local want=${*:i+1:1}
        cut_bytes "$WORK/cv" "$off" $((hl + len)) | cmp -s - "$T/$want.der" || die "$s: certificate-values[$i] is not $want"
        i=$((i + 1))
    done < <(asn1_map "$WORK/cv")
    ((i == $#)) || die "$s: certificate-values has $i certificates, expected $#"
}

check_base bes.sig
expect_types bes.sig ""
# the certificate in the SignedData is the signer's, and only it
openssl cms -cmsout -print -inform DER -in bes.sig 2>/dev/null | grep -c 'd.certificate:' | grep -qx 1 ||
    die "bes.sig: expected exactly one certificate"
ossl cms -verify -binary -inform DER -in bes.sig -content doc.txt -noverify -signer "$T/signer_out.pem" -out /dev/null
cmp -s <(openssl x509 -in "$T/signer_out.pem" -outform DER) "$T/signer.der" || die "bes.sig: signer certificate differs"

for s in t.sig t_tampered_imprint.sig t_noeku.sig t_untrusted.sig t_two_onebad.sig xl1.sig xl1_bykey.sig \
    xl1_ocsp_tampered.sig xl1_missing_value.sig xl1_esc_wrong.sig xl2.sig xl1_operator_bad_t.sig a.sig; do
    check_base "$s"
    X sigvalue "$s" >"$T/svf.bin"
    cmp -s "$T/svf.bin" "$T/sv.bin" || die "$s: signature value changed"
done
expect_types t.sig STS
tok_check t.sig STS 0 "$T/sv.bin" good
expect_types t_tampered_imprint.sig STS
tok_check t_tampered_imprint.sig STS 0 "$T/sv.bin" bad "message imprint mismatch"
tok_check t_tampered_imprint.sig STS 0 doc.txt good
expect_types t_noeku.sig STS
tok_check t_noeku.sig STS 0 "$T/sv.bin" bad "unsuitable certificate purpose"
expect_types t_untrusted.sig STS
tok_check t_untrusted.sig STS 0 "$T/sv.bin" bad "unable to get local issuer certificate"
tok_check t_untrusted.sig STS 0 "$T/sv.bin" good "$P/other_root.pem"
expect_types t_two_onebad.sig STS STS
tok_check t_two_onebad.sig STS 0 "$T/sv.bin" bad "message imprint mismatch"
tok_check t_two_onebad.sig STS 1 "$T/sv.bin" good

for s in xl1.sig xl1_bykey.sig xl1_ocsp_tampered.sig xl1_missing_value.sig xl1_esc_wrong.sig; do
    expect_types "$s" STS CREFS RREFS CVALS RVALS ESC
    tok_check "$s" STS 0 "$T/sv.bin" good
    esc_input "$s" "$T/esc_final.bin"
    if [[ $s == xl1_esc_wrong.sig ]]; then
        tok_check "$s" ESC 0 "$T/esc_final.bin" bad "message imprint mismatch"
        tok_check "$s" ESC 0 "$T/escw_in.bin" good
    else
        tok_check "$s" ESC 0 "$T/esc_final.bin" good
    fi
    if [[ $s == xl1_missing_value.sig ]]; then cvals_check "$s" signer root ocsp; else cvals_check "$s" signer ca root ocsp; fi
done
# xl1_esc_wrong.sig differs from xl1.sig only in the escTimeStamp token
same_bytes "$T/esc_final.bin" "$T/esc_in.bin" "escTimeStamp input of xl1_esc_wrong.sig (= xl1.sig's)"
expect_types xl2.sig STS CREFS RREFS CVALS RVALS CERTCRL
tok_check xl2.sig STS 0 "$T/sv.bin" good
X certcrlinput xl2.sig >"$T/certcrl_final.bin"
same_bytes "$T/certcrl_in.bin" "$T/certcrl_final.bin" "certCRLTimestamp input recomputed from xl2.sig"
tok_check xl2.sig CERTCRL 0 "$T/certcrl_final.bin" good
cvals_check xl2.sig signer ca root ocsp

expect_types xl1_operator_bad_t.sig STS CREFS RREFS CVALS RVALS ESC STS
tok_check xl1_operator_bad_t.sig STS 0 "$T/sv.bin" good
tok_check xl1_operator_bad_t.sig STS 1 "$T/sv.bin" bad "message imprint mismatch"
tok_check xl1_operator_bad_t.sig STS 1 "$T/sv_reversed.bin" good
# the escTimeStamp covers the signature timestamp that precedes it, not the
# operator's one after it: good over xl1.sig's input, bad over the input with
# both signature timestamps
tok_check xl1_operator_bad_t.sig ESC 0 "$T/esc_in.bin" good
esc_input xl1_operator_bad_t.sig "$T/esc_op_all.bin"
tok_check xl1_operator_bad_t.sig ESC 0 "$T/esc_op_all.bin" bad "message imprint mismatch"

expect_types a.sig STS CREFS RREFS CVALS RVALS ESC ATSV2
tok_check a.sig STS 0 "$T/sv.bin" good
esc_input a.sig "$T/esc_a.bin"
same_bytes "$T/esc_in.bin" "$T/esc_a.bin" "escTimeStamp input of a.sig"
tok_check a.sig ESC 0 "$T/esc_a.bin" good
tok_check a.sig ATSV2 0 "$T/ats_in.bin" good
cvals_check a.sig signer ca root ocsp

# --------------------------------------------- imprint inputs, piece by piece ---
# inputs/LAYOUT.tsv: where each byte of three imprint inputs comes from, read
# from the final files with asn1parse offsets; the pieces, joined, must be the
# input the token was made over.
LAYOUT=("input	piece	offset	length	source")
declare -A LAY_POS
# lay INPUT PIECE FILE "off:hl:len" [body]: print the element (or its contents)
lay() {
    local off hl len start n
    IFS=: read -r off hl len <<<"$4"
    if [[ ${5:-} == body ]]; then start=$((off + hl)) n=$len; else start=$off n=$((hl + len)); fi
    lay_record "$1" "$2" "$n" "${3##*/} bytes $start..$((start + n - 1))"
    cut_bytes "$3" "$start" "$n"
}
# lay_span INPUT PIECE FILE START END: bytes START..END-1 of FILE
lay_span() { lay_record "$1" "$2" $(($5 - $4)) "${3##*/} bytes $4..$(($5 - 1))"; cut_bytes "$3" "$4" $(($5 - $4)); }
# lay_hex INPUT PIECE HEX SOURCE
lay_hex() { lay_record "$1" "$2" $((${#3} / 2)) "$4"; hex2bin "$3" "$WORK/lh"; cat "$WORK/lh"; }
lay_record() {
    LAYOUT+=("$1	$2	${LAY_POS[$1]:-0}	$3	$4")
    LAY_POS[$1]=$((${LAY_POS[$1]:-0} + $3))
}
# der_len N: DER length octets (hex)
der_len() {
    local n=$1 out=""
    if ((n < 128)); then printf '%02x' "$n"; return; fi
    while ((n > 0)); do out=$(printf '%02x' $((n & 255)))$out; n=$((n >> 8)); done
    printf '%02x%s' $((128 + ${#out} / 2)) "$out"
}
sig_layout xl1.sig
I=xl1.esc_input.bin
{
    lay $I "SignerInfo.signature: OCTET STRING contents" xl1.sig "${SL_SI[-2]}" body
    lay $I "signature-time-stamp attribute without its SEQUENCE header (attrType ‖ attrValues)" xl1.sig "${SL_ATTRS[0]}" body
    lay $I "complete-certificate-references attribute without its SEQUENCE header" xl1.sig "${SL_ATTRS[1]}" body
    lay $I "complete-revocation-references attribute without its SEQUENCE header" xl1.sig "${SL_ATTRS[2]}" body
} >"$T/lay_esc.bin"
same_bytes "$T/esc_in.bin" "$T/lay_esc.bin" "layout of $I"
sig_layout xl2.sig
I=xl2.certcrl_input.bin
{
    lay $I "complete-certificate-references attribute without its SEQUENCE header" xl2.sig "${SL_ATTRS[1]}" body
    lay $I "complete-revocation-references attribute without its SEQUENCE header" xl2.sig "${SL_ATTRS[2]}" body
} >"$T/lay_certcrl.bin"
same_bytes "$T/certcrl_in.bin" "$T/lay_certcrl.bin" "layout of $I"
sig_layout a.sig
I=a.atsv2_input.bin
names=("version" "sid (issuerAndSerialNumber)" "digestAlgorithm" "signedAttrs [0] (DER as written by OpenSSL: already sorted)"
    "signatureAlgorithm" "signature")
[[ ${SL_TYPE[6]} == ATSV2 && ${#SL_ATTRS[@]} -eq 7 && ${#SL_SI[@]} -eq 7 ]] || die "a.sig: unexpected layout"
IFS=: read -r a0 a0hl a0len <<<"${SL_ATTRS[0]}"
IFS=: read -r a5 a5hl a5len <<<"${SL_ATTRS[5]}"
attrs_end=$((a5 + a5hl + a5len))
{
    lay $I "encapContentInfo (SEQUENCE { id-data }, no eContent)" a.sig "${SL_SD[2]}"
    lay_record $I "the detached content" "$(stat -c %s doc.txt)" "doc.txt, whole file"
    cat doc.txt
    lay $I "SignedData.certificates [0] with its tag and length (no crls [1] in this SignedData)" a.sig "${SL_SD[3]}"
    for k in 0 1 2 3 4 5; do lay $I "SignerInfo.${names[k]}" a.sig "${SL_SI[k]}"; done
    ATS_HDR_AT=${LAY_POS[$I]} ATS_HDR=a1$(der_len $((attrs_end - a0)))
    lay_hex $I "unsignedAttrs [1] tag and length, re-encoded for the six attributes before the archive timestamp" \
        "$ATS_HDR" "computed (a.sig has a longer [1] that includes the archive-time-stamp-v2)"
    lay_span $I "the six unsigned attributes before the archive-time-stamp-v2, as in the file" a.sig "$a0" "$attrs_end"
} >"$T/lay_ats.bin"
same_bytes "$T/ats_in.bin" "$T/lay_ats.bin" "layout of $I"
# the TS 101 733 v1.8.3 variant (no [1] tag and length) is not what the token covers
{ head -c "$ATS_HDR_AT" "$T/ats_in.bin"; tail -c +$((ATS_HDR_AT + ${#ATS_HDR} / 2 + 1)) "$T/ats_in.bin"; } >"$T/ats_in_v183.bin"
(($(stat -c %s "$T/ats_in_v183.bin") + ${#ATS_HDR} / 2 == $(stat -c %s "$T/ats_in.bin"))) || die "v1.8.3 input length"
tok_check a.sig ATSV2 0 "$T/ats_in_v183.bin" bad "message imprint mismatch"

# ------------------------------------------------------- times and files ---
for k in sts sts_doc sts_noeku sts_other esc esc_bykey esc_ocsp_tampered esc_wrong certcrl sts_operator ats; do
    [[ -n ${GENTIME[$k]:-} ]] || die "no genTime recorded for $k"
done
((GENTIME[sts] < PRODUCED_NAME && PRODUCED_NAME < GENTIME[esc] && GENTIME[esc] < GENTIME[sts_operator] &&
    GENTIME[sts_operator] < GENTIME[ats])) || die "the times are not in order"
((CRL_THIS < GENTIME[esc])) || die "the CRL is not older than the escTimeStamp"
((GENTIME[ats] < SIGNER_NA)) || die "the archive timestamp is after the signer's notAfter"
{
    printf 'name\tvalue\tmeaning\n'
    printf 'signer_not_before\t%s\tpki/signer.pem notBefore\n' "$(iso "$SIGNER_NB")"
    printf 'signer_not_after\t%s\tpki/signer.pem notAfter\n' "$(iso "$SIGNER_NA")"
    printf 'services_not_after\t%s\tnotAfter of pki/tsa.pem, tsa_noeku.pem, ocsp.pem, other_tsa.pem\n' "$(iso "$SVC_NA")"
    printf 'validate_at\t%s\tsuggested validation time: signer notAfter + 1 year\n' "$(iso $((SIGNER_NA + 365 * DAY)))"
    printf 'validate_at_services_valid\t%s\tsigner notAfter + 7 days: the signer has expired, the TSA and OCSP responder certificates have not\n' "$(iso $((SIGNER_NA + 7 * DAY)))"
    printf 'gentime_sts\t%s\tsignature-time-stamp of t.sig and of every X/A file (first attribute)\n' "$(iso "${GENTIME[sts]}")"
    printf 'gentime_sts_doc\t%s\tthe wrong-imprint token (t_tampered_imprint.sig, first of t_two_onebad.sig)\n' "$(iso "${GENTIME[sts_doc]}")"
    printf 'gentime_sts_noeku\t%s\tt_noeku.sig token\n' "$(iso "${GENTIME[sts_noeku]}")"
    printf 'gentime_sts_other\t%s\tt_untrusted.sig token\n' "$(iso "${GENTIME[sts_other]}")"
    printf 'ocsp_produced_at_byname\t%s\tOCSP response in xl1, xl1_missing_value, xl1_esc_wrong, xl2, xl1_operator_bad_t, a (xl1_ocsp_tampered: the same response)\n' "$(iso "$PRODUCED_NAME")"
    printf 'ocsp_produced_at_bykey\t%s\tOCSP response in xl1_bykey\n' "$(iso "$PRODUCED_KEY")"
    printf 'root_crl_this_update\t%s\tpki/root.crl, embedded in every X/A file\n' "$(iso "$CRL_THIS")"
    printf 'gentime_esc\t%s\tescTimeStamp of xl1, xl1_missing_value, xl1_operator_bad_t, a\n' "$(iso "${GENTIME[esc]}")"
    printf 'gentime_esc_bykey\t%s\tescTimeStamp of xl1_bykey\n' "$(iso "${GENTIME[esc_bykey]}")"
    printf 'gentime_esc_ocsp_tampered\t%s\tescTimeStamp of xl1_ocsp_tampered\n' "$(iso "${GENTIME[esc_ocsp_tampered]}")"
    printf 'gentime_esc_wrong\t%s\tescTimeStamp of xl1_esc_wrong (wrong imprint)\n' "$(iso "${GENTIME[esc_wrong]}")"
    printf 'gentime_certcrl\t%s\ttime-stamped-certs-crls-references of xl2\n' "$(iso "${GENTIME[certcrl]}")"
    printf 'gentime_sts_operator\t%s\tthe operator'"'"'s second signature-time-stamp of xl1_operator_bad_t (wrong imprint)\n' "$(iso "${GENTIME[sts_operator]}")"
    printf 'gentime_ats\t%s\tarchive-time-stamp-v2 of a\n' "$(iso "${GENTIME[ats]}")"
} >TIMES.tsv

# intermediate inputs kept for tests: the exact imprint inputs
mkdir -p inputs
cp "$T/sv.bin" inputs/signature_value.bin
cp "$T/sv_reversed.bin" inputs/signature_value_reversed.bin
cp "$T/esc_in.bin" inputs/xl1.esc_input.bin
cp "$T/esck_in.bin" inputs/xl1_bykey.esc_input.bin
cp "$T/escb_in.bin" inputs/xl1_ocsp_tampered.esc_input.bin
cp "$T/escw_in.bin" inputs/xl1_esc_wrong.covered_input.bin
cp "$T/esc_op_all.bin" inputs/xl1_operator_bad_t.esc_input_all_sts.bin
cp "$T/certcrl_in.bin" inputs/xl2.certcrl_input.bin
cp "$T/ats_in.bin" inputs/a.atsv2_input.bin
cp "$T/ocsp_name.der" "$T/ocsp_key.der" "$T/ocsp_bad.der" inputs/
printf "%s\n" "${LAYOUT[@]}" >inputs/LAYOUT.tsv
chmod 644 "$P"/*
cp -r "$O"/* "$OUTDIR"/
echo "gen.sh: wrote $(find "$O" -type f | wc -l) files to $OUTDIR; all checks passed"
