#!/usr/bin/env bash
# gen.sh - generate a small GOST PKI and CMS (CAdES-BES / PKCS#7) signature
#          fixtures with OpenSSL 3.0 + gost-engine, each with its expected
#          verdict in MANIFEST.tsv, self-checking every file it writes.
#
# Requirements (Debian 12, nothing else, no network):
#     apt-get install openssl libengine-gost-openssl
# Uses only bash, coreutils (od, head, base64, date, sort, ...), sed and openssl.
# No jq, xxd, iconv or python needed: DER surgery (countersignature, swapped
# certificate, re-signed signingTime, flipped signature byte) is done on hex
# strings in pure bash; the signatures themselves are always made by OpenSSL
# (`openssl cms -sign`, or `openssl dgst -sign` over DER signed attributes).
#
# Usage:
#     testdata/cms/gen.sh [OUTDIR]     # OUTDIR defaults to this script's directory
#     CMS_FIXTURE_KEEP=1 testdata/cms/gen.sh /tmp/x   # keep the work directory (debugging)
#
# Output (file names are fixed; keys, serials, signatures are new on every run,
# the documents and the "random" inputs are deterministic):
#     OUTDIR/MANIFEST.tsv           one line per signature file + expected verdicts
#     OUTDIR/<document>             signed documents (invoice.xml, letter.txt, ...)
#     OUTDIR/<document>[.case].sig|.p7s|.sgn   signatures (see README.md)
#     OUTDIR/bad_*.sig              inputs that are not signatures at all
#     OUTDIR/pki/                   CA and signer certificates + keys, CERTS.tsv
#
# Self-checks (the script exits non-zero with a message if any fails):
#     * every signature expected to be valid verifies with
#       `openssl cms -verify -engine gost -binary -CAfile pki/chain.pem
#        -purpose any [-cades]` (chain sub CA -> root included);
#     * every signature expected to fail does fail, for the expected reason;
#     * the bare-base64 / CRLF / UTF-16 / PEM variants decode to the DER they
#       were made from; the BER files really use indefinite lengths;
#     * the countersignature is checked with `openssl dgst -verify` over its
#       signed attributes, and its messageDigest against the signature value;
#     * the non-signature inputs are rejected by `openssl cms`.
set -euo pipefail
export LC_ALL=C

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=${1:-$SCRIPT_DIR}

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

mkdir -p "$OUTDIR/pki"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostcms.XXXXXX")
trap '[[ -n ${CMS_FIXTURE_KEEP:-} ]] && echo "gen.sh: kept $WORK" >&2 || rm -rf "$WORK"' EXIT
O=$WORK/out        # fixtures are built here and copied to OUTDIR only when all checks passed
P=$O/pki
mkdir -p "$P"

# ------------------------------------------------------------------ config ---
# Private OpenSSL config (the host's openssl.cnf must not matter).  The gost
# engine itself is loaded with -engine gost on each command.
#  * INNLE (1.2.643.100.4) is unknown to OpenSSL 3.0: declare it (only if needed,
#    newer OpenSSL versions know it and would refuse a duplicate).
#  * string table: OpenSSL 3.0 already encodes INN, SNILS and OGRN as
#    NumericString; INNLE and OGRNIP need an entry or they become UTF8String.
#  * certificate extensions of a Russian qualified certificate; the
#    subjectSignTool / issuerSignTool values are UTF-8 (FORMAT:UTF8).
CONF=$WORK/openssl.cnf
{
    echo "openssl_conf = openssl_init"
    echo "[openssl_init]"
    if ! openssl asn1parse -genstr OID:INNLE >/dev/null 2>&1; then
        echo "oid_section  = new_oids"
    fi
    echo "stbl_section = string_table"
    echo "[new_oids]"
    echo "INNLE = 1.2.643.100.4"
    cat <<'EOF'
[string_table]
INNLE  = min:10,max:10,mask:NUMERICSTRING,flags:nomask
OGRNIP = min:15,max:15,mask:NUMERICSTRING,flags:nomask

[req]
distinguished_name = req_dn
string_mask        = utf8only
utf8               = yes
[req_dn]

[ca]
default_ca = ca_any
[ca_any]
dir            = $ENV::CA_DIR
database       = $dir/index.txt
new_certs_dir  = $dir/new
serial         = $dir/serial
policy         = policy_any
unique_subject = no
email_in_dn    = yes
copy_extensions = none
default_md     = default
[policy_any]
commonName = supplied

[v3_root]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:ПАК \"Головной удостоверяющий центр\" (тест)

[v3_sub]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess    = caIssuers;URI:http://127.0.0.1:1/root.cer
crlDistributionPoints  = URI:http://127.0.0.1:1/root.crl
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0 КС2)
1.2.643.100.112        = ASN1:SEQUENCE:issuer_sign_tool

# end-entity signers issued by the sub CA: with EKU (AKI keyid only) ...
[v3_ee_eku]
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityInfoAccess    = @aia_sub
crlDistributionPoints  = URI:http://127.0.0.1:1/sub.crl
certificatePolicies    = 1.2.643.100.113.1
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
1.2.643.100.112        = ASN1:SEQUENCE:issuer_sign_tool
authorityKeyIdentifier = keyid:always
extendedKeyUsage       = emailProtection, clientAuth
# ... and without EKU (AKI keyid + issuer name + serial)
[v3_ee_noeku]
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityInfoAccess    = @aia_sub
crlDistributionPoints  = URI:http://127.0.0.1:1/sub.crl
certificatePolicies    = 1.2.643.100.113.1
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
1.2.643.100.112        = ASN1:SEQUENCE:issuer_sign_tool
authorityKeyIdentifier = keyid:always, issuer:always
[aia_sub]
caIssuers;URI.0 = http://127.0.0.1:1/sub.cer
OCSP;URI.0      = http://127.0.0.1:1/ocsp

[issuer_sign_tool]
signTool     = FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0 КС2)
cATool       = FORMAT:UTF8,UTF8String:ПАК \"КриптоПро УЦ\" (версия 2.0)
signToolCert = FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/124-3966 от 15.01.2021
cAToolCert   = FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/128-3868 от 23.07.2020

# self-signed end-entity certificate (no CA, no AIA)
[v3_selfsigned]
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
extendedKeyUsage       = emailProtection
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
EOF
} >"$CONF"
export OPENSSL_CONF=$CONF
export CA_DIR=$WORK   # [ca_any] needs a value at load time; issue() sets the real one

# ---------------------------------------------------------------- helpers ---
# ossl ARGS...: run openssl; quiet unless it fails.
ossl() {
    if ! openssl "$@" >"$WORK/ossl.out" 2>"$WORK/ossl.err"; then
        cat "$WORK/ossl.err" >&2
        die "openssl $* failed"
    fi
}

# hexof FILE: lowercase hex of the file's bytes, no separators.
hexof() { od -An -v -tx1 -- "$1" | tr -d ' \n'; }

# hex2bin HEX FILE: write the bytes encoded by HEX to FILE.
hex2bin() {
    local hex=$1 esc="" i
    for ((i = 0; i < ${#hex}; i += 2)); do esc+="\\x${hex:i:2}"; done
    printf '%b' "$esc" >"$2"
}

# ---- DER on hex strings (definite lengths, one-byte tags; enough for CMS) ----
# der_hdr HEX POS: parse the TLV header at hex-char POS: D_TAG (2 hex chars),
# D_HL (header bytes), D_LEN (content bytes).
der_hdr() {
    local h=$1 p=$2 b n i
    D_TAG=${h:p:2}
    [[ -n $D_TAG ]] || die "der_hdr: read past the end"
    (((16#$D_TAG & 0x1f) != 0x1f)) || die "der_hdr: multi-byte tag"
    b=$((16#${h:p+2:2}))
    if ((b < 128)); then
        D_HL=2 D_LEN=$b
    elif ((b == 128)); then
        die "der_hdr: indefinite length (BER) not supported here"
    else
        n=$((b & 127)) D_LEN=0
        for ((i = 0; i < n; i++)); do D_LEN=$((D_LEN * 256 + 16#${h:p+4+2*i:2})); done
        D_HL=$((2 + n))
    fi
    (((p / 2) + D_HL + D_LEN <= ${#h} / 2)) || die "der_hdr: length beyond the data"
}
# der_body TLV: the content octets (hex) of one TLV.
der_body() { der_hdr "$1" 0; printf '%s' "${1:D_HL*2:D_LEN*2}"; }
# der_kids HEX: split concatenated TLVs into the array KIDS.
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
# der_len N: DER length octets for N.
der_len() {
    local n=$1 out=""
    if ((n < 128)); then printf '%02x' "$n"; return; fi
    while ((n > 0)); do out=$(printf '%02x' $((n & 255)))$out; n=$((n >> 8)); done
    printf '%02x%s' $((128 + ${#out} / 2)) "$out"
}
# tlv TAG CONTENT: one TLV (hex).
tlv() { printf '%s%s%s' "$1" "$(der_len $((${#2} / 2)))" "$2"; }
# join ELEMENTS...: concatenation.
join() { local IFS=; printf '%s' "$*"; }
# set_of ELEMENTS...: DER SET OF content, elements sorted by their encoding.
set_of() { (($#)) || return 0; printf '%s\n' "$@" | sort | tr -d '\n'; }

OID_SIGNED_DATA=06092a864886f70d010702
OID_SIGNING_TIME=06092a864886f70d010905
OID_MESSAGE_DIGEST=06092a864886f70d010904
OID_COUNTERSIGNATURE=06092a864886f70d010906
OID_SIGNING_CERT_V2=060b2a864886f70d010910022f

# cms_load FILE: parse a DER ContentInfo/SignedData into SD (children of
# SignedData) and SIS (SignerInfos).
cms_load() {
    local h
    h=$(hexof "$1")
    der_kids "$(der_body "$h")"
    [[ ${KIDS[0]} == "$OID_SIGNED_DATA" ]] || die "cms_load: $1 is not SignedData"
    der_kids "$(der_body "${KIDS[1]}")"
    der_kids "$(der_body "${KIDS[0]}")"
    SD=("${KIDS[@]}")
    der_kids "$(der_body "${SD[-1]}")"
    SIS=("${KIDS[@]}")
}
# cms_save FILE: write SD/SIS back as DER.
cms_save() {
    SD[-1]=$(tlv 31 "$(join "${SIS[@]}")")
    hex2bin "$(tlv 30 "$OID_SIGNED_DATA$(tlv a0 "$(tlv 30 "$(join "${SD[@]}")")")")" "$1"
}
# sd_index TAG: index of the first SignedData child with that tag, or -1.
sd_index() {
    local i
    for i in "${!SD[@]}"; do [[ ${SD[i]:0:2} == "$1" ]] && { echo "$i"; return; }; done
    echo -1
}
# certs_set CERT_TLVS...: replace the certificates [0] field.
certs_set() {
    local i
    i=$(sd_index a0)
    ((i >= 0)) || die "certs_set: no certificates field"
    SD[i]=$(tlv a0 "$(set_of "$@")")
}
# certs_get: the certificates currently in SD, into KIDS.
certs_get() {
    local i
    i=$(sd_index a0)
    ((i >= 0)) || die "certs_get: no certificates field"
    der_kids "$(der_body "${SD[i]}")"
}
# si_load N: children of SignerInfo N into SI.
si_load() { der_kids "$(der_body "${SIS[$1]}")"; SI=("${KIDS[@]}"); }
si_save() { SIS[$1]=$(tlv 30 "$(join "${SI[@]}")"); }
# si_index TAG: index of the first SI child with that tag (after the version).
si_index() {
    local i
    for ((i = 1; i < ${#SI[@]}; i++)); do [[ ${SI[i]:0:2} == "$1" ]] && { echo "$i"; return; }; done
    echo -1
}
# si_sig_index: index of the signature OCTET STRING (the first 04 after signedAttrs).
si_sig_index() { si_index 04; }

# der_file_hex FILE: hex of a PEM or DER certificate as DER.
cert_hex() {
    ossl x509 -in "$1" -outform DER -out "$WORK/cert.der"
    hexof "$WORK/cert.der"
}
# cert_issuer_serial CERT_HEX: sets C_ISSUER, C_SERIAL (TLVs) from the TBSCertificate.
cert_issuer_serial() {
    der_kids "$(der_body "$1")"
    der_kids "$(der_body "${KIDS[0]}")"
    local o=0
    [[ ${KIDS[0]:0:2} == a0 ]] && o=1
    C_SERIAL=${KIDS[o]} C_ISSUER=${KIDS[o + 2]}
}

# digest_hex MD FILE: digest bytes as hex (EVP output order, as CMS stores it).
digest_hex() {
    local d
    read -r d _ < <(openssl dgst -engine gost "-$1" -r "$2" 2>/dev/null)
    [[ $d =~ ^[0-9a-f]+$ ]] || die "digest of $2 failed"
    printf '%s' "$d"
}

# utctime EPOCH: UTCTime TLV (hex) for that second.
utctime_tlv() {
    local s esc="" i
    s=$(date -u -d "@$1" +%y%m%d%H%M%SZ)
    for ((i = 0; i < ${#s}; i++)); do esc+=$(printf '%02x' "'${s:i:1}"); done
    tlv 17 "$esc"
}

# ------------------------------------------------------ check digits / IDs ---
# inn10 9DIGITS / inn12 10DIGITS / snils 9DIGITS / ogrn 12DIGITS / ogrnip 14DIGITS
weighted() { # weighted DIGITS W1 W2 ...: sum of digit*weight
    local d=$1 s=0 i=0; shift
    for w in "$@"; do s=$((s + ${d:i:1} * w)); i=$((i + 1)); done
    echo "$s"
}
inn10() { echo "$1$(($(weighted "$1" 2 4 10 3 5 9 4 6 8) % 11 % 10))"; }
inn12() {
    local a="$1$(($(weighted "$1" 7 2 4 10 3 5 9 4 6 8) % 11 % 10))"
    echo "$a$(($(weighted "$a" 3 7 2 4 10 3 5 9 4 6 8) % 11 % 10))"
}
snils() {
    local s c
    s=$(weighted "$1" 9 8 7 6 5 4 3 2 1)
    if ((s < 100)); then c=$s; elif ((s <= 101)); then c=0; else c=$((s % 101 % 100)); fi
    printf '%s%02d\n' "$1" "$c"
}
ogrn() { echo "$1$((10#$1 % 11 % 10))"; }
ogrnip() { echo "$1$((10#$1 % 13 % 10))"; }

# ------------------------------------------------------------------- time ---
T0=$(date -u +%Y-%m-%d)           # generation day, 00:00:00Z
GEN_EPOCH=$(date -u +%s)
ts() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
ROOT_NB=$(ts "$T0 8 years ago");   ROOT_NA=$(ts "$T0 20 years")
SUB_NB=$(ts "$T0 8 years ago");    SUB_NA=$(ts "$T0 15 years")
EE_NB=$(ts "$T0 1 day ago");       EE_NA=$(ts "$T0 3649 days")    # 3650 days from EE_NB
EXP_NB=$(ts "$T0 6 years ago");    EXP_NA=$(ts "$T0 5 years ago")
EXP_SIGNING_EPOCH=$(date -u -d "$T0 12:00:00 6 years ago 100 days" +%s)
# iso YYYYMMDDHHMMSSZ: the same instant as YYYY-MM-DDTHH:MM:SSZ.
iso() { printf '%s-%s-%sT%s:%s:%sZ' "${1:0:4}" "${1:4:2}" "${1:6:2}" "${1:8:2}" "${1:10:2}" "${1:12:2}"; }
# ca -startdate/-enddate want UTCTime (YYMMDDHHMMSSZ): strip the century.
utc() { printf '%s' "${1:2}"; }

# ---------------------------------------------------------------- the PKI ---
declare -A ALG PS MD SUBJ
# name         algorithm     paramset digest
ALG[root]=gost2012_512             PS[root]=A                MD[root]=md_gost12_512
ALG[sub]=gost2012_256              PS[sub]=A                 MD[sub]=md_gost12_256
ALG[signer_2001]=gost2001          PS[signer_2001]=A         MD[signer_2001]=md_gost94
ALG[signer_2012_256]=gost2012_256  PS[signer_2012_256]=B     MD[signer_2012_256]=md_gost12_256
ALG[signer_2012_512]=gost2012_512  PS[signer_2012_512]=A     MD[signer_2012_512]=md_gost12_512
ALG[signer_expired]=gost2012_256   PS[signer_expired]=A      MD[signer_expired]=md_gost12_256
ALG[signer_selfsigned]=gost2012_256 PS[signer_selfsigned]=TCA MD[signer_selfsigned]=md_gost12_256
ALG[signer_twin]=gost2012_256      PS[signer_twin]=B         MD[signer_twin]=md_gost12_256

ROMASHKA_OGRN=$(ogrn 102770013219) ROMASHKA_INNLE=$(inn10 770123456)
LYUTIK_OGRN=$(ogrn 116169005432)   LYUTIK_INNLE=$(inn10 165501234)
SUBJ[root]="/CN=Тестовый головной УЦ gostverify/O=gostverify (тестовые данные)/street=ул. Тестовая, д. 1/L=г. Москва/ST=77 г. Москва/C=RU/OGRN=$(ogrn 102770000000)/INNLE=$(inn10 770000000)"
SUBJ[sub]="/CN=Тестовый УЦ gostverify/O=gostverify (тестовые данные)/OU=Удостоверяющий центр/street=ул. Тестовая, д. 1/L=г. Москва/ST=77 г. Москва/C=RU/OGRN=$(ogrn 102770000001)/INNLE=$(inn10 770000001)"
# organisation signer (head of an LLC)
SUBJ[signer_2012_256]="/CN=Иванов Иван Иванович/SN=Иванов/GN=Иван Иванович/title=Генеральный директор/O=ООО \"Ромашка\"/OU=Администрация/street=ул. Ленина, д. 1, оф. 15/L=г. Москва/ST=77 г. Москва/C=RU/INN=$(inn12 5009876543)/SNILS=$(snils 112233445)/OGRN=$ROMASHKA_OGRN/INNLE=$ROMASHKA_INNLE"
# individual entrepreneur
SUBJ[signer_2012_512]="/CN=Индивидуальный предприниматель Петрова Мария Сергеевна/SN=Петрова/GN=Мария Сергеевна/street=Невский пр-т, д. 100, кв. 5/L=г. Санкт-Петербург/ST=78 г. Санкт-Петербург/C=RU/INN=$(inn12 7812345678)/SNILS=$(snils 123456789)/OGRNIP=$(ogrnip 30478000012345)"
# organisation signer (chief accountant), legacy GOST R 34.10-2001 key
SUBJ[signer_2001]="/CN=Сидоров Пётр Алексеевич/SN=Сидоров/GN=Пётр Алексеевич/title=Главный бухгалтер/O=АО «Лютик»/street=ул. Баумана, д. 7/L=г. Казань/ST=16 Республика Татарстан/C=RU/emailAddress=buh@lyutik.example/INN=$(inn12 1655123456)/SNILS=$(snils 987654321)/OGRN=$LYUTIK_OGRN/INNLE=$LYUTIK_INNLE"
SUBJ[signer_expired]="/CN=Смирнова Ольга Викторовна/SN=Смирнова/GN=Ольга Викторовна/title=Бухгалтер/O=ООО \"Ромашка\"/L=г. Москва/ST=77 г. Москва/C=RU/INN=$(inn12 7705111222)/SNILS=$(snils 111222333)/OGRN=$ROMASHKA_OGRN/INNLE=$ROMASHKA_INNLE"
SUBJ[signer_selfsigned]="/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/L=г. Новосибирск/ST=54 Новосибирская область/C=RU/INN=$(inn12 5401987654)/SNILS=$(snils 444555666)"
SUBJ[signer_twin]=${SUBJ[signer_2012_256]}

# genkey NAME: pki/NAME.key.pem
genkey() {
    ossl genpkey -engine gost -algorithm "${ALG[$1]}" -pkeyopt "paramset:${PS[$1]}" -out "$P/$1.key.pem"
}
# ca_db DIR [SERIAL]: a fresh `openssl ca` database
ca_db() {
    mkdir -p "$1/new"
    : >"$1/index.txt"
    echo "${2:-01}" >"$1/serial"
}
# issue NAME CA_NAME EXT NOTBEFORE NOTAFTER DBDIR [serial-mode]: certificate pki/NAME.pem
#   CA_NAME "self" = self-signed (openssl ca -selfsign).
issue() {
    local name=$1 ca=$2 ext=$3 nb=$4 na=$5 db=$6 serial=${7:-rand}
    local csr=$WORK/$name.csr args
    ossl req -new -engine gost -key "$P/$name.key.pem" "-${MD[$name]}" -utf8 -subj "${SUBJ[$name]}" -out "$csr"
    args=(ca -engine gost -batch -notext -in "$csr" -out "$P/$name.pem" -extensions "$ext"
        -startdate "$(utc "$nb")" -enddate "$(utc "$na")" -preserveDN)
    [[ $serial == rand ]] && args+=(-rand_serial)
    if [[ $ca == self ]]; then
        args+=(-selfsign -keyfile "$P/$name.key.pem" -md "${MD[$name]}")
    else
        args+=(-cert "$P/$ca.pem" -keyfile "$P/$ca.key.pem" -md "${MD[$ca]}")
    fi
    CA_DIR=$db ossl "${args[@]}"
    # `openssl ca` writes PEM with the text dump turned off by -notext; normalise anyway.
    ossl x509 -in "$P/$name.pem" -out "$P/$name.pem"
    # the subject must come out exactly as requested (order, all attributes)
    [[ $(openssl req -in "$csr" -noout -subject -nameopt RFC2253 2>/dev/null) == \
        "$(openssl x509 -in "$P/$name.pem" -noout -subject -nameopt RFC2253 2>/dev/null)" ]] ||
        die "$name: certificate subject differs from the request's"
}

echo "gen.sh: $(openssl version), output $OUTDIR"
for n in root sub signer_2001 signer_2012_256 signer_2012_512 signer_expired signer_selfsigned signer_twin; do
    genkey "$n"
done
ca_db "$WORK/db-root"; ca_db "$WORK/db-sub"; ca_db "$WORK/db-self"
issue root self v3_root "$ROOT_NB" "$ROOT_NA" "$WORK/db-root"
issue sub root v3_sub "$SUB_NB" "$SUB_NA" "$WORK/db-root"
issue signer_2012_256 sub v3_ee_eku "$EE_NB" "$EE_NA" "$WORK/db-sub"
issue signer_2001 sub v3_ee_eku "$EE_NB" "$EE_NA" "$WORK/db-sub"
issue signer_2012_512 sub v3_ee_noeku "$EE_NB" "$EE_NA" "$WORK/db-sub"
issue signer_expired sub v3_ee_eku "$EXP_NB" "$EXP_NA" "$WORK/db-sub"
issue signer_selfsigned self v3_selfsigned "$EE_NB" "$EE_NA" "$WORK/db-self"
# The twin: same issuer, same serial number, same subject and validity as
# signer_2012_256, but another key.  A separate CA database, because `openssl ca`
# refuses to issue a serial number twice.
TWIN_SERIAL=$(openssl x509 -in "$P/signer_2012_256.pem" -noout -serial | sed 's/^serial=//')
ca_db "$WORK/db-twin" "$TWIN_SERIAL"
issue signer_twin sub v3_ee_eku "$EE_NB" "$EE_NA" "$WORK/db-twin" file
[[ $(openssl x509 -in "$P/signer_twin.pem" -noout -serial) == "serial=$TWIN_SERIAL" ]] ||
    die "twin certificate did not get serial $TWIN_SERIAL"
cp "$WORK/db-root/index.txt" "$P/root.index.txt"
cp "$WORK/db-sub/index.txt" "$P/sub.index.txt"
ossl x509 -in "$P/root.pem" -outform DER -out "$P/root.cer"
ossl x509 -in "$P/sub.pem" -outform DER -out "$P/sub.cer"
cat "$P/sub.pem" "$P/root.pem" >"$P/chain.pem"

# PKI self-checks
pki_verify() { # pki_verify CERT CAFILE [args...]
    local c=$1 ca=$2; shift 2
    openssl verify -engine gost -check_ss_sig -purpose any -CAfile "$ca" "$@" "$c" >"$WORK/pv.out" 2>&1 || {
        cat "$WORK/pv.out" >&2; die "certificate $c does not verify"; }
}
pki_verify "$P/root.pem" "$P/root.pem"
pki_verify "$P/sub.pem" "$P/root.pem"
for n in signer_2001 signer_2012_256 signer_2012_512 signer_twin; do
    pki_verify "$P/$n.pem" "$P/root.pem" -untrusted "$P/sub.pem"
done
pki_verify "$P/signer_expired.pem" "$P/root.pem" -untrusted "$P/sub.pem" -attime "$EXP_SIGNING_EPOCH"
if openssl verify -engine gost -purpose any -CAfile "$P/root.pem" -untrusted "$P/sub.pem" \
    "$P/signer_expired.pem" >/dev/null 2>&1; then
    die "signer_expired.pem verifies now (it must have expired)"
fi
pki_verify "$P/signer_selfsigned.pem" "$P/signer_selfsigned.pem"
# attribute string types: the identifiers (INN, SNILS, OGRN, INNLE, OGRNIP) must be NumericString
declare -A NIDS=([root]=2 [sub]=2 [signer_2001]=4 [signer_2012_256]=4 [signer_2012_512]=3
    [signer_expired]=4 [signer_selfsigned]=2 [signer_twin]=4)
for n in "${!NIDS[@]}"; do
    openssl x509 -in "$P/$n.pem" -noout -subject -nameopt sep_multiline,show_type,esc_msb 2>/dev/null |
        grep -E '^ *(INN|SNILS|OGRN|OGRNIP|INNLE|1\.2\.643\.100\.4)=' >"$WORK/ids.txt" || true
    [[ $(grep -c '=NUMERICSTRING:' "$WORK/ids.txt") -eq ${NIDS[$n]} && $(wc -l <"$WORK/ids.txt") -eq ${NIDS[$n]} ]] ||
        die "$n: expected ${NIDS[$n]} identifier attributes, all NumericString"
done

# CERTS.tsv: what each certificate is, with its validity.
{
    printf 'certificate\trole\talgorithm\tparamset\tdigest\tserial\tnot_before\tnot_after\tissuer\tsubject\n'
    for n in root sub signer_2001 signer_2012_256 signer_2012_512 signer_expired signer_selfsigned signer_twin; do
        case $n in
        root) role="root CA (self-signed, trust anchor)" ;;
        sub) role="intermediate CA (pathlen 0)" ;;
        signer_expired) role="end entity, expired" ;;
        signer_selfsigned) role="end entity, self-signed" ;;
        signer_twin) role="end entity, same issuer+serial+subject as signer_2012_256, other key" ;;
        *) role="end entity" ;;
        esac
        nb=$(openssl x509 -in "$P/$n.pem" -noout -startdate -dateopt iso_8601 | sed 's/^notBefore=//')
        na=$(openssl x509 -in "$P/$n.pem" -noout -enddate -dateopt iso_8601 | sed 's/^notAfter=//')
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "pki/$n.pem" "$role" "${ALG[$n]}" "${PS[$n]}" "${MD[$n]}" \
            "$(openssl x509 -in "$P/$n.pem" -noout -serial | sed 's/^serial=//')" "$nb" "$na" \
            "$(openssl x509 -in "$P/$n.pem" -noout -issuer -nameopt RFC2253,-esc_msb | sed 's/^issuer=//')" \
            "$(openssl x509 -in "$P/$n.pem" -noout -subject -nameopt RFC2253,-esc_msb | sed 's/^subject=//')"
    done
} >"$P/CERTS.tsv"
echo "gen.sh: PKI OK (root, sub, 6 end-entity certificates)"

# --------------------------------------------------------------- documents ---
cat >"$O/invoice.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Счёт номер="17" дата="2026-01-15">
  <Продавец ИНН="7701234560">ООО "Ромашка"</Продавец>
  <Покупатель ИНН="1655012344">АО «Лютик»</Покупатель>
  <Позиция наименование="Услуги по договору № 5/2026" количество="1" сумма="1000.00"/>
  <Итого валюта="RUB">1000.00</Итого>
</Счёт>
EOF
cat >"$O/letter.txt" <<'EOF'
Уважаемая Мария Сергеевна!

Направляем Вам подписанный экземпляр договора. Просим подтвердить получение.
Ёлки-палки, съешь же ещё этих мягких французских булок да выпей чаю.

С уважением,
И. И. Иванов
EOF
printf 'Quarterly report, Q4.\r\nRevenue: 1000.00 RUB\r\nОтчёт за 4-й квартал (CRLF line endings, no final newline).' >"$O/report.txt"
cat >"$O/contract.txt" <<'EOF'
ДОГОВОР № 5/2026
г. Москва                                                      15 января 2026 г.
Общество с ограниченной ответственностью "Ромашка" и акционерное общество «Лютик»
заключили настоящий договор о нижеследующем: ...
EOF
for ((i = 1; i <= 60; i++)); do
    printf 'Строка %03d: съешь же ещё этих мягких французских булок да выпей чаю. The quick brown fox.\n' "$i"
done >"$O/long.txt"
# 1 MiB of deterministic pseudo-random bytes (AES-128-CTR keystream, fixed key).
head -c 1048576 /dev/zero |
    openssl enc -aes-128-ctr -nosalt -K 676f73747665726966792d7363616e00 -iv 00000000000000000000000000000000 \
        -out "$O/scan.bin" 2>/dev/null
[[ $(stat -c %s "$O/scan.bin") -eq 1048576 ]] || die "scan.bin is not 1 MiB"
# tampered.xml: signed as invoice.xml's text, then the amount is changed.
cp "$O/invoice.xml" "$O/tampered.xml"

# ------------------------------------------------------------- manifest ---
MAN=$O/MANIFEST.tsv
printf 'signature\tcontent\tformat\tattached\tsigners\texpected_signature_check\texpected_subindication\tnote\n' >"$MAN"
man() { # man SIG CONTENT FORMAT ATTACHED SIGNERS CHECK SUBIND NOTE
    [[ -e $O/$1 ]] || die "manifest: $1 does not exist"
    [[ $2 == - || -e $O/$2 ]] || die "manifest: content $2 does not exist"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$MAN"
}

# --------------------------------------------------------- sign & verify ---
# `openssl cms -verify` in OpenSSL 3.0 has no -untrusted, and its -certfile
# certificates are only used to find the signer, not to build the chain; so the
# sub CA goes into the trust file next to the root (the chain is still checked
# up to the self-signed root: no -partial_chain).
CHAIN=(-CAfile "$P/chain.pem")
# sign OUT DOC SIGNER [extra openssl args]: detached DER CAdES-BES by default.
sign() {
    local out=$1 doc=$2 who=$3; shift 3
    ossl cms -sign -engine gost -binary -nosmimecap -md "${MD[$who]}" -signer "$P/$who.pem" \
        -inkey "$P/$who.key.pem" -in "$doc" -outform DER -out "$out" "$@"
}
# vok SIG INFORM DOC|- [extra args]: must verify ("-" = attached; the embedded
# content must then equal the file given by VOK_CONTENT if set).
vok() {
    local sig=$1 form=$2 doc=$3; shift 3
    local args=(cms -verify -engine gost -binary -inform "$form" -in "$sig" -purpose any -out "$WORK/vout")
    [[ $doc != - ]] && args+=(-content "$doc")
    if ! openssl "${args[@]}" "$@" >"$WORK/v.out" 2>"$WORK/v.err" ||
        ! grep -q "Verification successful" "$WORK/v.err"; then
        cat "$WORK/v.err" >&2
        die "$sig does not verify (openssl ${args[*]} $*)"
    fi
    if [[ $doc == - && -n ${VOK_CONTENT:-} ]]; then
        cmp -s "$WORK/vout" "$VOK_CONTENT" || die "$sig: embedded content differs from $VOK_CONTENT"
    fi
}
# vfail SIG INFORM DOC|- REGEX [extra args]: must NOT verify, with an error matching REGEX.
vfail() {
    local sig=$1 form=$2 doc=$3 re=$4; shift 4
    local args=(cms -verify -engine gost -binary -inform "$form" -in "$sig" -purpose any -out /dev/null)
    [[ $doc != - ]] && args+=(-content "$doc")
    if openssl "${args[@]}" "$@" >"$WORK/v.out" 2>"$WORK/v.err"; then
        die "$sig verifies but must not (openssl ${args[*]} $*)"
    fi
    grep -Eq "$re" "$WORK/v.err" || {
        cat "$WORK/v.err" >&2
        die "$sig fails, but not with /$re/"
    }
}
# has_ess FILE: whether the DER file has a signingCertificateV2 attribute.
has_ess() { openssl cms -cmsout -print -inform DER -in "$1" 2>/dev/null | grep -q signingCertificateV2; }

cd "$O"

# 1. detached DER, 2012-256, CAdES-BES (signingCertificateV2), signer cert inside
sign invoice.xml.sig invoice.xml signer_2012_256 -cades
vok invoice.xml.sig DER invoice.xml "${CHAIN[@]}" -cades
has_ess invoice.xml.sig || die "invoice.xml.sig: no signingCertificateV2"
man invoice.xml.sig invoice.xml DER no signer_2012_256 ok "" "CAdES-BES: contentType, signingTime, messageDigest, signingCertificateV2 (Streebog-256); signer certificate embedded"

# 4. encodings of #1: bare base64 (one line), CRLF lines, UTF-16LE text with BOM
base64 -w 0 invoice.xml.sig >invoice.xml.oneline.sgn
base64 -w 64 invoice.xml.sig | sed 's/$/\r/' >invoice.xml.crlf.sgn
to_utf16le() { # to_utf16le IN OUT: ASCII text -> UTF-16LE with BOM, in pure bash
    local s i chars=()
    IFS= read -r -d '' s <"$1" || true
    for ((i = 0; i < ${#s}; i++)); do chars+=("${s:i:1}"); done
    { printf '\xff\xfe'; printf '%s\0' "${chars[@]}"; } >"$2"
}
to_utf16le invoice.xml.crlf.sgn invoice.xml.utf16le.sgn
base64 -d invoice.xml.oneline.sgn | cmp -s - invoice.xml.sig || die "oneline base64 round trip"
tr -d '\r' <invoice.xml.crlf.sgn | base64 -d | cmp -s - invoice.xml.sig || die "CRLF base64 round trip"
[[ $(head -c 2 invoice.xml.utf16le.sgn | od -An -tx1 | tr -d ' ') == fffe ]] || die "UTF-16 BOM"
[[ $(stat -c %s invoice.xml.utf16le.sgn) -eq $((2 + 2 * $(stat -c %s invoice.xml.crlf.sgn))) ]] || die "UTF-16 size"
tail -c +3 invoice.xml.utf16le.sgn | tr -d '\000\r' | base64 -d | cmp -s - invoice.xml.sig || die "UTF-16 round trip"
grep -q $'\r' invoice.xml.oneline.sgn && die "oneline has CR"
man invoice.xml.oneline.sgn invoice.xml base64-oneline no signer_2012_256 ok "" "invoice.xml.sig as base64 on one line, no armour, no final newline"
man invoice.xml.crlf.sgn invoice.xml base64-crlf no signer_2012_256 ok "" "invoice.xml.sig as base64, 64-column lines ending in CRLF, no armour"
man invoice.xml.utf16le.sgn invoice.xml base64-utf16le no signer_2012_256 ok "" "invoice.xml.crlf.sgn re-encoded as UTF-16LE with BOM FF FE (Windows 'Unicode' text)"

# signed attributes without ESS signingCertificateV2 (plain CMS / PKCS#7 with attributes)
sign invoice.xml.noess.sig invoice.xml signer_2012_256
vok invoice.xml.noess.sig DER invoice.xml "${CHAIN[@]}"
has_ess invoice.xml.noess.sig && die "invoice.xml.noess.sig has signingCertificateV2"
man invoice.xml.noess.sig invoice.xml DER no signer_2012_256 ok "" "signed attributes contentType, signingTime, messageDigest only (no signingCertificateV2)"

# signer identified by subjectKeyIdentifier instead of issuerAndSerialNumber
sign invoice.xml.keyid.sig invoice.xml signer_2012_256 -cades -keyid
vok invoice.xml.keyid.sig DER invoice.xml "${CHAIN[@]}" -cades
cms_load invoice.xml.keyid.sig; si_load 0
[[ ${SI[0]} == 020103 && ${SI[1]:0:2} == 80 ]] || die "invoice.xml.keyid.sig: SignerInfo is not version 3 with a [0] subjectKeyIdentifier"
man invoice.xml.keyid.sig invoice.xml DER no signer_2012_256 ok "" "SignerInfo version 3, sid = [0] subjectKeyIdentifier (openssl cms -keyid) instead of issuerAndSerialNumber; CAdES-BES"

# 8. no certificates inside
sign invoice.xml.nocerts.sig invoice.xml signer_2012_256 -cades -nocerts
vfail invoice.xml.nocerts.sig DER invoice.xml "signer certificate not found" "${CHAIN[@]}"
vok invoice.xml.nocerts.sig DER invoice.xml "${CHAIN[@]}" -certfile "$P/signer_2012_256.pem" -cades
man invoice.xml.nocerts.sig invoice.xml DER no signer_2012_256 ok NO_SIGNING_CERTIFICATE_FOUND "no certificates in the SignedData: with --certs pki/sub.pem only the signer certificate is missing (NO_SIGNING_CERTIFICATE_FOUND); with --certs pki/signer_2012_256.pem added: valid"

# 9. no signed attributes
sign invoice.xml.noattr.sig invoice.xml signer_2012_256 -noattr
vok invoice.xml.noattr.sig DER invoice.xml "${CHAIN[@]}"
cms_load invoice.xml.noattr.sig; si_load 0
[[ $(si_index a0) == -1 ]] || die "invoice.xml.noattr.sig has signed attributes"
man invoice.xml.noattr.sig invoice.xml DER no signer_2012_256 ok "" "no signed attributes (-noattr): the signature is over the content itself; plain CMS, not CAdES"

# 7. two signers over one content (2012-256 + 2001); digest chosen per key by OpenSSL
ossl cms -sign -engine gost -binary -nosmimecap -cades \
    -signer "$P/signer_2012_256.pem" -inkey "$P/signer_2012_256.key.pem" \
    -signer "$P/signer_2001.pem" -inkey "$P/signer_2001.key.pem" \
    -in invoice.xml -outform DER -out invoice.xml.two_signers.sig
vok invoice.xml.two_signers.sig DER invoice.xml "${CHAIN[@]}" -cades
cms_load invoice.xml.two_signers.sig
((${#SIS[@]} == 2)) || die "two_signers: ${#SIS[@]} SignerInfos"
# SignerInfos is a SET OF, which OpenSSL sorts: list the signers in file order
# (told apart by their digestAlgorithm: GOST R 34.11-94 = 1.2.643.2.2.9).
order=()
for i in 0 1; do
    si_load "$i"
    if [[ ${SI[2]} == 300a06062a8503020209* ]]; then order+=(signer_2001); else order+=(signer_2012_256); fi
done
[[ ${order[0]} != "${order[1]}" ]] || die "two_signers: cannot tell the SignerInfos apart"
man invoice.xml.two_signers.sig invoice.xml DER no "${order[0]},${order[1]}" ok "" "two SignerInfos (GOST R 34.11-94 and Streebog-256; listed in file order), both CAdES-BES, both certificates embedded; both signatures valid"

# 11. flipped last byte of the signature value
cms_load invoice.xml.sig
si_load 0
k=$(si_sig_index)
sig=$(der_body "${SI[k]}")
last=${sig: -2}
SI[k]=$(tlv 04 "${sig:0:${#sig}-2}$(printf '%02x' $((16#$last ^ 0xff)))")
si_save 0
cms_save invoice.xml.badsig.sig
[[ $(cmp -l invoice.xml.sig invoice.xml.badsig.sig | wc -l) -eq 1 ]] || die "badsig: not exactly one byte changed"
# cross-check with asn1parse: the changed byte is the last byte of the last primitive OCTET STRING
sigoff=$(openssl asn1parse -inform DER -in invoice.xml.sig | grep 'prim: OCTET STRING' | tail -1 |
    sed -E 's/^ *([0-9]+):d=[0-9]+ +hl=([0-9]+) +l= *([0-9]+).*/\1 \2 \3/')
read -r off hl len <<<"$sigoff"
[[ $(cmp -l invoice.xml.sig invoice.xml.badsig.sig | awk '{print $1}') -eq $((off + hl + len)) ]] ||
    die "badsig: changed byte is not the last byte of the signature OCTET STRING"
vfail invoice.xml.badsig.sig DER invoice.xml "CMS_SignerInfo_verify:verification failure" "${CHAIN[@]}"
man invoice.xml.badsig.sig invoice.xml DER no signer_2012_256 SIG_CRYPTO_FAILURE SIG_CRYPTO_FAILURE "invoice.xml.sig with the last byte of the signature value XORed with 0xFF"

# 12. swapped signer certificate
cert256=$(cert_hex "$P/signer_2012_256.pem")
certtwin=$(cert_hex "$P/signer_twin.pem")
cert512=$(cert_hex "$P/signer_2012_512.pem")
swap_cert() { # swap_cert IN OUT NEWCERT_HEX
    cms_load "$1"
    certs_get
    [[ ${#KIDS[@]} -eq 1 && ${KIDS[0]} == "$cert256" ]] || die "swap_cert: $1 does not hold exactly signer_2012_256"
    certs_set "$3"
    cms_save "$2"
}
swap_cert invoice.xml.sig invoice.xml.swapped_twin.sig "$certtwin"
vfail invoice.xml.swapped_twin.sig DER invoice.xml "CMS_SignerInfo_verify:verification failure" "${CHAIN[@]}"
# OpenSSL checks the signature before the ESS attribute, so check the ESS hash here:
# it is the hash of signer_2012_256.pem, not of the twin now embedded.
hex2bin "$certtwin" "$WORK/twin.der"; hex2bin "$cert256" "$WORK/c256.der"
ess_hash=$(openssl cms -cmsout -print -inform DER -in invoice.xml.swapped_twin.sig 2>/dev/null |
    sed -n '/signingCertificateV2/,$p' | grep -m1 -A0 'OCTET STRING' | sed -E 's/.*HEX DUMP\]://' | tr 'A-F' 'a-f')
[[ $ess_hash == "$(digest_hex md_gost12_256 "$WORK/c256.der")" ]] || die "swapped_twin: ESS hash is not that of signer_2012_256 ($ess_hash)"
[[ $ess_hash != "$(digest_hex md_gost12_256 "$WORK/twin.der")" ]] || die "swapped_twin: ESS hash matches the twin"
man invoice.xml.swapped_twin.sig invoice.xml DER no signer_2012_256 SIG_CONSTRAINTS_FAILURE SIG_CONSTRAINTS_FAILURE "invoice.xml.sig with the embedded certificate replaced by pki/signer_twin.pem (same issuer+serial, other key): the signingCertificateV2 attribute references another certificate than the one the SignerInfo names, which this project reports as SIG_CONSTRAINTS_FAILURE (the issue's contract; EN 319 102-1 5.2.3 would call the signing certificate unidentified, NO_SIGNING_CERTIFICATE_FOUND, and OpenSSL says the signature fails)"
swap_cert invoice.xml.noess.sig invoice.xml.swapped_twin_noess.sig "$certtwin"
vfail invoice.xml.swapped_twin_noess.sig DER invoice.xml "CMS_SignerInfo_verify:verification failure" "${CHAIN[@]}"
man invoice.xml.swapped_twin_noess.sig invoice.xml DER no signer_2012_256 SIG_CRYPTO_FAILURE SIG_CRYPTO_FAILURE "invoice.xml.noess.sig with the embedded certificate replaced by pki/signer_twin.pem (same issuer+serial, other key); no signingCertificateV2, so the twin is taken as the signer and the signature does not verify with its key"
swap_cert invoice.xml.sig invoice.xml.swapped_other.sig "$cert512"
vfail invoice.xml.swapped_other.sig DER invoice.xml "signer certificate not found" "${CHAIN[@]}"
man invoice.xml.swapped_other.sig invoice.xml DER no signer_2012_256 NO_SIGNING_CERTIFICATE_FOUND NO_SIGNING_CERTIFICATE_FOUND "invoice.xml.sig with the embedded certificate replaced by pki/signer_2012_512.pem: no certificate matches the SignerInfo's issuerAndSerialNumber"

# 13a. expired signer: signed by OpenSSL, then signingTime moved back into the
# certificate's validity and the signed attributes re-signed with the same key.
sign invoice.xml.expired.sig invoice.xml signer_expired -cades
cms_load invoice.xml.expired.sig
si_load 0
a=$(si_index a0)
der_kids "$(der_body "${SI[a]}")"
attrs=()
found=0
for at in "${KIDS[@]}"; do
    if [[ ${at:4:${#OID_SIGNING_TIME}} == "$OID_SIGNING_TIME" ]]; then
        at=$(tlv 30 "$OID_SIGNING_TIME$(tlv 31 "$(utctime_tlv "$EXP_SIGNING_EPOCH")")")
        found=1
    fi
    attrs+=("$at")
done
((found)) || die "expired: no signingTime attribute"
set_hex=$(set_of "${attrs[@]}")
hex2bin "$(tlv 31 "$set_hex")" "$WORK/attrs.der"
ossl dgst -engine gost "-${MD[signer_expired]}" -sign "$P/signer_expired.key.pem" -out "$WORK/attrs.sig" "$WORK/attrs.der"
SI[a]=$(tlv a0 "$set_hex")
k=$(si_sig_index)
SI[k]=$(tlv 04 "$(hexof "$WORK/attrs.sig")")
si_save 0
cms_save invoice.xml.expired.sig
vok invoice.xml.expired.sig DER invoice.xml "${CHAIN[@]}" -cades -attime "$EXP_SIGNING_EPOCH"
vfail invoice.xml.expired.sig DER invoice.xml "expired" "${CHAIN[@]}"
vok invoice.xml.expired.sig DER invoice.xml -noverify
openssl cms -cmsout -print -inform DER -in invoice.xml.expired.sig 2>/dev/null |
    grep -q "UTCTIME:$(date -u -d "@$EXP_SIGNING_EPOCH" '+%b %e %H:%M:%S %Y') GMT" || die "expired: signingTime not patched"
man invoice.xml.expired.sig invoice.xml DER no signer_expired ok OUT_OF_BOUNDS_NO_POE "CAdES-BES by pki/signer_expired.pem; signingTime $(date -u -d "@$EXP_SIGNING_EPOCH" +%Y-%m-%dT%H:%M:%SZ) is inside its validity ($(iso "$EXP_NB") .. $(iso "$EXP_NA")), validation time is after notAfter and there is no proof of existence; valid when validated at the signing time"

# 13b. self-signed signer
sign invoice.xml.selfsigned.sig invoice.xml signer_selfsigned -cades
vok invoice.xml.selfsigned.sig DER invoice.xml -CAfile "$P/signer_selfsigned.pem" -cades
vfail invoice.xml.selfsigned.sig DER invoice.xml "self.signed|unable to get local issuer" "${CHAIN[@]}"
man invoice.xml.selfsigned.sig invoice.xml DER no signer_selfsigned ok NO_CERTIFICATE_CHAIN_FOUND "signer certificate is self-signed and not under pki/root.pem; with --roots pki/signer_selfsigned.pem: valid"

# 14. countersignature (hand-assembled: OpenSSL's cms tool cannot add one).
# signer_2012_512 countersigns signer_2012_256's SignerInfo of invoice.xml.sig:
# signed attributes signingTime, messageDigest (= Streebog-512 of the signature
# value octets), signingCertificateV2; no contentType (RFC 5652 11.4).
cs=signer_2012_512
sign "$WORK/cs_ref.sig" invoice.xml "$cs"        # OpenSSL's own AlgorithmIdentifiers for this signer
cms_load "$WORK/cs_ref.sig"; si_load 0
CS_DIGALG=${SI[2]} CS_SIGALG=${SI[$(($(si_sig_index) - 1))]}
cms_load invoice.xml.sig; si_load 0
k=$(si_sig_index)
hex2bin "$(der_body "${SI[k]}")" "$WORK/sigvalue.bin"
cs_cert=$(cert_hex "$P/$cs.pem")
hex2bin "$cs_cert" "$WORK/cs_cert.der"
cert_issuer_serial "$cs_cert"
ess=$(tlv 30 "$(tlv 30 "$(tlv 30 "$CS_DIGALG$(tlv 04 "$(digest_hex "${MD[$cs]}" "$WORK/cs_cert.der")")$(tlv 30 "$(tlv 30 "$(tlv a4 "$C_ISSUER")")$C_SERIAL")")")")
cs_attrs=$(set_of \
    "$(tlv 30 "$OID_SIGNING_TIME$(tlv 31 "$(utctime_tlv "$(date -u +%s)")")")" \
    "$(tlv 30 "$OID_MESSAGE_DIGEST$(tlv 31 "$(tlv 04 "$(digest_hex "${MD[$cs]}" "$WORK/sigvalue.bin")")")")" \
    "$(tlv 30 "$OID_SIGNING_CERT_V2$(tlv 31 "$ess")")")
hex2bin "$(tlv 31 "$cs_attrs")" "$WORK/cs_attrs.der"
ossl dgst -engine gost "-${MD[$cs]}" -sign "$P/$cs.key.pem" -out "$WORK/cs.sig" "$WORK/cs_attrs.der"
cs_si=$(tlv 30 "020101$(tlv 30 "$C_ISSUER$C_SERIAL")$CS_DIGALG$(tlv a0 "$cs_attrs")$CS_SIGALG$(tlv 04 "$(hexof "$WORK/cs.sig")")")
[[ $(si_index a1) == -1 ]] || die "countersign: SignerInfo already has unsigned attributes"
SI+=("$(tlv a1 "$(tlv 30 "$OID_COUNTERSIGNATURE$(tlv 31 "$cs_si")")")")
si_save 0
certs_get
certs_set "${KIDS[@]}" "$cs_cert"
cms_save invoice.xml.countersigned.sig
vok invoice.xml.countersigned.sig DER invoice.xml "${CHAIN[@]}" -cades
openssl cms -cmsout -print -inform DER -in invoice.xml.countersigned.sig >"$WORK/cs.txt" 2>/dev/null ||
    die "countersigned: OpenSSL cannot parse it"
grep -q "countersignature" "$WORK/cs.txt" || die "countersigned: no countersignature attribute"
# check the countersignature independently, from the bytes of the final file
cms_load invoice.xml.countersigned.sig; si_load 0
der_kids "$(der_body "${SI[$(si_index a1)]}")"       # unsigned attributes
der_kids "$(der_body "${KIDS[0]}")"                  # the countersignature attribute
[[ ${KIDS[0]} == "$OID_COUNTERSIGNATURE" ]] || die "countersigned: unexpected unsigned attribute"
der_kids "$(der_body "${KIDS[1]}")"                  # SET OF SignerInfo
der_kids "$(der_body "${KIDS[0]}")"                  # the countersignature SignerInfo
CSI=("${KIDS[@]}")
hex2bin "$(tlv 31 "$(der_body "${CSI[3]}")")" "$WORK/cs_attrs2.der"
hex2bin "$(der_body "${CSI[5]}")" "$WORK/cs2.sig"
ossl x509 -engine gost -in "$P/$cs.pem" -pubkey -noout -out "$WORK/cs_pub.pem"
openssl dgst -engine gost "-${MD[$cs]}" -verify "$WORK/cs_pub.pem" -signature "$WORK/cs2.sig" "$WORK/cs_attrs2.der" 2>/dev/null |
    grep -q "Verified OK" || die "countersignature does not verify"
hexof "$WORK/cs_attrs2.der" | grep -q "$(digest_hex "${MD[$cs]}" "$WORK/sigvalue.bin")" ||
    die "countersignature messageDigest is not the digest of the signature value"
hex2bin "$(tlv 31 "$(der_body "${CSI[3]}")")" "$WORK/x"; printf '\x00' >>"$WORK/x"
if openssl dgst -engine gost "-${MD[$cs]}" -verify "$WORK/cs_pub.pem" -signature "$WORK/cs2.sig" "$WORK/x" 2>/dev/null |
    grep -q "Verified OK"; then die "countersignature check is vacuous"; fi
man invoice.xml.countersigned.sig invoice.xml DER no signer_2012_256 ok "" "countersigned by signer_2012_512: invoice.xml.sig plus an unsigned countersignature attribute (1.2.840.113549.1.9.6) by pki/signer_2012_512.pem over the signature value; countersignature signed attributes: signingTime, messageDigest, signingCertificateV2 (no contentType); its certificate is added to the SignedData; both valid"

# 10. tampered content: signed, then the document changed
sign tampered.xml.sig tampered.xml signer_2012_256 -cades
vok tampered.xml.sig DER tampered.xml "${CHAIN[@]}"
sed -i 's/1000\.00/9000.00/g' tampered.xml
cmp -s tampered.xml invoice.xml && die "tampered.xml was not changed"
vfail tampered.xml.sig DER tampered.xml "CMS_SignerInfo_verify_content:verification failure" "${CHAIN[@]}"
man tampered.xml.sig tampered.xml DER no signer_2012_256 HASH_FAILURE HASH_FAILURE "tampered.xml was changed after signing (1000.00 -> 9000.00); messageDigest does not match; over invoice.xml it verifies"

# 2. detached PEM, 2012-512
sign letter.txt.p7s letter.txt signer_2012_512 -cades -outform PEM
head -1 letter.txt.p7s | grep -q -- '-----BEGIN CMS-----' || die "letter.txt.p7s is not PEM CMS"
vok letter.txt.p7s PEM letter.txt "${CHAIN[@]}" -cades
man letter.txt.p7s letter.txt PEM no signer_2012_512 ok "" "PEM with -----BEGIN CMS----- armour (openssl cms -outform PEM); CAdES-BES, Streebog-512"
# the same DER under the PKCS7 label (what `openssl smime`/many tools write)
{ echo "-----BEGIN PKCS7-----"; sed '1d;$d' letter.txt.p7s; echo "-----END PKCS7-----"; } >letter.txt.pkcs7.p7s
vok letter.txt.pkcs7.p7s PEM letter.txt "${CHAIN[@]}" -cades
man letter.txt.pkcs7.p7s letter.txt PEM no signer_2012_512 ok "" "letter.txt.p7s with -----BEGIN PKCS7----- armour instead of CMS"

# 3. detached bare base64 with line breaks (CryptoPro style), 2001
sign "$WORK/report.der" report.txt signer_2001 -cades
base64 -w 64 "$WORK/report.der" >report.txt.sgn
base64 -d report.txt.sgn >"$WORK/report2.der"
vok "$WORK/report2.der" DER report.txt "${CHAIN[@]}" -cades
man report.txt.sgn report.txt base64 no signer_2001 ok "" "bare base64 (64-column lines, LF), no PEM armour; GOST R 34.10-2001 / GOST R 34.11-94; CAdES-BES"

# 1 MiB binary document, 2012-512
sign scan.bin.sig scan.bin signer_2012_512 -cades
vok scan.bin.sig DER scan.bin "${CHAIN[@]}" -cades
man scan.bin.sig scan.bin DER no signer_2012_512 ok "" "1 MiB binary document (deterministic AES-CTR keystream); CAdES-BES, Streebog-512"

# 5. attached DER, one per algorithm
for who in signer_2001 signer_2012_256 signer_2012_512; do
    f=contract.txt.attached_${who#signer_}.sig
    extra=()
    [[ $who == signer_2012_512 ]] && extra=(-certfile "$P/sub.pem")
    sign "$f" contract.txt "$who" -cades -nodetach "${extra[@]}"
    VOK_CONTENT=contract.txt vok "$f" DER - "${CHAIN[@]}" -cades
    note="attached (encapsulated) content = contract.txt; CAdES-BES"
    [[ $who == signer_2012_512 ]] && note+="; the sub CA certificate is embedded too"
    man "$f" contract.txt DER yes "$who" ok "" "$note"
done

# 6. BER with indefinite lengths (openssl cms -stream)
sign long.txt.ber_attached.sig long.txt signer_2012_256 -cades -nodetach -stream
# `-stream` without -nodetach still embeds the content in DER/BER output (OpenSSL
# 3.0), so the detached BER file is the attached one with the eContent [0] cut
# out: all enclosing lengths are indefinite, so nothing else has to change.
asn1=$(openssl asn1parse -inform DER -in long.txt.ber_attached.sig 2>/dev/null) || die "asn1parse long.txt.ber_attached.sig"
ec_start=$(sed -n 's/^ *\([0-9]*\):d=4 *hl=2 l=inf *cons: cont \[ 0 \].*/\1/p' <<<"$asn1" | head -1)
last_chunk=$(grep -E '^ *[0-9]+:d=6 .*prim: OCTET STRING' <<<"$asn1" | tail -1 |
    sed -E 's/^ *([0-9]+):d=6 +hl=([0-9]+) +l= *([0-9]+).*/\1 \2 \3/')
read -r off hl len <<<"$last_chunk"
ec_end=$((off + hl + len + 4))    # + EOC of the constructed OCTET STRING + EOC of [0]
[[ -n $ec_start && $(tail -c +$((ec_end - 3)) long.txt.ber_attached.sig | head -c 6 | od -An -tx1 | tr -d ' ') == 000000000000 ]] ||
    die "long.txt.ber_attached.sig: unexpected eContent layout"
{ head -c "$ec_start" long.txt.ber_attached.sig; tail -c +$((ec_end + 1)) long.txt.ber_attached.sig; } >long.txt.ber_detached.sig
if openssl cms -verify -engine gost -binary -inform DER -in long.txt.ber_detached.sig -noverify -out /dev/null >/dev/null 2>&1; then
    die "long.txt.ber_detached.sig verifies without content: it is not detached"
fi
for f in long.txt.ber_attached.sig long.txt.ber_detached.sig; do
    [[ $(head -c 2 "$f" | od -An -tx1 | tr -d ' ') == 3080 ]] || die "$f does not start with an indefinite length"
done
openssl asn1parse -inform DER -in long.txt.ber_attached.sig 2>/dev/null | grep -c 'prim: OCTET STRING' >"$WORK/n"
(($(cat "$WORK/n") >= 3)) || die "long.txt.ber_attached.sig: content is not split into OCTET STRING chunks"
VOK_CONTENT=long.txt vok long.txt.ber_attached.sig DER - "${CHAIN[@]}" -cades
vok long.txt.ber_detached.sig DER long.txt "${CHAIN[@]}" -cades
man long.txt.ber_attached.sig long.txt BER yes signer_2012_256 ok "" "BER from openssl cms -stream -nodetach: indefinite lengths, content as a constructed OCTET STRING in chunks; CAdES-BES"
man long.txt.ber_detached.sig long.txt BER no signer_2012_256 ok "" "long.txt.ber_attached.sig with the eContent cut out (detached BER, indefinite lengths, like CryptoPro's); CAdES-BES"

# 15. inputs that are not signatures
: >bad_empty.sig
head -c 1024 /dev/zero |
    openssl enc -aes-128-ctr -nosalt -K 676f73747665726966792d72616e6400 -iv 00000000000000000000000000000000 \
        -out bad_random.sig 2>/dev/null
[[ $(stat -c %s bad_random.sig) -eq 1024 ]] || die "bad_random.sig size"
head -c $(($(stat -c %s invoice.xml.sig) / 2)) invoice.xml.sig >bad_truncated.sig
cp "$P/signer_2012_256.pem" bad_certificate.sig
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n' >bad_pdf.sig
for f in bad_empty.sig bad_random.sig bad_truncated.sig bad_certificate.sig bad_pdf.sig; do
    for form in DER PEM; do
        if openssl cms -cmsout -engine gost -inform "$form" -in "$f" -out /dev/null >/dev/null 2>&1; then
            die "$f parses as a CMS ($form)"
        fi
    done
done
man bad_empty.sig - empty - - FORMAT_FAILURE FORMAT_FAILURE "empty file"
man bad_random.sig - random - - FORMAT_FAILURE FORMAT_FAILURE "1024 pseudo-random bytes (deterministic AES-CTR keystream)"
man bad_truncated.sig invoice.xml DER-truncated no signer_2012_256 FORMAT_FAILURE FORMAT_FAILURE "the first half of invoice.xml.sig"
man bad_certificate.sig - PEM-certificate - - FORMAT_FAILURE FORMAT_FAILURE "a PEM certificate (pki/signer_2012_256.pem), not a signature"
man bad_pdf.sig - PDF - - FORMAT_FAILURE FORMAT_FAILURE "a minimal PDF-like file starting with %PDF-1.4 (a PAdES-less PDF, not CMS)"

# ------------------------------------------------------------ finishing ---
# every signature file in the directory has exactly one manifest line
for f in *.sig *.p7s *.sgn; do
    [[ $(cut -f1 "$MAN" | grep -cxF "$f") -eq 1 ]] || die "$f: not exactly one manifest line"
done
chmod 644 "$P"/*.pem   # test fixtures, not secrets
cd "$OUTDIR"
cp -f "$O"/*.* "$OUTDIR/"
cp -f "$P"/* "$OUTDIR/pki/"
echo "gen.sh: $(($(wc -l <"$MAN") - 1)) signature files; all checks passed"
echo "gen.sh: done; total size: $(du -sh "$OUTDIR" | cut -f1) ($(du -sb "$OUTDIR" | cut -f1) bytes)"
