#!/usr/bin/env bash
# gen.sh - make the certificates package qualified's tests read: a test CA
# and end-entity certificates in the form of Russian qualified certificates
# (Приказ ФСБ № 795), each with one or more departures from it, issued by
# OpenSSL 3.0 + gost-engine and checked by OpenSSL before they are kept.
#
# Requirements (Debian 12, no network): apt-get install openssl libengine-gost-openssl
# Uses bash, coreutils, grep, sed and openssl only.
#
# Usage:
#     qualified/testdata/gen.sh [OUTDIR]    # OUTDIR defaults to this script's directory
#     KEEP=1 qualified/testdata/gen.sh /tmp/x  # keep the keys and requests (debugging)
#
# Output: OUTDIR/certs/NAME.pem for each certificate below (keys are new on
# every run and are not kept; subjects, extensions and dates are fixed).
# README.md says what each certificate is for and what the checks must say.
#
# Registration numbers are computed here with their check digits (FNS and
# ПФР algorithms written again in bash, independently of the Go code), and
# a few deliberately broken.
#
# Self-checks (the script stops with a message if one fails):
#   * every certificate verifies with `openssl verify -engine gost` against
#     certs/ca.pem at a time inside its validity;
#   * its subject comes out of `openssl ca` exactly as requested;
#   * what each certificate is for is visible to OpenSSL: the string type of
#     the registration numbers (asn1parse), the extensions present or absent
#     (x509 -text), the validity dates.
set -euo pipefail
export LC_ALL=C

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE}
mkdir -p "$OUT/certs"
OUT=$(cd "$OUT" && pwd)

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qualified.XXXXXX")
if [[ -n ${KEEP:-} ]]; then
    echo "gen.sh: keeping the work directory $WORK (keys, requests)" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi

# ------------------------------------------------- registration numbers ---
# digits of $1 as an array in D.
digits() { local s=$1 i; D=(); for ((i = 0; i < ${#s}; i++)); do D+=("${s:i:1}"); done; }
# weighted PREFIX W...: sum of digit*weight modulo 11 modulo 10.
weighted() {
    local p=$1 s=0 i; shift
    local w=("$@")
    digits "$p"
    for ((i = 0; i < ${#w[@]}; i++)); do s=$((s + D[i] * w[i])); done
    echo $((s % 11 % 10))
}
# inn10 NINE_DIGITS, inn12 TEN_DIGITS: the INN with its check digit(s).
inn10() { echo "$1$(weighted "$1" 2 4 10 3 5 9 4 6 8)"; }
inn12() {
    local a b
    a=$(weighted "$1" 7 2 4 10 3 5 9 4 6 8)
    b=$(weighted "$1$a" 3 7 2 4 10 3 5 9 4 6 8)
    echo "$1$a$b"
}
# ogrn TWELVE_DIGITS, ogrnip FOURTEEN_DIGITS: the number mod 11 (13), mod 10.
ogrn() { echo "$1$((10#$1 % 11 % 10))"; }
ogrnip() { echo "$1$((10#$1 % 13 % 10))"; }
# snils NINE_DIGITS: sum of digit * (9 - position), mod 101, 100 -> 00.
snils() {
    local s=0 i
    digits "$1"
    for ((i = 0; i < 9; i++)); do s=$((s + D[i] * (9 - i))); done
    printf '%s%02d\n' "$1" $((s % 101 % 100))
}
# broken NUMBER: the same number with its last digit changed.
broken() { local n=$1; echo "${n:0:${#n}-1}$(((${n: -1} + 1) % 10))"; }

# Known values, so that the bash arithmetic is checked too (the first from
# the FNS's own certificates, the others from testdata/gost-corpus).
[[ $(inn10 770732915) == 7707329152 && $(ogrn 104770703051) == 1047707030513 &&
    $(inn12 5010005304) == 501000530476 && $(snils 002810264) == 00281026489 &&
    $(snils 143389964) == 14338996498 ]] || die "the check digit arithmetic is wrong"

CA_INNLE=$(inn10 770000001)      CA_OGRN=$(ogrn 102770000001)
UL_INNLE=$(inn10 165501234)      UL_OGRN=$(ogrn 116169005432)
PERSON_INN=$(inn12 1655123456)   PERSON_SNILS=$(snils 987654321)
IP_INN=$(inn12 7812345678)       IP_OGRNIP=$(ogrnip 30478000012345) IP_SNILS=$(snils 123456789)
FL_INN=$(inn12 5401987654)       FL_SNILS=$(snils 444555666)

# ------------------------------------------------------------------ config ---
# INNLE (1.2.643.100.4) is unknown to OpenSSL 3.0: declare it when needed.
# The string table makes INNLE and OGRNIP NumericStrings (OpenSSL already
# writes INN, SNILS and OGRN so); utf8.cnf below writes INN as a UTF8String.
conf() { # STRING_TABLE_EXTRA
    echo "openssl_conf = openssl_init"
    echo "[openssl_init]"
    openssl asn1parse -genstr OID:INNLE >/dev/null 2>&1 || echo "oid_section = new_oids"
    echo "stbl_section = string_table"
    echo "[new_oids]"
    echo "INNLE = 1.2.643.100.4"
    echo "[string_table]"
    echo "INNLE  = min:10,max:10,mask:NUMERICSTRING,flags:nomask"
    echo "OGRNIP = min:15,max:15,mask:NUMERICSTRING,flags:nomask"
    echo "$1"
    cat <<'EOF'
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
default_md     = md_gost12_256
[policy_any]
commonName = supplied

# The test CA: what the qualified certificate of an accredited CA carries.
[ext_ca]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:ПАКМ «КриптоПро HSM» версии 2.0 (тест)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:0

# A CA certificate of 2019 without issuerSignTool, keyCertSign or
# identificationKind.
[ext_ca_poor]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, digitalSignature, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
certificatePolicies    = 1.2.643.100.113.1
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:\"КриптоПро CSP\" (версия 4.0)

[ist]
signTool     = FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0 КС2)
cATool       = FORMAT:UTF8,UTF8String:ПАК \"КриптоПро УЦ\" (версия 2.0)
signToolCert = FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/124-3966 от 15.01.2021
cAToolCert   = FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/128-3868 от 23.07.2020

# An end-entity certificate in the full form.
[ext_ee]
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
extendedKeyUsage       = emailProtection, clientAuth
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:1

# ... with a private key usage period
[ext_ee_pkup]
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:1
2.5.29.16              = ASN1:SEQUENCE:pkup_ul
[pkup_ul]
notBefore = IMPLICIT:0,GENTIME:20240301000000Z
notAfter  = IMPLICIT:1,GENTIME:20250601000000Z

# ... with a period whose notBefore has a fraction of a second (DER allows
# it; the Минцифры root of 2025 writes one)
[ext_ee_pkup_frac]
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
certificatePolicies    = 1.2.643.100.113.1
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:2
2.5.29.16              = ASN1:SEQUENCE:pkup_frac
[pkup_frac]
notBefore = IMPLICIT:0,GENTIME:20240115000000.25Z
notAfter  = IMPLICIT:1,GENTIME:20250415000000Z

# ... as issued before Приказ ФСБ № 31 (no identificationKind)
[ext_ee_old]
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 4.0)
1.2.643.100.112        = ASN1:SEQUENCE:ist

# ... without any of the Russian extensions
[ext_ee_bare]
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# ... with each of them malformed: subjectSignTool a PrintableString,
# issuerSignTool of three strings, only anyPolicy, keyUsage without
# digitalSignature, identificationKind 5, the key usage period in UTCTime.
[ext_ee_bad]
keyUsage               = critical, keyEncipherment, dataEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
certificatePolicies    = 2.5.29.32.0
1.2.643.100.111        = ASN1:PRINTABLESTRING:CryptoPro CSP 5.0
1.2.643.100.112        = ASN1:SEQUENCE:ist3
1.2.643.100.114        = ASN1:INTEGER:5
2.5.29.16              = ASN1:SEQUENCE:pkup_utc
[ist3]
signTool     = FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
cATool       = FORMAT:UTF8,UTF8String:ПАК \"КриптоПро УЦ\" (версия 2.0)
signToolCert = FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/124-3966 от 15.01.2021
[pkup_utc]
notBefore = IMPLICIT:0,UTCTIME:240301000000Z
notAfter  = IMPLICIT:1,UTCTIME:250601000000Z
EOF
}
conf "" >"$WORK/openssl.cnf"
conf "INN = min:12,max:12,mask:UTF8STRING,flags:nomask" >"$WORK/utf8.cnf"

# ------------------------------------------------------------ the certificates ---
# name|key algorithm|issuer (self or ca)|extensions|notBefore|notAfter|config|subject
CA_SUBJ="/CN=Тестовый УЦ qualified/O=gostverify (тестовые данные)/C=RU/L=г. Москва/INNLE=$CA_INNLE/OGRN=$CA_OGRN"
UL="/O=ООО «Лютик-Тест»/C=RU/L=г. Казань"
PERSON="/SN=Петров/GN=Пётр Петрович/title=Директор"
CERTS=(
    "ca|gost2012_256|self|ext_ca|20170101000000Z|20400101000000Z|openssl|$CA_SUBJ"
    "ca_poor|gost2012_256|ca|ext_ca_poor|20190601000000Z|20340601000000Z|openssl|/CN=УЦ без issuerSignTool/O=gostverify (тестовые данные)/C=RU/OGRN=$(ogrn 102770000002)/INN=00$(inn10 770000002)"
    "ul_ok|gost2012_256|ca|ext_ee_pkup|20240301000000Z|20250601000000Z|openssl|/CN=ООО «Лютик-Тест»$UL$PERSON/INNLE=$UL_INNLE/OGRN=$UL_OGRN/INN=$PERSON_INN/SNILS=$PERSON_SNILS"
    "ul_no_inn|gost2012_256|ca|ext_ee|20230501000000Z|20240801000000Z|openssl|/CN=ООО «Лютик-Тест»$UL$PERSON/INNLE=$UL_INNLE/OGRN=$UL_OGRN/SNILS=$PERSON_SNILS"
    "ul_no_person|gost2012_256|ca|ext_ee|20230501000000Z|20240801000000Z|openssl|/CN=ООО «Лютик-Тест»$UL/INNLE=$UL_INNLE/OGRN=$UL_OGRN"
    "ul_cn_person|gost2012_256|ca|ext_ee|20230501000000Z|20240801000000Z|openssl|/CN=Петров Пётр Петрович$UL$PERSON/INNLE=$UL_INNLE/OGRN=$UL_OGRN/INN=$PERSON_INN/SNILS=$PERSON_SNILS"
    "ul_legacy_2020|gost2012_256|ca|ext_ee_old|20200601000000Z|20210601000000Z|openssl|/CN=ООО «Лютик-Тест»$UL$PERSON/OGRN=$UL_OGRN/INN=00$UL_INNLE/SNILS=$PERSON_SNILS"
    "ul_legacy_2023|gost2012_256|ca|ext_ee|20230501000000Z|20240801000000Z|openssl|/CN=ООО «Лютик-Тест»$UL$PERSON/OGRN=$UL_OGRN/INN=00$UL_INNLE/SNILS=$PERSON_SNILS"
    "ip_ok|gost2012_256|ca|ext_ee|20240115000000Z|20250415000000Z|openssl|/CN=Индивидуальный предприниматель Сидорова Анна Павловна/SN=Сидорова/GN=Анна Павловна/C=RU/L=г. Санкт-Петербург/OGRNIP=$IP_OGRNIP/INN=$IP_INN/SNILS=$IP_SNILS"
    "fl_ok|gost2012_256|ca|ext_ee_pkup_frac|20240115000000Z|20250415000000Z|openssl|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/L=г. Новосибирск/INN=$FL_INN/SNILS=$FL_SNILS"
    "fl_bad_numbers|gost2012_256|ca|ext_ee|20240115000000Z|20250415000000Z|openssl|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/INN=$(broken "$FL_INN")/SNILS=$(broken "$FL_SNILS")"
    "fl_utf8_inn|gost2012_256|ca|ext_ee|20240115000000Z|20250415000000Z|utf8|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/INN=$FL_INN/SNILS=00100199877"
    "fl_no_inn|gost2012_256|ca|ext_ee|20240115000000Z|20250415000000Z|openssl|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/SNILS=$FL_SNILS"
    "kind_conflict|gost2012_256|ca|ext_ee|20240115000000Z|20250415000000Z|openssl|/CN=ООО «Лютик-Тест»$UL/OGRN=$UL_OGRN/OGRNIP=$IP_OGRNIP/INNLE=$UL_INNLE"
    "no_tools|gost2012_256|ca|ext_ee_bare|20240115000000Z|20250415000000Z|openssl|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/INN=$FL_INN/SNILS=$FL_SNILS"
    "bad_tools|gost2012_256|ca|ext_ee_bad|20240115000000Z|20250415000000Z|openssl|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/INN=$FL_INN/SNILS=$FL_SNILS"
    "gost2001_2018|gost2001|ca|ext_ee_old|20180601000000Z|20190601000000Z|openssl|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/INN=$FL_INN/SNILS=$FL_SNILS"
    "gost2001_2019|gost2001|ca|ext_ee_old|20190201000000Z|20200201000000Z|openssl|/CN=Кузнецов Алексей Николаевич/SN=Кузнецов/GN=Алексей Николаевич/C=RU/INN=$FL_INN/SNILS=$FL_SNILS"
)

ossl() { # CONFIG ARGS...: run openssl with a config, quiet unless it fails
    local cnf=$1; shift
    OPENSSL_CONF=$WORK/$cnf.cnf openssl "$@" >"$WORK/ossl.out" 2>"$WORK/ossl.err" ||
        { cat "$WORK/ossl.err" >&2; die "openssl $* failed"; }
}
utc() { echo "${1:2}"; } # `openssl ca -startdate` wants UTCTime: drop the century

export CA_DIR=$WORK/db
mkdir -p "$WORK/db/new"
: >"$WORK/db/index.txt"
for entry in "${CERTS[@]}"; do
    IFS='|' read -r name alg issuer ext nb na cnf subj <<<"$entry"
    key=$WORK/$name.key csr=$WORK/$name.csr pem=$WORK/$name.pem
    ossl openssl genpkey -engine gost -algorithm "$alg" -pkeyopt paramset:A -out "$key"
    md=md_gost12_256
    [[ $alg == gost2001 ]] && md=md_gost94 # a 2001 key signs its request with GOST R 34.11-94
    ossl "$cnf" req -new -engine gost -key "$key" "-$md" -utf8 -subj "$subj" -out "$csr"
    ! grep -q "skipped" "$WORK/ossl.err" || { cat "$WORK/ossl.err" >&2; die "$name: an attribute of the subject was skipped"; }
    args=(ca -engine gost -batch -notext -rand_serial -preserveDN -in "$csr" -out "$pem"
        -extensions "$ext" -startdate "$(utc "$nb")" -enddate "$(utc "$na")")
    if [[ $issuer == self ]]; then
        args+=(-selfsign -keyfile "$key")
    else
        args+=(-cert "$WORK/$issuer.pem" -keyfile "$WORK/$issuer.key")
    fi
    CA_DIR=$WORK/db ossl "$cnf" "${args[@]}"
    ossl openssl x509 -in "$pem" -out "$pem"
    [[ $(openssl req -in "$csr" -noout -subject -nameopt RFC2253 2>/dev/null) == \
        "$(openssl x509 -in "$pem" -noout -subject -nameopt RFC2253 2>/dev/null)" ]] ||
        die "$name: the certificate's subject differs from the request's"
    # verifies against the CA a day after its notBefore
    at=$(date -u -d "${nb:0:4}-${nb:4:2}-${nb:6:2} + 1 day" +%s)
    OPENSSL_CONF=$WORK/openssl.cnf openssl verify -engine gost -CAfile "$WORK/ca.pem" -attime "$at" "$pem" \
        >"$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    grep -q "^$pem: OK$" "$WORK/verify.out" || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    [[ $(openssl x509 -in "$pem" -noout -startdate -dateopt iso_8601) == \
        "notBefore=${nb:0:4}-${nb:4:2}-${nb:6:2} 00:00:00Z" ]] || die "$name: wrong notBefore"
done

# ---------------------------------------------------- what OpenSSL sees ---
text() { OPENSSL_CONF=$WORK/openssl.cnf openssl x509 -in "$WORK/$1.pem" -noout -text 2>/dev/null; }
asn1() { openssl asn1parse -in "$WORK/$1.pem" 2>/dev/null; }
has() { text "$1" | grep -q -- "$2" || die "$1: OpenSSL does not show $2"; }
hasnt() { ! text "$1" | grep -q -- "$2" || die "$1: OpenSSL shows $2"; }
# number NAME ATTRIBUTE TYPE VALUE: the attribute is written as TYPE with VALUE
number() {
    asn1 "$1" | grep -A1 -E "OBJECT +:$2\$" | grep -qE "prim: $3 +:$4\$" ||
        die "$1: $2 is not a $3 $4"
}
for n in ca ul_ok ul_no_inn ul_no_person ul_cn_person ul_legacy_2023 ip_ok fl_ok fl_bad_numbers fl_utf8_inn fl_no_inn kind_conflict; do
    has "$n" "Signing Tool of Subject"
    has "$n" "Signing Tool of Issuer"
    has "$n" "Class of Signing Tool KC1"
done
number ul_ok INN NUMERICSTRING "$PERSON_INN"
number ul_ok SNILS NUMERICSTRING "$PERSON_SNILS"
number ul_ok OGRN NUMERICSTRING "$UL_OGRN"
number ul_ok "(INNLE|1.2.643.100.4)" NUMERICSTRING "$UL_INNLE"
number ip_ok OGRNIP NUMERICSTRING "$IP_OGRNIP"
number fl_utf8_inn INN UTF8STRING "$FL_INN"
number fl_utf8_inn SNILS NUMERICSTRING 00100199877
number fl_bad_numbers INN NUMERICSTRING "$(broken "$FL_INN")"
number ul_legacy_2023 INN NUMERICSTRING "00$UL_INNLE"
has ul_ok "Private Key Usage Period"
has ul_ok "Not Before: Mar  1 00:00:00 2024 GMT, Not After: Jun  1 00:00:00 2025 GMT"
has fl_ok "Not Before: Jan 15 00:00:00.25 2024 GMT"
has ul_legacy_2020 "Signing Tool of Issuer"
hasnt ul_legacy_2020 "1.2.643.100.114"
hasnt ca_poor "Signing Tool of Issuer"
hasnt ca_poor "Certificate Sign"
for ext in "Signing Tool of Subject" "Signing Tool of Issuer" "Certificate Policies" "1.2.643.100.114"; do
    hasnt no_tools "$ext"
done
has bad_tools "Key Encipherment, Data Encipherment"
has bad_tools "X509v3 Any Policy"
# OpenSSL cannot read bad_tools' subjectSignTool, issuerSignTool and key
# usage period either: it dumps the first two raw and calls the times bad.
ext() { OPENSSL_CONF=$WORK/openssl.cnf openssl x509 -in "$WORK/$1.pem" -noout -ext "$2" 2>/dev/null; }
ext bad_tools subjectSignTool | grep -qx '    \.\.CryptoPro CSP 5\.0' || die "bad_tools: OpenSSL reads its subjectSignTool"
ext bad_tools issuerSignTool | grep -q 'signTool *:' && die "bad_tools: OpenSSL reads its issuerSignTool"
ext bad_tools privateKeyUsagePeriod | grep -q 'Not Before: Bad time value, Not After: Bad time value' ||
    die "bad_tools: OpenSSL reads its private key usage period"
ext ul_ok issuerSignTool | grep -q 'cAToolCert  : Сертификат соответствия № СФ/128-3868 от 23.07.2020' ||
    die "ul_ok: OpenSSL does not read its issuerSignTool"
for n in gost2001_2018 gost2001_2019; do
    has "$n" "Public Key Algorithm: GOST R 34.10-2001"
done

rm -f "$OUT"/certs/*.pem
for entry in "${CERTS[@]}"; do
    name=${entry%%|*}
    cp "$WORK/$name.pem" "$OUT/certs/$name.pem"
done
echo "gen.sh: $(openssl version): ${#CERTS[@]} certificates in $OUT/certs"
