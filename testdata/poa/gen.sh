#!/usr/bin/env bash
# gen.sh - make the fixtures of the machine-readable power of attorney (МЧД,
#          format 003, ВерсФорм="EMCHD_1") tests: a small PKI in the form
#          Приказ ФСБ № 795 prescribes (an organisation's director, an
#          employee with a personal certificate, a stranger), a document
#          signed by the employee and by the director, МЧД files of the
#          director's organisation for the employee with detached CAdES-BES
#          signatures, copies of the valid МЧД each lacking one required
#          element or attribute, and an EDO-export-like folder and zip.
#
# Requirements (Debian 12):
#     apt-get install openssl libengine-gost-openssl libxml2-utils faketime zip
# Uses bash, coreutils, sed, awk, grep, openssl, xmllint, faketime and zip;
# no Go and nothing of this repository, so that a bug in the code under test
# cannot hide in the fixtures.
#
# Usage:
#     testdata/poa/gen.sh [OUTDIR]        # OUTDIR defaults to this directory
#     KEEP=1 testdata/poa/gen.sh /tmp/x   # keep the work directory
#
# Every run makes new keys, serial numbers and signatures; names, dates,
# GUIDs, the signing times and the МЧД contents are fixed (README.md).
#
# Who does what:
#   * certificates: `openssl genpkey`, `req` and `ca` (fixed dates), in the
#     OpenSSL settings of testdata/qualified/gen.sh (ext_ca, ext_subca,
#     ext_ee); registration numbers with their check digits computed here in
#     bash; an empty CRL of the issuing CA by `openssl ca -gencrl`;
#   * signatures: `openssl cms -sign -cades -binary` (detached, DER), under
#     faketime with a stopped clock, so that signingTime is the date below;
#   * МЧД: written here as text; checked by `xmllint --schema` against the
#     official XSD ON_EMCHD_1_928_00_01_01_01.xsd kept beside this script.
# Self-checks (the script stops if one fails): every certificate verifies
# with `openssl verify` up to root.pem and is not on the CRL; every signature
# verifies with `openssl cms -verify -cades -purpose any` at an hour after its
# signing time, does not verify over other bytes, and has the intended
# signingTime; the broken МЧД signature does not verify; every МЧД meant to
# be valid passes the XSD, is named ИдФайл.xml and ИдФайл ends with НомДовер;
# the principal, its director and the representative in the МЧД are the ones
# in the certificates (or differ where they are meant to); every file in
# malformed/ is rejected by the XSD with an error naming what it lacks, and
# every file in incomplete/ is accepted by it.
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
XSD=$HERE/ON_EMCHD_1_928_00_01_01_01.xsd

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
command -v xmllint >/dev/null || die "xmllint not found (apt-get install libxml2-utils)"
command -v faketime >/dev/null || die "faketime not found (apt-get install faketime)"
command -v zip >/dev/null || die "zip not found (apt-get install zip)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"
[[ -f $XSD ]] || die "$XSD not found"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/poafx.XXXXXX")
if [[ -n ${KEEP:-} ]]; then
    echo "gen.sh: keeping the work directory $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi
O=$WORK/out
mkdir -p "$O/pki" "$O/malformed" "$O/incomplete" "$O/edo"

# ------------------------------------------------- registration numbers ---
# The FNS check digits of INN (10 and 12 digits) and OGRN, and the ПФР check
# digits of SNILS, as in testdata/qualified/gen.sh.
digits() { local s=$1 i; D=(); for ((i = 0; i < ${#s}; i++)); do D+=("${s:i:1}"); done; }
weighted() {
    local p=$1 s=0 i; shift
    local w=("$@")
    digits "$p"
    for ((i = 0; i < ${#w[@]}; i++)); do s=$((s + D[i] * w[i])); done
    echo $((s % 11 % 10))
}
inn10() { echo "$1$(weighted "$1" 2 4 10 3 5 9 4 6 8)"; }
inn12() {
    local a b
    a=$(weighted "$1" 7 2 4 10 3 5 9 4 6 8)
    b=$(weighted "$1$a" 3 7 2 4 10 3 5 9 4 6 8)
    echo "$1$a$b"
}
ogrn() { echo "$1$((10#$1 % 11 % 10))"; }
snils() {
    local s=0 i
    digits "$1"
    for ((i = 0; i < 9; i++)); do s=$((s + D[i] * (9 - i))); done
    printf '%s%02d\n' "$1" $((s % 101 % 100))
}
# SNILS as the МЧД writes it: XXX-XXX-XXX YY.
snils_fmt() { echo "${1:0:3}-${1:3:3}-${1:6:3} ${1:9:2}"; }
[[ $(inn10 770732915) == 7707329152 && $(ogrn 104770703051) == 1047707030513 &&
    $(inn12 5010005304) == 501000530476 && $(snils 002810264) == 00281026489 ]] ||
    die "the check digit arithmetic is wrong"

ROOT_INNLE=$(inn10 770000005)    ROOT_OGRN=$(ogrn 102770000005)
CA_INNLE=$(inn10 770000796)      CA_OGRN=$(ogrn 102770000796)
# The principal: ООО «Клевер-Тест», Московская область.
ORG_NAME='ООО «Клевер-Тест»'
ORG_INNLE=$(inn10 502400117)     ORG_OGRN=$(ogrn 121502400011)   ORG_KPP=502401001
# Its director (ЕИО), the employee (representative) and a stranger.
DIR_SN=Соколов   DIR_G=Андрей   DIR_P=Викторович   DIR_TITLE='Генеральный директор'
DIR_INN=$(inn12 5024001234)      DIR_SNILS=$(snils 112233445)
EMP_SN=Морозова  EMP_G=Елена    EMP_P=Сергеевна
EMP_INN=$(inn12 5024012345)      EMP_SNILS=$(snils 223344556)
STR_SN=Зайцев    STR_G=Игорь    STR_P=Павлович
STR_INN=$(inn12 7725123456)      STR_SNILS=$(snils 334455667)
# Another valid INN and SNILS for the representative (cases 4 and 5).
OTHER_INN=$(inn12 5024098765)    OTHER_SNILS=$(snils 223344557)
[[ $OTHER_INN != "$EMP_INN" && $OTHER_SNILS != "$EMP_SNILS" ]] || die "the other INN/SNILS equal the employee's"

# ------------------------------------------------------------------ config ---
# The settings of testdata/qualified/gen.sh: INNLE declared when OpenSSL does
# not know it, INNLE a NumericString; ext_ca, ext_subca and ext_ee as there.
{
    echo "openssl_conf = openssl_init"
    echo "[openssl_init]"
    openssl asn1parse -genstr OID:INNLE >/dev/null 2>&1 || echo "oid_section = new_oids"
    echo "stbl_section = string_table"
    echo "[new_oids]"
    echo "INNLE = 1.2.643.100.4"
    echo "[string_table]"
    echo "INNLE  = min:10,max:10,mask:NUMERICSTRING,flags:nomask"
    cat <<'EOF'
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
email_in_dn     = yes
copy_extensions = none
default_md      = md_gost12_256
crl_extensions  = ext_crl
[policy_any]
commonName = supplied

# The root (self-signed) and the issuing CA: what the qualified certificate
# of an accredited CA carries.
[ext_ca]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:ПАКМ «КриптоПро HSM» версии 2.0 (тест)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:0
[ext_subca]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:ПАКМ «КриптоПро HSM» версии 2.0 (тест)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:0

[ist]
signTool     = FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0 КС2)
cATool       = FORMAT:UTF8,UTF8String:ПАК \"КриптоПро УЦ\" (версия 2.0)
signToolCert = FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/124-3966 от 15.01.2021
cAToolCert   = FORMAT:UTF8,UTF8String:Сертификат соответствия № СФ/128-3868 от 23.07.2020

# A signer's certificate in the full form.
[ext_ee]
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
extendedKeyUsage       = emailProtection, clientAuth
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:1

[ext_crl]
authorityKeyIdentifier = keyid:always
EOF
} >"$WORK/openssl.cnf"

# --------------------------------------------------------- certificates ---
# name|issuer (self or a name)|extensions|notBefore|notAfter|subject
ROOT_SUBJ="/CN=Минцифры России, головной УЦ (тестовые данные)/O=Минцифры России (тестовые данные)/C=RU/L=г. Москва/INNLE=$ROOT_INNLE/OGRN=$ROOT_OGRN"
CA_SUBJ="/CN=УЦ Тест-МЧД (тестовые данные)/O=ООО «УЦ Тест-МЧД»/C=RU/L=г. Москва/INNLE=$CA_INNLE/OGRN=$CA_OGRN"
ORG_DN="/O=$ORG_NAME/C=RU/ST=50 Московская область/L=г. Химки"
CERTS=(
    "root|self|ext_ca|20200101000000Z|20400101000000Z|$ROOT_SUBJ"
    "ca|root|ext_subca|20210601000000Z|20380601000000Z|$CA_SUBJ"
    "director|ca|ext_ee|20241201000000Z|20360101000000Z|/CN=$ORG_NAME$ORG_DN/SN=$DIR_SN/GN=$DIR_G $DIR_P/title=$DIR_TITLE/INNLE=$ORG_INNLE/OGRN=$ORG_OGRN/INN=$DIR_INN/SNILS=$DIR_SNILS"
    "employee|ca|ext_ee|20241201000000Z|20360101000000Z|/CN=$EMP_SN $EMP_G $EMP_P/SN=$EMP_SN/GN=$EMP_G $EMP_P/C=RU/ST=50 Московская область/L=г. Химки/INN=$EMP_INN/SNILS=$EMP_SNILS"
    "stranger|ca|ext_ee|20241201000000Z|20360101000000Z|/CN=$STR_SN $STR_G $STR_P/SN=$STR_SN/GN=$STR_G $STR_P/C=RU/ST=77 г. Москва/L=г. Москва/INN=$STR_INN/SNILS=$STR_SNILS"
)

ossl() { # ARGS...: openssl with the config, quiet unless it fails
    OPENSSL_CONF=$WORK/openssl.cnf openssl "$@" >"$WORK/ossl.out" 2>"$WORK/ossl.err" ||
        { cat "$WORK/ossl.err" >&2; die "openssl $1 failed"; }
}
utc() { echo "${1:2}"; } # `openssl ca -startdate` wants UTCTime: drop the century
epoch() { date -u -d "${1:0:4}-${1:4:2}-${1:6:2} ${1:8:2}:${1:10:2}:${1:12:2}" +%s; }

export CA_DIR=$WORK/db
mkdir -p "$WORK/db/new"
: >"$WORK/db/index.txt"
echo 1000 >"$WORK/db/crlnumber"
for entry in "${CERTS[@]}"; do
    IFS='|' read -r name issuer ext nb na subj <<<"$entry"
    key=$O/pki/$name.key.pem csr=$WORK/$name.csr pem=$O/pki/$name.pem
    ossl genpkey -engine gost -algorithm gost2012_256 -pkeyopt paramset:A -out "$key"
    ossl req -new -engine gost -key "$key" -md_gost12_256 -utf8 -subj "$subj" -out "$csr"
    ! grep -q "skipped" "$WORK/ossl.err" || { cat "$WORK/ossl.err" >&2; die "$name: an attribute of the subject was skipped"; }
    args=(ca -engine gost -batch -notext -rand_serial -preserveDN -in "$csr" -out "$pem"
        -extensions "$ext" -startdate "$(utc "$nb")" -enddate "$(utc "$na")")
    if [[ $issuer == self ]]; then
        args+=(-selfsign -keyfile "$key")
    else
        args+=(-cert "$O/pki/$issuer.pem" -keyfile "$O/pki/$issuer.key.pem")
    fi
    ossl "${args[@]}"
    ossl x509 -in "$pem" -out "$pem"
    [[ $(openssl req -in "$csr" -noout -subject -nameopt RFC2253 2>/dev/null) == \
        "$(openssl x509 -in "$pem" -noout -subject -nameopt RFC2253 2>/dev/null)" ]] ||
        die "$name: the certificate's subject differs from the request's"
    untrusted=()
    [[ $issuer == self || $issuer == root ]] || untrusted=(-untrusted "$O/pki/$issuer.pem")
    OPENSSL_CONF=$WORK/openssl.cnf openssl verify -engine gost -CAfile "$O/pki/root.pem" "${untrusted[@]}" \
        -attime $(($(epoch "$nb") + 86400)) "$pem" >"$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    grep -q "^$pem: OK$" "$WORK/verify.out" || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    [[ $(openssl x509 -in "$pem" -noout -startdate -dateopt iso_8601) == \
        "notBefore=${nb:0:4}-${nb:4:2}-${nb:6:2} 00:00:00Z" ]] || die "$name: wrong notBefore"
    [[ $(openssl x509 -in "$pem" -noout -enddate -dateopt iso_8601) == \
        "notAfter=${na:0:4}-${na:4:2}-${na:6:2} 00:00:00Z" ]] || die "$name: wrong notAfter"
done
text() { OPENSSL_CONF=$WORK/openssl.cnf openssl x509 -in "$O/pki/$1.pem" -noout -text 2>/dev/null; }
for n in ca director employee stranger; do
    for what in "Signing Tool of Subject" "Signing Tool of Issuer" "Class of Signing Tool KC1"; do
        text "$n" | grep -q -- "$what" || die "$n: OpenSSL does not show $what"
    done
done

# field NAME FIELD: a subject attribute of pki/NAME.pem as OpenSSL's
# multiline form names it (commonName, surname, givenName, title,
# organizationName, INN, SNILS, OGRN, INNLE).
field() {
    OPENSSL_CONF=$WORK/openssl.cnf openssl x509 -in "$O/pki/$1.pem" -noout -subject \
        -nameopt multiline,utf8,-esc_msb 2>/dev/null | sed -n "s/^ *$2 *= //p"
}
[[ $(field director organizationName) == "$ORG_NAME" && $(field director INNLE) == "$ORG_INNLE" &&
    $(field director OGRN) == "$ORG_OGRN" && $(field director INN) == "$DIR_INN" &&
    $(field director SNILS) == "$DIR_SNILS" && $(field director surname) == "$DIR_SN" &&
    $(field director givenName) == "$DIR_G $DIR_P" && $(field director title) == "$DIR_TITLE" ]] ||
    die "director.pem: the subject is not as intended"
for n in employee stranger; do
    [[ -z $(field $n organizationName) && -z $(field $n INNLE) && -z $(field $n OGRN) ]] ||
        die "$n.pem names an organisation"
done
[[ $(field employee INN) == "$EMP_INN" && $(field employee SNILS) == "$EMP_SNILS" &&
    $(field employee surname) == "$EMP_SN" && $(field employee givenName) == "$EMP_G $EMP_P" &&
    $(field employee commonName) == "$EMP_SN $EMP_G $EMP_P" ]] || die "employee.pem: the subject is not as intended"
[[ $(field stranger INN) == "$STR_INN" && $(field stranger SNILS) == "$STR_SNILS" ]] ||
    die "stranger.pem: the subject is not as intended"

# The issuing CA's CRL: empty, DER, 2026-11-30 to 2036-01-01.
ossl ca -engine gost -gencrl -cert "$O/pki/ca.pem" -keyfile "$O/pki/ca.key.pem" \
    -crl_lastupdate 20261130000000Z -crl_nextupdate 20360101000000Z -out "$WORK/ca.crl.pem"
ossl crl -in "$WORK/ca.crl.pem" -outform DER -out "$O/pki/ca.crl"
# (`openssl crl` cannot load the engine; `verify -crl_check` below checks
# the CRL's signature.)
openssl crl -inform DER -in "$O/pki/ca.crl" -noout -text >"$WORK/crl.txt" 2>&1 || die "openssl crl cannot read ca.crl"
grep -q "No Revoked Certificates" "$WORK/crl.txt" || die "ca.crl is not empty"
grep -q "Last Update: Nov 30 00:00:00 2026 GMT" "$WORK/crl.txt" && grep -q "Next Update: Jan  1 00:00:00 2036 GMT" "$WORK/crl.txt" ||
    die "ca.crl: wrong lastUpdate or nextUpdate"
for n in director employee stranger; do
    OPENSSL_CONF=$WORK/openssl.cnf openssl verify -engine gost -crl_check -CAfile "$O/pki/root.pem" \
        -untrusted "$O/pki/ca.pem" -CRLfile "$WORK/ca.crl.pem" -attime "$(date -u -d '2026-12-01 10:00:00' +%s)" \
        "$O/pki/$n.pem" >"$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out" >&2; die "$n does not verify with the CRL"; }
done

# ---------------------------------------------------------- signatures ---
# OpenSSL's cms has no -untrusted: ca.pem goes beside root.pem in the CAfile
# (the path still has to end at the self-signed root).
cat "$O/pki/root.pem" "$O/pki/ca.pem" >"$WORK/chain.pem"
# cms_verify SIG CONTENT AT: openssl cms -verify an hour after AT.
cms_verify() {
    openssl cms -verify -engine gost -binary -cades -inform DER -in "$1" -content "$2" \
        -CAfile "$WORK/chain.pem" -purpose any -attime $(($(date -u -d "$3" +%s) + 3600)) \
        -out /dev/null >"$WORK/verify.out" 2>&1 && grep -q "CAdES Verification successful" "$WORK/verify.out"
}
# sign FILE SIGNER AT: FILE.sig, a detached CAdES-BES signature of FILE made
# at AT (UTC, by faketime), checked by OpenSSL at that time.
sign() {
    local file=$1 signer=$2 at=$3 sig=$1.sig name=${1#"$O"/}
    faketime -f "$at" openssl cms -sign -engine gost -binary -nosmimecap -cades -md md_gost12_256 \
        -signer "$O/pki/$signer.pem" -inkey "$O/pki/$signer.key.pem" -in "$file" \
        -outform DER -out "$sig" 2>"$WORK/ossl.err" || { cat "$WORK/ossl.err" >&2; die "$name: cms -sign failed"; }
    cms_verify "$sig" "$file" "$at" || { cat "$WORK/verify.out" >&2; die "$name.sig does not verify"; }
    # the one signer is SIGNER
    openssl cms -verify -engine gost -binary -noverify -inform DER -in "$sig" -content "$file" \
        -signer "$WORK/signer.pem" -out /dev/null >/dev/null 2>&1 || die "$name.sig: cannot get the signer"
    [[ $(grep -c "BEGIN CERTIFICATE" "$WORK/signer.pem") == 1 &&
        $(openssl x509 -in "$WORK/signer.pem" -noout -fingerprint -sha256) == \
        "$(openssl x509 -in "$O/pki/$signer.pem" -noout -fingerprint -sha256)" ]] || die "$name.sig: the signer is not $signer.pem"
    # other bytes: it must not verify
    printf 'x' | cat "$file" - >"$WORK/changed"
    ! cms_verify "$sig" "$WORK/changed" "$at" || die "$name.sig verifies over other bytes"
    openssl cms -cmsout -print -inform DER -in "$sig" >"$WORK/sig.print" 2>/dev/null
    grep -q "UTCTIME:$(date -u -d "$at" '+%b %e %H:%M:%S %Y') GMT" "$WORK/sig.print" ||
        die "$name.sig: signingTime is not $at"
    grep -q "signingCertificateV2" "$WORK/sig.print" || die "$name.sig: no ESS signingCertificateV2"
    grep -q "eContent: <ABSENT>" "$WORK/sig.print" || die "$name.sig is not detached"
    [[ $(grep -E '^ {10}algorithm: ' "$WORK/sig.print" | tail -2 | sed 's/.*(\(.*\))$/\1/' | tr '\n' ' ') == \
        "1.2.643.7.1.1.2.2 1.2.643.7.1.1.1.1 " ]] || die "$name.sig: not GOST R 34.11-2012-256 with GOST R 34.10-2012-256"
}

# The document: a fictitious invoice of the principal, signed on 2026-12-01.
DOC_AT="2026-12-01 10:00:00"
cat >"$O/doc.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<СчетНаОплату Номер="417" Дата="2026-12-01" Валюта="643" Примечание="тестовые данные gostverify">
  <Продавец НаимОрг="$ORG_NAME" ИННЮЛ="$ORG_INNLE" КПП="$ORG_KPP" ОГРН="$ORG_OGRN"/>
  <Покупатель НаимОрг="ООО «Ландыш-Тест»" ИННЮЛ="$(inn10 773012345)" КПП="773001001"/>
  <Строка N="1" Наим="Бумага офисная А4, пачка 500 листов" ОКЕИ="796" Кол="40" Цена="450.00" Сумма="18000.00"/>
  <Строка N="2" Наим="Доставка" ОКЕИ="796" Кол="1" Цена="1200.00" Сумма="1200.00"/>
  <Итого БезНДС="19200.00" НДС="3840.00" СНДС="23040.00"/>
</СчетНаОплату>
EOF
xmllint --noout "$O/doc.xml" || die "doc.xml is not well-formed"
sign "$O/doc.xml" employee "$DOC_AT"
cp "$O/doc.xml" "$WORK/doc_by_director.xml"
sign "$WORK/doc_by_director.xml" director "$DOC_AT"
mv "$WORK/doc_by_director.xml.sig" "$O/doc_by_director.xml.sig"
cms_verify "$O/doc_by_director.xml.sig" "$O/doc.xml" "$DOC_AT" || die "doc_by_director.xml.sig does not verify"

# ----------------------------------------------------------------- МЧД ---
# mchd GUID ISSUED UNTIL REP_INN REP_SNILS POWERS: a МЧД of ООО «Клевер-Тест»
# by its director for the employee (ФИО from employee.pem), issued on ISSUED,
# valid until UNTIL; POWERS is mach (three МашПолн) or text (ТекстПолн).
# One element per line, each start tag on one line (drop_attr and drop_elem
# below rely on it).
mchd() {
    local guid=$1 issued=$2 until=$3 rinn=$4 rsnils=$5 powers=$6
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1" ПрЭлФорм="00000000" ИдФайл="ON_EMCHD_${issued//-/}_$guid">
  <Документ>
    <Довер>
      <СвДов ВидДовер="1" ПрПередов="1" ВнНомДовер="МЧД-${issued:0:4}/${guid: -2}" НомДовер="$guid" ДатаВыдДовер="$issued" СрокДейст="$until">
        <СведСист>https://m4d.nalog.gov.ru/emchd/check-status?guid=$guid</СведСист>
      </СвДов>
      <СвДоверит ТипДоверит="1">
        <Доверит>
          <РосОргДовер ЕИОУК="0" ЕИОФЛ="1" ЕИОИП="0">
            <СвРосОрг НаимОрг="$ORG_NAME" ИННЮЛ="$ORG_INNLE" КПП="$ORG_KPP" ОГРН="$ORG_OGRN">
              <АдрРег Регион="50">
                <АдрРФ>141400, Московская область, г. Химки, ул. Тестовая, д. 1, офис 12</АдрРФ>
              </АдрРег>
            </СвРосОрг>
            <ЛицоБезДов ПолнЮЛ="1">
              <СвФЛ ИННФЛ="$DIR_INN" СНИЛС="$(snils_fmt "$DIR_SNILS")" Должность="$DIR_TITLE">
                <СведФЛ>
                  <ФИО Фамилия="$DIR_SN" Имя="$DIR_G" Отчество="$DIR_P"/>
                </СведФЛ>
              </СвФЛ>
            </ЛицоБезДов>
          </РосОргДовер>
        </Доверит>
      </СвДоверит>
      <СвУпПред ТипПред="3">
        <Пред>
          <СведФизЛ ИННФЛ="$rinn" СНИЛС="$(snils_fmt "$rsnils")" Должность="Менеджер по продажам">
            <СведФЛ>
              <ФИО Фамилия="$EMP_SN" Имя="$EMP_G" Отчество="$EMP_P"/>
            </СведФЛ>
          </СведФизЛ>
        </Пред>
      </СвУпПред>
EOF
    if [[ $powers == mach ]]; then
        cat <<'EOF'
      <СвПолн ТипПолн="1" ПрСовмПолн="1">
        <МашПолн КодПолн="BBDOCS_DOCS_DCSALL_SRCDOC_SOURCEDOCS5" НаимПолн="Подписывать товарные, товарно-транспортные, транспортные накладные, универсальные передаточные документы (УПД)"/>
        <МашПолн КодПолн="BBDOCS_DOCS_DCSALL_SRCDOC_SOURCEDOCS4" НаимПолн="Подписывать и оплачивать счета на оплату товаров (работ, услуг)"/>
        <МашПолн КодПолн="BBDOCS_DOCS_DCSALL_SRCDOC_SOURCEDOCS31" НаимПолн="Подписывать и предъявлять к оплате счета"/>
      </СвПолн>
EOF
    else
        cat <<EOF
      <СвПолн ТипПолн="0" ПрСовмПолн="1">
        <ТекстПолн>Подписывать от имени $ORG_NAME усиленной квалифицированной электронной подписью счета на оплату товаров (работ, услуг), универсальные передаточные документы и товарные накладные, направлять и получать их по телекоммуникационным каналам связи.</ТекстПолн>
      </СвПолн>
EOF
    fi
    cat <<'EOF'
    </Довер>
  </Документ>
</Доверенность>
EOF
}

# xp FILE XPATH: a string from the file by xmllint (names by local-name()).
xp() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }
el() { echo "//*[local-name()='$1']"; }
schema_ok() { xmllint --noout --schema "$XSD" "$1" >"$WORK/xsd.out" 2>&1; }

# Fixed GUIDs (НомДовер), one per МЧД.
G_VALID=5a1f0c3e-7b2d-4e8a-9c41-202600000001
G_EXPIRED=5a1f0c3e-7b2d-4e8a-9c41-202600000002
G_NOTYET=5a1f0c3e-7b2d-4e8a-9c41-202600000003
G_INN=5a1f0c3e-7b2d-4e8a-9c41-202600000004
G_SNILS=5a1f0c3e-7b2d-4e8a-9c41-202600000005
G_STRANGER=5a1f0c3e-7b2d-4e8a-9c41-202600000006
G_BROKEN=5a1f0c3e-7b2d-4e8a-9c41-202600000007
G_TEXT=5a1f0c3e-7b2d-4e8a-9c41-202600000008
# case|GUID|ДатаВыдДовер|СрокДейст|representative INN|SNILS|powers|signer
MCHDS=(
    "valid|$G_VALID|2026-01-01|2027-12-31|$EMP_INN|$EMP_SNILS|mach|director"
    "expired|$G_EXPIRED|2025-01-01|2026-06-30|$EMP_INN|$EMP_SNILS|mach|director"
    "notyet|$G_NOTYET|2027-03-01|2028-03-01|$EMP_INN|$EMP_SNILS|mach|director"
    "inn|$G_INN|2026-01-01|2027-12-31|$OTHER_INN|$EMP_SNILS|mach|director"
    "snils|$G_SNILS|2026-01-01|2027-12-31|$EMP_INN|$OTHER_SNILS|mach|director"
    "stranger|$G_STRANGER|2026-01-01|2027-12-31|$EMP_INN|$EMP_SNILS|mach|stranger"
    "broken|$G_BROKEN|2026-01-01|2027-12-31|$EMP_INN|$EMP_SNILS|mach|director"
    "text|$G_TEXT|2026-01-01|2027-12-31|$EMP_INN|$EMP_SNILS|text|director"
)
for entry in "${MCHDS[@]}"; do
    IFS='|' read -r case guid issued until rinn rsnils powers signer <<<"$entry"
    id=ON_EMCHD_${issued//-/}_$guid
    f=$O/$id.xml
    mchd "$guid" "$issued" "$until" "$rinn" "$rsnils" "$powers" >"$f"
    schema_ok "$f" || { cat "$WORK/xsd.out" >&2; die "$case: $id.xml does not pass the XSD"; }
    [[ $(head -1 "$f") == '<?xml version="1.0" encoding="UTF-8"?>' ]] || die "$case: wrong first line"
    [[ $(xp "$f" "/*/@ИдФайл") == "$id" && $(xp "$f" "/*/@ВерсФорм") == EMCHD_1 ]] || die "$case: wrong ИдФайл or ВерсФорм"
    [[ $id == *"$(xp "$f" "$(el СвДов)/@НомДовер")" ]] || die "$case: ИдФайл does not end with НомДовер"
    [[ $(xp "$f" "$(el СвДов)/@ДатаВыдДовер") == "$issued" && $(xp "$f" "$(el СвДов)/@СрокДейст") == "$until" ]] ||
        die "$case: wrong validity"
    # The principal and its director are those of director.pem.
    [[ $(xp "$f" "$(el СвРосОрг)/@НаимОрг") == "$(field director organizationName)" &&
        $(xp "$f" "$(el СвРосОрг)/@ИННЮЛ") == "$(field director INNLE)" &&
        $(xp "$f" "$(el СвРосОрг)/@ОГРН") == "$(field director OGRN)" ]] || die "$case: the principal is not director.pem's organisation"
    [[ $(xp "$f" "$(el ЛицоБезДов)/*/@ИННФЛ") == "$(field director INN)" &&
        $(xp "$f" "$(el ЛицоБезДов)/*/@СНИЛС") == "$(snils_fmt "$(field director SNILS)")" &&
        $(xp "$f" "$(el ЛицоБезДов)//*[local-name()='ФИО']/@Фамилия") == "$(field director surname)" &&
        "$(xp "$f" "$(el ЛицоБезДов)//*[local-name()='ФИО']/@Имя") $(xp "$f" "$(el ЛицоБезДов)//*[local-name()='ФИО']/@Отчество")" == \
        "$(field director givenName)" ]] || die "$case: ЛицоБезДов is not director.pem's person"
    # The representative: employee.pem's ФИО always; INN and SNILS unless
    # this case changes them.
    rep_inn=$(xp "$f" "$(el СведФизЛ)/@ИННФЛ") rep_snils=$(xp "$f" "$(el СведФизЛ)/@СНИЛС")
    [[ $(xp "$f" "$(el СведФизЛ)//*[local-name()='ФИО']/@Фамилия") == "$(field employee surname)" &&
        "$(xp "$f" "$(el СведФизЛ)//*[local-name()='ФИО']/@Имя") $(xp "$f" "$(el СведФизЛ)//*[local-name()='ФИО']/@Отчество")" == \
        "$(field employee givenName)" ]] || die "$case: the representative's ФИО is not employee.pem's"
    case $case in
    inn) [[ $rep_inn != "$(field employee INN)" && $rep_inn == "$(inn12 "${rep_inn:0:10}")" &&
        $rep_snils == "$(snils_fmt "$(field employee SNILS)")" ]] || die "inn: the representative is not as intended" ;;
    snils) [[ $rep_snils != "$(snils_fmt "$(field employee SNILS)")" && $rep_snils == "$(snils_fmt "$OTHER_SNILS")" &&
        $rep_inn == "$(field employee INN)" ]] || die "snils: the representative is not as intended" ;;
    *) [[ $rep_inn == "$(field employee INN)" && $rep_snils == "$(snils_fmt "$(field employee SNILS)")" ]] ||
        die "$case: the representative is not employee.pem" ;;
    esac
    sign "$f" "$signer" "$issued 09:00:00"
    printf '%s\n' "$case" >"$WORK/case.$id"
    eval "F_$case=\$id"
done
# The valid МЧД covers the document's signing time; the expired one ended
# before it, the not yet valid one starts after it.
[[ 2026-01-01 < ${DOC_AT:0:10} && ${DOC_AT:0:10} < 2027-12-31 && 2026-06-30 < ${DOC_AT:0:10} &&
    ${DOC_AT:0:10} < 2027-03-01 ]] || die "the validity dates do not bracket the document's signing time"
# The stranger is none of the principal's persons.
[[ $(field stranger INN) != "$DIR_INN" && $(field stranger INN) != "$EMP_INN" ]] || die "the stranger is not a stranger"
# Text powers: ТекстПолн and no МашПолн.
[[ -n $(xp "$O/$F_text.xml" "$(el ТекстПолн)") && $(xp "$O/$F_text.xml" "count($(el МашПолн))") == 0 ]] ||
    die "text: not text powers"
# Broken: after signing, СрокДейст 2027-12-31 becomes 2028-12-31 (one
# character); still schema-valid, and the signature must no longer verify.
f=$O/$F_broken.xml
sed -i 's/СрокДейст="2027-12-31"/СрокДейст="2028-12-31"/' "$f"
[[ $(xp "$f" "$(el СвДов)/@СрокДейст") == 2028-12-31 ]] || die "broken: СрокДейст not changed"
schema_ok "$f" || { cat "$WORK/xsd.out" >&2; die "broken: no longer passes the XSD"; }
! cms_verify "$f.sig" "$f" "2026-01-01 09:00:00" || die "broken: the signature still verifies"
grep -q "content verify error" "$WORK/verify.out" || { cat "$WORK/verify.out" >&2; die "broken: fails for another reason"; }
sed 's/СрокДейст="2028-12-31"/СрокДейст="2027-12-31"/' "$f" >"$WORK/unbroken.xml"
cms_verify "$f.sig" "$WORK/unbroken.xml" "2026-01-01 09:00:00" || die "broken: the signature is not of the original"

# ----------------------------------------------------------- malformed ---
# drop_attr IN OUT ATTR [SCOPE] / drop_elem IN OUT ELEM [SCOPE]: IN without
# the attribute ATTR or the element ELEM (with its content), looked for
# inside the element SCOPE only when given; exactly one must go.
drop() {
    awk -v kind="$1" -v name="$4" -v scope="${5:-}" '
    function starts(line, e) { return index(line, "<" e " ") || index(line, "<" e ">") || index(line, "<" e "/>") }
    BEGIN { in_scope = (scope == ""); n = 0; skipping = 0 }
    {
        line = $0
        if (scope != "" && starts(line, scope)) in_scope = 1
        if (skipping) {
            if (index(line, "</" name ">")) skipping = 0
            next
        }
        if (in_scope && n == 0 && kind == "elem" && starts(line, name)) {
            n++
            if (line !~ /\/>[ \t]*$/ && !index(line, "</" name ">")) skipping = 1
            next
        }
        if (in_scope && n == 0 && kind == "attr" && (p = index(line, " " name "=\""))) {
            rest = substr(line, p + length(name) + 3)
            q = index(rest, "\"")
            line = substr(line, 1, p - 1) substr(rest, q + 1)
            n++
        }
        if (scope != "" && index(line, "</" scope ">")) in_scope = 0
        print line
    }
    END { if (n != 1 || skipping) exit 3 }' "$2" >"$3" || die "cannot drop $4 from $2"
}
VALID=$O/$F_valid.xml
# malformed NAME KIND WHAT [SCOPE]: malformed/missing_NAME.xml, the valid
# МЧД without WHAT; the XSD must reject it, naming WHAT.
malformed() {
    local out=$O/malformed/missing_$1.xml
    drop "$2" "$VALID" "$out" "$3" "${4:-}"
    ! cmp -s "$VALID" "$out" || die "missing_$1.xml is the valid МЧД"
    ! schema_ok "$out" || die "the XSD accepts missing_$1.xml"
    grep -q "fails to validate" "$WORK/xsd.out" || { cat "$WORK/xsd.out" >&2; die "missing_$1.xml: not a validity error"; }
    grep -v "fails to validate" "$WORK/xsd.out" | grep -qF "$3" ||
        { cat "$WORK/xsd.out" >&2; die "missing_$1.xml: the XSD error does not name $3"; }
    printf '%s\t%s\n' "missing_$1.xml" "$(grep -v 'fails to validate' "$WORK/xsd.out" | head -1 | sed 's/^[^:]*:[0-9]*: //')" >>"$WORK/malformed.txt"
}
: >"$WORK/malformed.txt"
malformed ВерсФорм attr ВерсФорм
malformed ПрЭлФорм attr ПрЭлФорм
malformed ИдФайл attr ИдФайл
malformed Документ elem Документ
malformed Довер elem Довер
malformed СвДов elem СвДов
malformed ВидДовер attr ВидДовер
malformed ПрПередов attr ПрПередов
malformed ВнНомДовер attr ВнНомДовер
malformed НомДовер attr НомДовер
malformed ДатаВыдДовер attr ДатаВыдДовер
malformed СрокДейст attr СрокДейст
malformed СведСист elem СведСист
malformed СвДоверит elem СвДоверит
malformed ТипДоверит attr ТипДоверит
malformed Доверит elem Доверит
malformed ЕИОУК attr ЕИОУК
malformed ЕИОФЛ attr ЕИОФЛ
malformed ЕИОИП attr ЕИОИП
malformed СвРосОрг elem СвРосОрг
malformed НаимОрг attr НаимОрг
malformed КПП attr КПП
malformed Регион attr Регион
malformed ЛицоБезДов elem ЛицоБезДов
malformed ПолнЮЛ attr ПолнЮЛ
malformed СведФЛ_in_ЛицоБезДов elem СведФЛ ЛицоБезДов
malformed ФИО_in_ЛицоБезДов elem ФИО ЛицоБезДов
malformed Фамилия_in_ЛицоБезДов attr Фамилия ЛицоБезДов
malformed Имя_in_ЛицоБезДов attr Имя ЛицоБезДов
malformed СвУпПред elem СвУпПред
malformed ТипПред attr ТипПред
malformed Пред elem Пред
malformed СведФЛ_in_Пред elem СведФЛ Пред
malformed ФИО_in_Пред elem ФИО Пред
malformed Фамилия_in_Пред attr Фамилия Пред
malformed Имя_in_Пред attr Имя Пред
malformed СвПолн elem СвПолн
malformed ТипПолн attr ТипПолн
malformed ПрСовмПолн attr ПрСовмПолн
malformed КодПолн attr КодПолн
malformed НаимПолн attr НаимПолн
# The previous format's version: the XSD knows only EMCHD_1.
sed 's/ВерсФорм="EMCHD_1"/ВерсФорм="002"/' "$VALID" >"$O/malformed/old_format.xml"
[[ $(xp "$O/malformed/old_format.xml" "/*/@ВерсФорм") == 002 ]] || die "old_format.xml: ВерсФорм not changed"
! schema_ok "$O/malformed/old_format.xml" || die "the XSD accepts old_format.xml"
grep -q "ВерсФорм" "$WORK/xsd.out" || { cat "$WORK/xsd.out" >&2; die "old_format.xml: the XSD error does not name ВерсФорм"; }
printf '%s\t%s\n' old_format.xml "$(grep -v 'fails to validate' "$WORK/xsd.out" | head -1 | sed 's/^[^:]*:[0-9]*: //')" >>"$WORK/malformed.txt"

# ---------------------------------------------------------- incomplete ---
# What a verifier needs but the XSD leaves optional: the valid МЧД without
# it is still schema-valid (the XSD must accept it).
incomplete() {
    local out=$O/incomplete/missing_$1.xml
    drop "$2" "$VALID" "$out" "$3" "${4:-}"
    ! cmp -s "$VALID" "$out" || die "incomplete/missing_$1.xml is the valid МЧД"
    schema_ok "$out" || { cat "$WORK/xsd.out" >&2; die "the XSD rejects incomplete/missing_$1.xml"; }
}
incomplete РосОргДовер elem РосОргДовер
incomplete ИННЮЛ attr ИННЮЛ
incomplete ОГРН attr ОГРН
incomplete СвФЛ_in_ЛицоБезДов elem СвФЛ ЛицоБезДов
incomplete ИННФЛ_in_ЛицоБезДов attr ИННФЛ ЛицоБезДов
incomplete СведФизЛ elem СведФизЛ
incomplete ИННФЛ_in_Пред attr ИННФЛ Пред
incomplete СНИЛС_in_Пред attr СНИЛС Пред
incomplete Отчество_in_Пред attr Отчество Пред
# СвПолн without any power: all three МашПолн removed.
drop elem "$VALID" "$WORK/p1.xml" МашПолн
drop elem "$WORK/p1.xml" "$WORK/p2.xml" МашПолн
drop elem "$WORK/p2.xml" "$O/incomplete/missing_МашПолн.xml" МашПолн
[[ $(xp "$O/incomplete/missing_МашПолн.xml" "count($(el СвПолн)/*)") == 0 ]] || die "missing_МашПолн.xml still has powers"
schema_ok "$O/incomplete/missing_МашПолн.xml" || { cat "$WORK/xsd.out" >&2; die "the XSD rejects incomplete/missing_МашПолн.xml"; }

# ----------------------------------------------------------------- EDO ---
# An EDO-export-like folder: the document, its signature by the employee,
# the valid МЧД and its signature; edo.zip holds the same four files (no
# directory entries, no extra fields, fixed times, in a fixed order).
cp "$O/doc.xml" "$O/doc.xml.sig" "$VALID" "$VALID.sig" "$O/edo/"
touch -d "2026-12-01 10:00:00" "$O"/edo/*
(cd "$O/edo" && zip -q -X -D "$O/edo.zip" doc.xml doc.xml.sig "$F_valid.xml" "$F_valid.xml.sig")
mkdir "$WORK/unzip"
(cd "$WORK/unzip" && unzip -q "$O/edo.zip") || die "edo.zip: unzip failed"
for n in doc.xml doc.xml.sig "$F_valid.xml" "$F_valid.xml.sig"; do
    cmp -s "$O/edo/$n" "$WORK/unzip/$n" || die "edo.zip: $n differs"
done
[[ $(find "$WORK/unzip" -type f | wc -l) == 4 ]] || die "edo.zip holds other files"

# ----------------------------------------------------------------- out ---
rm -rf "$OUT"/ON_EMCHD_*.xml "$OUT"/ON_EMCHD_*.xml.sig "$OUT"/doc.xml "$OUT"/doc*.sig "$OUT"/edo.zip \
    "$OUT/pki" "$OUT/malformed" "$OUT/incomplete" "$OUT/edo"
cp -r "$O"/* "$OUT/"
[[ $OUT == "$HERE" ]] || cp "$XSD" "$OUT/"
echo "gen.sh: $(openssl version): wrote to $OUT:" >&2
for entry in "${MCHDS[@]}"; do
    IFS='|' read -r case guid issued _ <<<"$entry"
    printf '  %-8s ON_EMCHD_%s_%s.xml\n' "$case" "${issued//-/}" "$guid" >&2
done
echo "  $(ls "$O/malformed" | wc -l) files in malformed/, $(ls "$O/incomplete" | wc -l) in incomplete/, edo/ and edo.zip" >&2
if [[ -n ${KEEP:-} ]]; then
    echo "gen.sh: the XSD's message for each malformed file: $WORK/malformed.txt" >&2
fi
