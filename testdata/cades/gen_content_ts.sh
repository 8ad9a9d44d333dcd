#!/usr/bin/env bash
# gen_content_ts.sh - make the content-time-stamp fixtures ct.sig and
#          ct_order.sig with the committed PKI of gen.sh (pki/, used as it is,
#          never rewritten), OpenSSL 3.0 + gost-engine and libfaketime.
#
# Requirements (Debian 12; no network):
#     apt-get install openssl libengine-gost-openssl faketime
#     go (the toolchain of this module; only to build ./extend)
#
# What it makes (and nothing else; every other file here is left alone):
#   ct.sig        detached CAdES signature of doc.txt by pki/signer.pem whose
#                 signed attributes are contentType, signingTime,
#                 messageDigest, signingCertificateV2 (all four as
#                 `openssl cms -sign -cades` wrote them) and
#                 id-aa-ets-contentTimestamp (1.2.840.113549.1.9.16.2.20): a
#                 token of pki/tsa.pem over doc.txt, made first.  The SET of
#                 the five is DER-sorted and signed with `openssl dgst
#                 -md_gost12_256 -sign pki/signer.key.pem`; then a
#                 signature-time-stamp (unsigned, over the signature value)
#                 made at least one second after the content timestamp.
#   ct_order.sig  the same signature (byte for byte up to the unsigned
#                 attributes) with a signature-time-stamp whose genTime is
#                 EARLIER than the content timestamp's: `openssl ts -reply`
#                 runs under faketime, hours before (at most two days, and
#                 never before an hour after the notBefore of pki/tsa.pem,
#                 pki/signer.pem and pki/ca.pem).
#   TIMES_ct.tsv  the signing time and the three genTimes.
#   inputs/ct.signed_attrs.der      the DER SET (tag 0x31) the signature covers
#   inputs/ct.signature_value.bin   the signature value (what both signature
#                                   timestamps cover)
#
# OpenSSL makes every cryptographic object (the signature template, the
# signature, the tokens, every hash); ./extend cuts and joins DER (the
# signature value, the unsigned attribute); the signed attributes are
# replaced by hex surgery in this script, as testdata/cms/gen.sh does.
#
# Self-checks (the script stops with "gen_content_ts.sh: ERROR: ..."):
#   * pki/signer.key.pem is the key of pki/signer.pem; signer.pem and tsa.pem
#     (-purpose timestampsign) verify up to pki/root.pem;
#   * byte order: `openssl dgst -verify` accepts the signature value of
#     OpenSSL's own `cms -sign` over its own signed attributes, so dgst
#     -sign writes what CMS expects; the reversed value is refused;
#   * both files pass `openssl cms -verify -binary -cades -content doc.txt
#     -CAfile pki/chain.pem` and fail with doc_changed.txt; the signed
#     attributes cut from each final file (asn1parse offsets) are the ones
#     signed, and `openssl dgst -verify` accepts the signature over them;
#   * the content token, cut from each final file by asn1parse offsets, passes
#     `openssl ts -verify -data doc.txt` and its imprint equals the
#     messageDigest; each signature timestamp passes `openssl ts -verify
#     -data SIGVALUE` (SIGVALUE cut twice: ./extend and asn1parse); each
#     token also verifies at its own genTime (-attime); a token against the
#     other's input fails with "message imprint mismatch";
#   * the times: content < signature timestamp by >= 1 s in ct.sig; the
#     faked one in ct_order.sig before the content timestamp and inside the
#     validity of the TSA, signer and ca certificates.
#
# Usage:
#     testdata/cades/gen_content_ts.sh [OUTDIR]   # OUTDIR defaults to this script's directory
#     CADES_FIXTURE_KEEP=1 testdata/cades/gen_content_ts.sh /tmp/x   # keep the work directory
#     CT_ORDER_BACK=SECONDS ...   # how far back the faked timestamp goes (default: see above)
#
# It must run while pki/signer.pem is valid (before its notAfter) and more
# than an hour after its notBefore; to run it later, run the whole script
# under faketime at such a time.
set -euo pipefail
export LC_ALL=C

die() { echo "gen_content_ts.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
OUTDIR=${1:-$SCRIPT_DIR}
PKI=$SCRIPT_DIR/pki      # read only

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
command -v go >/dev/null || die "go not found (needed to build $SCRIPT_DIR/extend)"
command -v faketime >/dev/null || die "faketime not found (apt-get install faketime)"
for f in signer.pem signer.key.pem tsa.pem tsa.key.pem ca.pem root.pem chain.pem; do
    [[ -s $PKI/$f ]] || die "$PKI/$f missing (run gen.sh first)"
done
for f in doc.txt doc_changed.txt TIMES.tsv; do [[ -s $SCRIPT_DIR/$f ]] || die "$SCRIPT_DIR/$f missing"; done

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostcadesct.XXXXXX")
cleanup() { if [[ -n ${CADES_FIXTURE_KEEP:-} ]]; then echo "gen_content_ts.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
O=$WORK/out      # the new files are built here and copied to OUTDIR only when every check passed
T=$WORK/t
mkdir -p "$O/inputs" "$T"
cp "$SCRIPT_DIR/doc.txt" "$SCRIPT_DIR/doc_changed.txt" "$T/"
DOC=$T/doc.txt DOC_CHANGED=$T/doc_changed.txt

# ------------------------------------------------------------------ config ---
# gost-engine for every command, and the TSA section of gen.sh (tsa_gost)
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
CNF
export OPENSSL_CONF=$CONF
# serials 0x1001 on (ts -reply increments first): apart from the small serials of gen.sh's tokens
export TSA_SERIAL=$WORK/tsaserial
echo 1000 >"$TSA_SERIAL"

openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

# ---------------------------------------------------------------- helpers ---
ossl() {
    openssl "$@" >"$WORK/ossl.out" 2>"$WORK/ossl.err" || { cat "$WORK/ossl.err" >&2; die "openssl $* failed"; }
}
(cd "$REPO" && go build -o "$WORK/extend" ./testdata/cades/extend) || die "cannot build testdata/cades/extend"
X() { "$WORK/extend" "$@" || die "extend $1 failed"; }

hexof() { od -An -v -tx1 -- "$1" | tr -d ' \n'; }
hex2bin() {
    local hex=$1 esc="" i
    for ((i = 0; i < ${#hex}; i += 2)); do esc+="\\x${hex:i:2}"; done
    printf '%b' "$esc" >"$2"
}
cut_bytes() { head -c $(($2 + $3)) -- "$1" | tail -c "$3"; }
# h FILE: Streebog-256 of the file, hex
h() {
    local d
    read -r d _ < <(openssl dgst -md_gost12_256 -r "$1" 2>/dev/null)
    [[ $d =~ ^[0-9a-f]{64}$ ]] || die "openssl dgst -md_gost12_256 $1 failed"
    printf '%s' "$d"
}
same_bytes() { cmp -s "$1" "$2" || die "$3: the two computations disagree"; }
epoch() { date -u -d "$1" +%s; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# after EPOCH: sleep until the clock is past EPOCH (whole seconds)
after() { while (($(date -u +%s) <= $1)); do sleep 0.2; done; }

# DER on hex strings (definite lengths, one-byte tags), as in testdata/cms/gen.sh
der_hdr() {
    local h=$1 p=$2 b n i
    D_TAG=${h:p:2}
    [[ -n $D_TAG ]] || die "der_hdr: read past the end"
    (((16#$D_TAG & 0x1f) != 0x1f)) || die "der_hdr: multi-byte tag"
    b=$((16#${h:p+2:2}))
    if ((b < 128)); then
        D_HL=2 D_LEN=$b
    elif ((b == 128)); then
        die "der_hdr: indefinite length"
    else
        n=$((b & 127)) D_LEN=0
        for ((i = 0; i < n; i++)); do D_LEN=$((D_LEN * 256 + 16#${h:p+4+2*i:2})); done
        D_HL=$((2 + n))
    fi
    (((p / 2) + D_HL + D_LEN <= ${#h} / 2)) || die "der_hdr: length beyond the data"
}
der_body() { der_hdr "$1" 0; (((D_HL + D_LEN) * 2 == ${#1})) || die "der_body: trailing data"; printf '%s' "${1:D_HL*2:D_LEN*2}"; }
der_kids() {
    local h=$1 p=0 n
    KIDS=()
    while ((p < ${#h})); do
        der_hdr "$h" "$p"
        n=$(((D_HL + D_LEN) * 2))
        KIDS+=("${h:p:n}")
        p=$((p + n))
    done
}
der_len() {
    local n=$1 out=""
    if ((n < 128)); then printf '%02x' "$n"; return; fi
    while ((n > 0)); do out=$(printf '%02x' $((n & 255)))$out; n=$((n >> 8)); done
    printf '%02x%s' $((128 + ${#out} / 2)) "$out"
}
tlv() { printf '%s%s%s' "$1" "$(der_len $((${#2} / 2)))" "$2"; }
join() { local IFS=; printf '%s' "$*"; }
# set_of ELEMENTS...: DER SET OF contents, elements sorted by their encodings
# (X.690 11.6; none of them is a prefix of another)
set_of() { printf '%s\n' "$@" | sort | tr -d '\n'; }

OID_SIGNED_DATA=06092a864886f70d010702
OID_CONTENT_TYPE=06092a864886f70d010903
OID_SIGNING_TIME=06092a864886f70d010905
OID_MESSAGE_DIGEST=06092a864886f70d010904
OID_SIGNING_CERT_V2=060b2a864886f70d010910022f
OID_CONTENT_TS=060b2a864886f70d0109100214     # id-aa-ets-contentTimestamp 1.2.840.113549.1.9.16.2.20
OID_STS=060b2a864886f70d010910020e            # id-aa-signatureTimeStampToken 1.2.840.113549.1.9.16.2.14
A_CONTENT_TS=1.2.840.113549.1.9.16.2.20
A_STS=1.2.840.113549.1.9.16.2.14
oid_hex() {
    openssl asn1parse -genstr "OID:$1" -noout -out "$WORK/oid.der" >/dev/null 2>&1 || die "oid $1"
    hexof "$WORK/oid.der"
}
[[ $(oid_hex $A_CONTENT_TS) == "$OID_CONTENT_TS" && $(oid_hex $A_STS) == "$OID_STS" ]] || die "OID constants"
[[ $(oid_hex 1.2.840.113549.1.9.16.2.47) == "$OID_SIGNING_CERT_V2" ]] || die "OID constants"

# cms_load FILE: SD (SignedData children), SI (the only SignerInfo's children)
cms_load() {
    local h
    h=$(hexof "$1")
    der_kids "$(der_body "$h")"
    [[ ${KIDS[0]} == "$OID_SIGNED_DATA" ]] || die "cms_load: $1 is not SignedData"
    der_kids "$(der_body "${KIDS[1]}")"
    der_kids "$(der_body "${KIDS[0]}")"
    SD=("${KIDS[@]}")
    der_kids "$(der_body "${SD[-1]}")"
    ((${#KIDS[@]} == 1)) || die "cms_load: $1 has ${#KIDS[@]} SignerInfos"
    der_kids "$(der_body "${KIDS[0]}")"
    SI=("${KIDS[@]}")
    ((${#SI[@]} == 6)) && [[ ${SI[3]:0:2} == a0 && ${SI[5]:0:2} == 04 ]] ||
        die "cms_load: $1: SignerInfo is not version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm, signature"
}
cms_save() {
    SD[-1]=$(tlv 31 "$(tlv 30 "$(join "${SI[@]}")")")
    hex2bin "$(tlv 30 "$OID_SIGNED_DATA$(tlv a0 "$(tlv 30 "$(join "${SD[@]}")")")")" "$1"
}
# attr_oid ATTR_HEX: the attrType TLV (hex)
attr_oid() { local b; b=$(der_body "$1"); der_hdr "$b" 0; printf '%s' "${b:0:(D_HL+D_LEN)*2}"; }

# Reading a final file with openssl asn1parse offsets alone (as gen.sh does).
asn1_map() {
    openssl asn1parse -inform DER -in "$1" 2>/dev/null |
        sed -nE 's/^ *([0-9]+):d=([0-9]+) +hl= *([0-9]+) +l= *([0-9]+) .*/\1 \2 \3 \4/p'
}
# si_fields FILE: SF = the SignerInfo's fields "off:hl:len" (depth 5; one SignerInfo)
si_fields() {
    local pos
    SF=()
    while read -r pos; do
        [[ $pos == ERR* ]] && die "$1: $pos"
        SF+=("$pos")
    done < <(asn1_map "$1" | awk '
        { off[NR] = $1; d[NR] = $2; hl[NR] = $3; len[NR] = $4; if ($2 == 3) last3 = $1 }
        END {
            si = -1
            for (i = 1; i <= NR; i++) if (d[i] == 4 && off[i] > last3) { if (si >= 0) { print "ERR more than one SignerInfo"; exit } si = i }
            if (si < 0) { print "ERR no SignerInfo"; exit }
            siend = off[si] + hl[si] + len[si]
            for (i = 1; i <= NR; i++) if (d[i] == 5 && off[i] > off[si] && off[i] < siend) print off[i] ":" hl[i] ":" len[i]
        }')
    ((${#SF[@]} == 7)) || die "$1: SignerInfo has ${#SF[@]} fields, expected 7 (with unsignedAttrs)"
}
field_bytes() {
    local off hl len
    IFS=: read -r off hl len <<<"$2"
    if [[ ${3:-} == body ]]; then cut_bytes "$1" $((off + hl)) "$len"; else cut_bytes "$1" "$off" $((hl + len)); fi
}
tag_at() { field_bytes "$1" "$2" | head -c 1 | od -An -tx1 | tr -d ' '; }
# attrs_value SETFILE OIDHEX OUT: the value of the one attribute of that type
# in SETFILE (the contents of a SET OF Attribute, or the SET itself when
# its first byte is 31), found by asn1parse offsets; it must have one value
attrs_value() {
    local f=$1 want=$2 out=$3 off d hl len top=0 n=0 t oid
    [[ $(head -c 1 "$f" | od -An -tx1 | tr -d ' ') == 31 ]] && top=1
    while read -r off d hl len; do
        ((d == top)) || continue
        field_bytes "$f" "$off:$hl:$len" body >"$WORK/abody"
        t=$(hexof "$WORK/abody")
        oid=${t:0:$((2 * (2 + 16#${t:2:2})))}
        [[ $oid == "$want" ]] || continue
        n=$((n + 1))
        asn1_map "$WORK/abody" >"$WORK/abody.map"
        (($(awk '$2 == 1' "$WORK/abody.map" | wc -l) == 1)) || die "$f: attribute $want has not exactly one value"
        read -r off _ hl len < <(awk '$2 == 1' "$WORK/abody.map")
        cut_bytes "$WORK/abody" "$off" $((hl + len)) >"$out"
    done < <(asn1_map "$f")
    ((n == 1)) || die "$f: $n attributes $want, expected 1"
}

# tsv TOKEN INPUT [-attime EPOCH]: openssl ts -verify succeeds
tsv() {
    local tok=$1 in=$2; shift 2
    openssl ts -verify -token_in -in "$tok" -data "$in" -CAfile "$PKI/root.pem" -untrusted "$PKI/ca.pem" "$@" \
        >"$WORK/tsv.out" 2>&1 && grep -q '^Verification: OK' "$WORK/tsv.out" ||
        { cat "$WORK/tsv.out" >&2; die "token $tok does not verify against $in $*"; }
}
# tsv_fail TOKEN INPUT REGEX
tsv_fail() {
    if openssl ts -verify -token_in -in "$1" -data "$2" -CAfile "$PKI/root.pem" -untrusted "$PKI/ca.pem" \
        >"$WORK/tsv.out" 2>&1; then
        die "token $1 verifies against $2, it must not"
    fi
    grep -Eq "$3" "$WORK/tsv.out" || { cat "$WORK/tsv.out" >&2; die "token $1 fails, but not with /$3/"; }
}
# token INPUT OUT [faketime-args...]: a token of pki/tsa.pem over the file INPUT
token() {
    local in=$1 out=$2; shift 2
    ossl ts -query -data "$in" -md_gost12_256 -cert -out "$T/q.tsq"
    "$@" openssl ts -reply -config "$CONF" -section tsa_gost -queryfile "$T/q.tsq" -signer "$PKI/tsa.pem" \
        -inkey "$PKI/tsa.key.pem" -chain "$PKI/ca.pem" -token_out -out "$out" >"$WORK/ossl.out" 2>"$WORK/ossl.err" ||
        { cat "$WORK/ossl.err" >&2; die "openssl ts -reply $* failed"; }
}
gentime() {
    openssl ts -reply -token_in -in "$1" -text 2>/dev/null | sed -n 's/^Time stamp: //p' >"$WORK/gt"
    [[ -s $WORK/gt ]] || die "no genTime in $1"
    epoch "$(cat "$WORK/gt")"
}
# imprint TOKEN: the token's messageImprint hashedMessage, hex
imprint() {
    openssl ts -reply -token_in -in "$1" -text 2>/dev/null |
        sed -n '/^Message data:/,/^[A-Z]/p' | sed -nE 's/^ +[0-9a-f]{4} - //p' |
        sed -E 's/   .*$//; s/[- ]//g' | tr -d '\n'
}
# check_base SIG: the signature verifies over doc.txt, not over doc_changed.txt
# (ca is in the trust file: OpenSSL 3.0's cms -verify has no -untrusted)
check_base() {
    openssl cms -verify -binary -cades -inform DER -in "$1" -content "$DOC" -purpose any \
        -CAfile "$PKI/chain.pem" -out /dev/null >"$WORK/v.out" 2>&1 &&
        grep -q "Verification successful" "$WORK/v.out" || { cat "$WORK/v.out" >&2; die "$1 does not verify"; }
    if openssl cms -verify -binary -cades -inform DER -in "$1" -content "$DOC_CHANGED" -purpose any \
        -CAfile "$PKI/chain.pem" -out /dev/null >/dev/null 2>&1; then
        die "$1 verifies over doc_changed.txt"
    fi
}
# dgst_verify ATTRS SIGVALUE: openssl dgst -verify with the signer's public key
dgst_verify() {
    openssl dgst -md_gost12_256 -verify "$T/signer_pub.pem" -signature "$2" "$1" 2>&1 | grep -qx 'Verified OK'
}

# ------------------------------------------------------------------ times ---
nb() { epoch "$(openssl x509 -in "$PKI/$1.pem" -noout -startdate | sed 's/^notBefore=//')"; }
na() { epoch "$(openssl x509 -in "$PKI/$1.pem" -noout -enddate | sed 's/^notAfter=//')"; }
SIGNER_NB=$(nb signer) SIGNER_NA=$(na signer) TSA_NB=$(nb tsa) TSA_NA=$(na tsa) CA_NB=$(nb ca)
EARLIEST=$SIGNER_NB
((TSA_NB > EARLIEST)) && EARLIEST=$TSA_NB
((CA_NB > EARLIEST)) && EARLIEST=$CA_NB
NOW=$(date -u +%s)
((NOW > EARLIEST + 3600 + 60)) || die "too early: run more than an hour after $(iso "$EARLIEST") (certificate notBefore)"
((NOW < SIGNER_NA - 300 && NOW < TSA_NA - 300)) ||
    die "pki/signer.pem or pki/tsa.pem has expired (or is about to): run the script under faketime inside their validity"

# ------------------------------------------------------------------ pki ---
for n in signer tsa; do
    openssl verify -check_ss_sig -purpose any -CAfile "$PKI/root.pem" -untrusted "$PKI/ca.pem" "$PKI/$n.pem" \
        >"$WORK/pv.out" 2>&1 || { cat "$WORK/pv.out" >&2; die "pki/$n.pem does not verify"; }
done
openssl verify -purpose timestampsign -CAfile "$PKI/root.pem" -untrusted "$PKI/ca.pem" "$PKI/tsa.pem" \
    >"$WORK/pv.out" 2>&1 || { cat "$WORK/pv.out" >&2; die "pki/tsa.pem is not a timestamping certificate"; }
ossl x509 -in "$PKI/signer.pem" -pubkey -noout -out "$T/signer_pub.pem"
ossl pkey -in "$PKI/signer.key.pem" -pubout -out "$T/signer_key_pub.pem"
cmp -s "$T/signer_pub.pem" "$T/signer_key_pub.pem" || die "pki/signer.key.pem is not the key of pki/signer.pem"
ossl x509 -in "$PKI/signer.pem" -outform DER -out "$T/signer.der"
echo "gen_content_ts.sh: $(openssl version), pki from $PKI, output $OUTDIR"

# ------------------------------------------------ 1. the content timestamp ---
token "$DOC" "$T/tok_ct.tst"
tsv "$T/tok_ct.tst" "$DOC"
DOC_HASH=$(h "$DOC")
[[ $(imprint "$T/tok_ct.tst") == "$DOC_HASH" ]] || die "content token: imprint is not Streebog-256(doc.txt)"
GT_CT=$(gentime "$T/tok_ct.tst")

# ------------------------------------- 2. the signature, signed attributes ---
# OpenSSL's own CAdES-BES signature is the template: its SignedData,
# SignerInfo fields and four signed attributes are kept as OpenSSL wrote them;
# signingTime comes after the content timestamp.
after "$GT_CT"
ossl cms -sign -binary -nosmimecap -cades -md md_gost12_256 -signer "$PKI/signer.pem" \
    -inkey "$PKI/signer.key.pem" -in "$DOC" -outform DER -out "$T/tmpl.sig"
check_base "$T/tmpl.sig"
cms_load "$T/tmpl.sig"
# byte order: dgst -verify accepts OpenSSL's CMS signature value over OpenSSL's
# signed attributes (tag a0 -> 31), so what dgst -sign writes is what CMS holds
hex2bin "31${SI[3]:2}" "$T/tmpl_attrs.der"
hex2bin "$(der_body "${SI[5]}")" "$T/tmpl_sv.bin"
(($(stat -c %s "$T/tmpl_sv.bin") == 64)) || die "template: signature value is not 64 bytes"
dgst_verify "$T/tmpl_attrs.der" "$T/tmpl_sv.bin" || die "byte order: dgst -verify refuses OpenSSL's CMS signature"
hex2bin "$(hexof "$T/tmpl_sv.bin" | sed -E 's/(..)/\1\n/g' | tac | tr -d '\n')" "$T/tmpl_sv_rev.bin"
if dgst_verify "$T/tmpl_attrs.der" "$T/tmpl_sv_rev.bin"; then die "byte order: the reversed value verifies too"; fi

der_kids "$(der_body "${SI[3]}")"
ATTRS=("${KIDS[@]}")
got=""
for a in "${ATTRS[@]}"; do got+="$(attr_oid "$a") "; done
[[ $got == "$OID_CONTENT_TYPE $OID_SIGNING_TIME $OID_MESSAGE_DIGEST $OID_SIGNING_CERT_V2 " ]] ||
    die "template: signed attributes are not contentType, signingTime, messageDigest, signingCertificateV2"
# messageDigest = Streebog-256(doc.txt); the ESSCertIDv2 certHash = Streebog-256(signer.der)
[[ ${ATTRS[2]} == *"0420$DOC_HASH" ]] || die "template: messageDigest is not Streebog-256(doc.txt)"
[[ ${ATTRS[3]} == *"0420$(h "$T/signer.der")"* ]] ||
    die "template: signingCertificateV2 is not over signer.pem"
[[ ${ATTRS[3]} == *"06082a850307010102020500"* ]] || die "template: ESSCertIDv2 hashAlgorithm is not Streebog-256"

# the content-time-stamp attribute, twice: ./extend and hex
X attr $A_CONTENT_TS "$T/tok_ct.tst" >"$T/a_ct.der"
CT_ATTR=$(tlv 30 "$OID_CONTENT_TS$(tlv 31 "$(hexof "$T/tok_ct.tst")")")
[[ $(hexof "$T/a_ct.der") == "$CT_ATTR" ]] || die "content-time-stamp attribute: ./extend and hex disagree"
SET_HEX=$(set_of "${ATTRS[@]}" "$CT_ATTR")
hex2bin "$(tlv 31 "$SET_HEX")" "$T/attrs.der"
der_kids "$SET_HEX"
got=""
for a in "${KIDS[@]}"; do got+="$(attr_oid "$a") "; done
[[ $got == "$OID_CONTENT_TYPE $OID_SIGNING_TIME $OID_MESSAGE_DIGEST $OID_SIGNING_CERT_V2 $OID_CONTENT_TS " ]] ||
    die "signed attributes in unexpected DER order: $got"
ossl dgst -md_gost12_256 -sign "$PKI/signer.key.pem" -out "$T/sv.bin" "$T/attrs.der"
(($(stat -c %s "$T/sv.bin") == 64)) || die "signature value is not 64 bytes"
dgst_verify "$T/attrs.der" "$T/sv.bin" || die "dgst -verify refuses the new signature"
SI[3]=$(tlv a0 "$SET_HEX")
SI[5]=$(tlv 04 "$(hexof "$T/sv.bin")")
cms_save "$T/ct_base.sig"
check_base "$T/ct_base.sig"
# signingTime: SEQUENCE { OID, SET { UTCTime YYMMDDHHMMSSZ } }
[[ ${ATTRS[1]} =~ ^301c${OID_SIGNING_TIME}310f170d([0-9a-f]{26})$ ]] || die "template: signingTime is not one UTCTime"
hex2bin "${BASH_REMATCH[1]}" "$T/st.txt"
st=$(cat "$T/st.txt")
[[ $st =~ ^([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})Z$ ]] || die "template: signingTime $st"
SIGNING_TIME=$(epoch "20${BASH_REMATCH[1]}-${BASH_REMATCH[2]}-${BASH_REMATCH[3]} ${BASH_REMATCH[4]}:${BASH_REMATCH[5]}:${BASH_REMATCH[6]} UTC")
((SIGNING_TIME >= GT_CT)) || die "signingTime is before the content timestamp"
X sigvalue "$T/ct_base.sig" >"$T/sv_x.bin"
same_bytes "$T/sv.bin" "$T/sv_x.bin" "signature value"

# --------------------------------------------- 3. the signature timestamps ---
# ct.sig: genTime at least one second after the content timestamp's
after "$GT_CT"; after "$SIGNING_TIME"
token "$T/sv.bin" "$T/tok_sts.tst"
tsv "$T/tok_sts.tst" "$T/sv.bin"
GT_STS=$(gentime "$T/tok_sts.tst")
((GT_STS >= GT_CT + 1)) || die "the signature timestamp is not a second after the content timestamp"
X attr $A_STS "$T/tok_sts.tst" >"$T/a_sts.der"
X append "$T/ct_base.sig" "$T/a_sts.der" >"$O/ct.sig"

# ct_order.sig: `openssl ts -reply` under faketime, hours before the content
# timestamp (at most 2 days, not before EARLIEST + 1 hour), in whole hours
if [[ -n ${CT_ORDER_BACK:-} ]]; then
    BACK=$CT_ORDER_BACK
else
    BACK=$((2 * 86400))
    ((GT_CT - BACK >= EARLIEST + 3600)) || BACK=$(((GT_CT - EARLIEST - 3600) / 3600 * 3600))
fi
((BACK >= 60)) || die "cannot fake a time before the content timestamp inside the certificates' validity"
FAKE_AT=$((GT_CT - BACK))
((FAKE_AT >= EARLIEST)) || die "the faked time $(iso "$FAKE_AT") is before a certificate's notBefore"
[[ $(TZ=UTC faketime "@$FAKE_AT" date -u +%s) -lt $((FAKE_AT + 5)) ]] || die "faketime does not work"
token "$T/sv.bin" "$T/tok_sts_order.tst" env TZ=UTC faketime "@$FAKE_AT"
GT_ORDER=$(gentime "$T/tok_sts_order.tst")
((GT_ORDER >= FAKE_AT && GT_ORDER <= FAKE_AT + 10)) || die "faked genTime $(iso "$GT_ORDER"), expected $(iso "$FAKE_AT")"
((GT_ORDER < GT_CT && GT_ORDER >= EARLIEST)) || die "faked genTime out of order or out of validity"
tsv "$T/tok_sts_order.tst" "$T/sv.bin"
X attr $A_STS "$T/tok_sts_order.tst" >"$T/a_sts_order.der"
X append "$T/ct_base.sig" "$T/a_sts_order.der" >"$O/ct_order.sig"

# ------------------------------------------------------ final checks ---
cd "$O"
for s in ct.sig ct_order.sig; do
    check_base "$s"
    si_fields "$s"
    [[ $(tag_at "$s" "${SF[3]}") == a0 && $(tag_at "$s" "${SF[5]}") == 04 && $(tag_at "$s" "${SF[6]}") == a1 ]] ||
        die "$s: unexpected SignerInfo layout"
    # the signed attributes as they are in the file, tag a0 -> 31
    { printf '\x31'; field_bytes "$s" "${SF[3]}" | tail -c +2; } >"$T/attrs_final.der"
    same_bytes "$T/attrs.der" "$T/attrs_final.der" "$s: signed attributes"
    field_bytes "$s" "${SF[5]}" body >"$T/sv_final.bin"
    same_bytes "$T/sv.bin" "$T/sv_final.bin" "$s: signature value (asn1parse)"
    X sigvalue "$s" >"$T/sv_final_x.bin"
    same_bytes "$T/sv.bin" "$T/sv_final_x.bin" "$s: signature value (./extend)"
    dgst_verify "$T/attrs_final.der" "$T/sv_final.bin" || die "$s: dgst -verify refuses the signature"
    { cat "$T/attrs_final.der"; printf '\x00'; } >"$T/attrs_x.der"
    if dgst_verify "$T/attrs_x.der" "$T/sv_final.bin"; then die "$s: dgst -verify check is vacuous"; fi
    # messageDigest and the content token, cut by asn1parse offsets
    attrs_value "$T/attrs_final.der" "$OID_MESSAGE_DIGEST" "$T/md.der"
    [[ $(hexof "$T/md.der") == "0420$DOC_HASH" ]] || die "$s: messageDigest is not Streebog-256(doc.txt)"
    attrs_value "$T/attrs_final.der" "$OID_CONTENT_TS" "$T/cut_ct.tst"
    same_bytes "$T/tok_ct.tst" "$T/cut_ct.tst" "$s: content token"
    tsv "$T/cut_ct.tst" "$DOC"
    tsv "$T/cut_ct.tst" "$DOC" -attime "$GT_CT"
    tsv_fail "$T/cut_ct.tst" "$T/sv.bin" "message imprint mismatch"
    [[ $(imprint "$T/cut_ct.tst") == "$DOC_HASH" ]] || die "$s: content token imprint is not the messageDigest"
    # the one unsigned attribute: a signature-time-stamp over the signature value
    field_bytes "$s" "${SF[6]}" body >"$T/ua.bin"
    [[ $(X list "$s" | cut -f2 | tr '\n' ' ') == "$A_STS " ]] || die "$s: unsigned attributes are not one signature-time-stamp"
    attrs_value "$T/ua.bin" "$OID_STS" "$T/cut_sts.tst"
    if [[ $s == ct.sig ]]; then want=$T/tok_sts.tst wt=$GT_STS; else want=$T/tok_sts_order.tst wt=$GT_ORDER; fi
    same_bytes "$want" "$T/cut_sts.tst" "$s: signature timestamp"
    tsv "$T/cut_sts.tst" "$T/sv_final.bin"
    tsv "$T/cut_sts.tst" "$T/sv_final.bin" -attime "$wt"
    tsv_fail "$T/cut_sts.tst" "$DOC" "message imprint mismatch"
    [[ $(gentime "$T/cut_sts.tst") == "$wt" && $(gentime "$T/cut_ct.tst") == "$GT_CT" ]] || die "$s: genTimes"
done
# the two files differ only in the unsigned attributes (and so in the outer
# lengths): the SignedData fields before signerInfos and the SignerInfo fields
# before unsignedAttrs are the same bytes (asn1parse offsets)
signed_part() {
    local first last off
    read -r first last < <(asn1_map "$1" | awk '$2 == 3 { if (f == "") f = $1; l = $1 } END { print f, l }')
    cut_bytes "$1" "$first" $((last - first))
    si_fields "$1"
    IFS=: read -r off _ _ <<<"${SF[0]}"
    IFS=: read -r uoff _ _ <<<"${SF[6]}"
    cut_bytes "$1" "$off" $((uoff - off))
}
signed_part ct.sig >"$T/sp_ct.bin"
signed_part ct_order.sig >"$T/sp_order.bin"
same_bytes "$T/sp_ct.bin" "$T/sp_order.bin" "ct.sig and ct_order.sig before the unsigned attributes"
(($(stat -c %s "$T/sp_ct.bin") > 3000)) || die "signed_part: too short"
# the signing time as OpenSSL prints it from the final file
openssl cms -cmsout -print -inform DER -in ct.sig 2>/dev/null |
    grep -q "UTCTIME:$(date -u -d "@$SIGNING_TIME" '+%b %e %H:%M:%S %Y') GMT" || die "ct.sig: signingTime"
((GT_CT <= SIGNING_TIME && GT_CT < GT_STS && GT_ORDER < GT_CT && GT_STS < SIGNER_NA)) || die "the times are not in order"

VALIDATE_AT=$(awk -F'\t' '$1 == "validate_at" { print $2 }' "$SCRIPT_DIR/TIMES.tsv")
[[ -n $VALIDATE_AT ]] || die "no validate_at in TIMES.tsv"
{
    printf 'name\tvalue\tmeaning\n'
    printf 'signing_time\t%s\tsigningTime (signed attribute) of ct.sig and ct_order.sig\n' "$(iso "$SIGNING_TIME")"
    printf 'gentime_content_ts\t%s\tcontent-time-stamp (signed attribute, imprint = Streebog-256(doc.txt)) of ct.sig and ct_order.sig\n' "$(iso "$GT_CT")"
    printf 'gentime_sts_ct\t%s\tsignature-time-stamp of ct.sig (after the content timestamp)\n' "$(iso "$GT_STS")"
    printf 'gentime_sts_ct_order\t%s\tsignature-time-stamp of ct_order.sig, made under faketime %s s (%s h) before the content timestamp\n' \
        "$(iso "$GT_ORDER")" "$BACK" "$((BACK / 3600))"
    printf 'validate_at\t%s\tas in TIMES.tsv (pki/signer.pem notAfter + 1 year)\n' "$VALIDATE_AT"
} >TIMES_ct.tsv
cp "$T/attrs.der" inputs/ct.signed_attrs.der
cp "$T/sv.bin" inputs/ct.signature_value.bin
# only these five files, nothing else
[[ $(cd "$O" && find . -type f | sort | tr '\n' ' ') == "./TIMES_ct.tsv ./ct.sig ./ct_order.sig ./inputs/ct.signature_value.bin ./inputs/ct.signed_attrs.der " ]] ||
    die "unexpected output files"
chmod 644 ct.sig ct_order.sig TIMES_ct.tsv inputs/*
mkdir -p "$OUTDIR/inputs"
cp ct.sig ct_order.sig TIMES_ct.tsv "$OUTDIR"/
cp inputs/ct.signature_value.bin inputs/ct.signed_attrs.der "$OUTDIR/inputs/"
echo "gen_content_ts.sh: wrote ct.sig, ct_order.sig, TIMES_ct.tsv, inputs/ct.* to $OUTDIR; all checks passed"
cat TIMES_ct.tsv
