#!/usr/bin/env bash
# gen.sh - make the fixtures of verify's qualified-status tests
#          (verify/qualified_test.go): a small PKI in the form Приказ ФСБ
#          № 795 prescribes, detached CAdES-BES signatures of doc.txt by its
#          signers, and editions of the Минцифры list of accredited CAs in
#          the real schema naming (or not) its CA, signed as Минцифры signs
#          the list (enveloped XMLDSig, exclusive C14N, GOST R 34.10-2012-256
#          with GOST R 34.11-2012-256).
#
# Requirements (Debian 12):
#     apt-get install openssl libengine-gost-openssl libxml2-utils faketime
# Uses bash, coreutils, sed, awk, grep, openssl, xmllint and faketime; no Go
# and nothing of this repository, so that a bug in the code under test
# cannot hide in the fixtures.
#
# Usage:
#     testdata/qualified/gen.sh [OUTDIR]        # OUTDIR defaults to this directory
#     KEEP=1 testdata/qualified/gen.sh /tmp/x   # keep the work directory
#
# Every run makes new keys, serial numbers and signatures; names, extensions,
# dates, the signing times and the lists' contents are fixed (README.md).
#
# Who does what:
#   * certificates: `openssl genpkey`, `req` and `ca` (fixed dates), in the
#     OpenSSL settings of qualified/testdata/gen.sh for its conforming
#     certificates; registration numbers with their check digits computed
#     here in bash;
#   * signatures: `openssl cms -sign -cades -binary` (detached), under
#     faketime with a stopped clock, so that signingTime is the date below;
#   * lists: written here; canonicalised by `xmllint --exc-c14n`; digest and
#     signature by `openssl dgst` with gost-engine.
# Self-checks (the script stops if one fails): every certificate verifies
# with `openssl verify` at a time inside its validity; every signature with
# `openssl cms -verify -cades` up to root.pem at its signing time, and its
# signingTime and digest algorithm are as intended; every list is
# well-formed for xmllint, its DigestValue is the digest of the list without
# its Signature element and its SignatureValue verifies with
# `openssl dgst -verify` and the KeyInfo certificate's key (or, for the
# broken ones, does not).
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-$HERE}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
command -v xmllint >/dev/null || die "xmllint not found (apt-get install libxml2-utils)"
command -v faketime >/dev/null || die "faketime not found (apt-get install faketime)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/qualifiedfx.XXXXXX")
if [[ -n ${KEEP:-} ]]; then
    echo "gen.sh: keeping the work directory $WORK" >&2
else
    trap 'rm -rf "$WORK"' EXIT
fi
O=$WORK/out
mkdir -p "$O/pki"

# ------------------------------------------------- registration numbers ---
# As in qualified/testdata/gen.sh: the FNS and ПФР check digits.
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
broken() { local n=$1; echo "${n:0:${#n}-1}$(((${n: -1} + 1) % 10))"; }
[[ $(inn10 770732915) == 7707329152 && $(ogrn 104770703051) == 1047707030513 &&
    $(inn12 5010005304) == 501000530476 && $(snils 002810264) == 00281026489 ]] ||
    die "the check digit arithmetic is wrong"

ROOT_INNLE=$(inn10 770000005)   ROOT_OGRN=$(ogrn 102770000005)
CA_INNLE=$(inn10 770000795)     CA_OGRN=$(ogrn 102770000795)
OTHER_INNLE=$(inn10 780000796)  OTHER_OGRN=$(ogrn 102780000796)
UL_INNLE=$(inn10 165501234)     UL_OGRN=$(ogrn 116169005432)
PERSON_INN=$(inn12 1655123456)  PERSON_SNILS=$(snils 987654321)
FL_INN=$(inn12 5401987654)      FL_SNILS=$(snils 444555666)

# ------------------------------------------------------------------ config ---
# The settings of qualified/testdata/gen.sh: INNLE declared when OpenSSL does
# not know it, INNLE a NumericString; ext_ca and ext_ee as there.
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
policy          = policy_any
unique_subject  = no
email_in_dn     = yes
copy_extensions = none
default_md      = md_gost12_256
[policy_any]
commonName = supplied

# The root (self-signed) and the accredited CAs: what the qualified
# certificate of an accredited CA carries.
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

# A signer's certificate in the full form (ext_ee of qualified/testdata).
[ext_ee]
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
extendedKeyUsage       = emailProtection, clientAuth
certificatePolicies    = 1.2.643.100.113.1, 1.2.643.100.113.2
1.2.643.100.111        = ASN1:FORMAT:UTF8,UTF8String:СКЗИ \"КриптоПро CSP\" (версия 5.0)
1.2.643.100.112        = ASN1:SEQUENCE:ist
1.2.643.100.114        = ASN1:INTEGER:1

# The list's signer (tsl/testdata/gen.sh's profile).
[ext_list]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF
} >"$WORK/openssl.cnf"

# --------------------------------------------------------- certificates ---
# name|key algorithm|issuer (self or a name)|extensions|notBefore|notAfter|subject
ROOT_SUBJ="/CN=Минцифры России, головной УЦ (тестовые данные)/O=Минцифры России (тестовые данные)/C=RU/L=г. Москва/INNLE=$ROOT_INNLE/OGRN=$ROOT_OGRN"
CA_SUBJ="/CN=УЦ Тест-795 (тестовые данные)/O=ООО «УЦ Тест-795»/C=RU/L=г. Москва/INNLE=$CA_INNLE/OGRN=$CA_OGRN"
OTHER_SUBJ="/CN=УЦ Другой (тестовые данные)/O=АО «УЦ Другой»/C=RU/L=г. Санкт-Петербург/INNLE=$OTHER_INNLE/OGRN=$OTHER_OGRN"
UL="/O=ООО «Лютик-Тест»/C=RU/L=г. Казань/SN=Петров/GN=Пётр Петрович/title=Директор"
FL="/SN=Кузнецов/GN=Алексей Николаевич/C=RU/L=г. Новосибирск"
CERTS=(
    "root|gost2012_256|self|ext_ca|20200101000000Z|20400101000000Z|$ROOT_SUBJ"
    "ca|gost2012_256|root|ext_subca|20210601000000Z|20360601000000Z|$CA_SUBJ"
    "ca_other|gost2012_256|root|ext_subca|20210901000000Z|20360901000000Z|$OTHER_SUBJ"
    "list_signer|gost2012_256|root|ext_list|20240101000000Z|20290101000000Z|/CN=Минцифры России (тестовые данные)/O=МИНИСТЕРСТВО ЦИФРОВОГО РАЗВИТИЯ (тестовые данные)/C=RU"
    "signer|gost2012_256|ca|ext_ee|20240301000000Z|20250601000000Z|/CN=ООО «Лютик-Тест»$UL/INNLE=$UL_INNLE/OGRN=$UL_OGRN/INN=$PERSON_INN/SNILS=$PERSON_SNILS"
    "signer_bad_snils|gost2012_256|ca|ext_ee|20240301000000Z|20250601000000Z|/CN=ООО «Лютик-Тест»$UL/INNLE=$UL_INNLE/OGRN=$UL_OGRN/INN=$PERSON_INN/SNILS=$(broken "$PERSON_SNILS")"
    "signer_2001|gost2001|ca|ext_ee|20240301000000Z|20250601000000Z|/CN=Кузнецов Алексей Николаевич$FL/INN=$FL_INN/SNILS=$FL_SNILS"
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
for entry in "${CERTS[@]}"; do
    IFS='|' read -r name alg issuer ext nb na subj <<<"$entry"
    key=$O/pki/$name.key.pem csr=$WORK/$name.csr pem=$O/pki/$name.pem
    ossl genpkey -engine gost -algorithm "$alg" -pkeyopt paramset:A -out "$key"
    md=md_gost12_256
    [[ $alg == gost2001 ]] && md=md_gost94 # a 2001 key signs its request with GOST R 34.11-94
    ossl req -new -engine gost -key "$key" "-$md" -utf8 -subj "$subj" -out "$csr"
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
    # verifies up to the root a day after its notBefore
    untrusted=()
    [[ $issuer == self || $issuer == root ]] || untrusted=(-untrusted "$O/pki/$issuer.pem")
    OPENSSL_CONF=$WORK/openssl.cnf openssl verify -engine gost -CAfile "$O/pki/root.pem" "${untrusted[@]}" \
        -attime $(($(epoch "$nb") + 86400)) "$pem" >"$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    grep -q "^$pem: OK$" "$WORK/verify.out" || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    [[ $(openssl x509 -in "$pem" -noout -startdate -dateopt iso_8601) == \
        "notBefore=${nb:0:4}-${nb:4:2}-${nb:6:2} 00:00:00Z" ]] || die "$name: wrong notBefore"
done
text() { OPENSSL_CONF=$WORK/openssl.cnf openssl x509 -in "$O/pki/$1.pem" -noout -text 2>/dev/null; }
for n in ca signer signer_bad_snils signer_2001; do
    for what in "Signing Tool of Subject" "Signing Tool of Issuer" "Class of Signing Tool KC1"; do
        text "$n" | grep -q -- "$what" || die "$n: OpenSSL does not show $what"
    done
done
text signer_2001 | grep -q "Public Key Algorithm: GOST R 34.10-2001" || die "signer_2001: not a GOST R 34.10-2001 key"
text signer_2001 | grep -q "Signature Algorithm: GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)" ||
    die "signer_2001: not signed by the CA's 2012 key"
# The SNILS of signer_bad_snils is the signer's with its last digit changed.
asn1snils() { openssl asn1parse -in "$O/pki/$1.pem" | grep -A1 -E 'OBJECT +:SNILS$' | sed -n 's/.*NUMERICSTRING *://p'; }
[[ $(asn1snils signer) == "$PERSON_SNILS" && $(asn1snils signer_bad_snils) == "$(broken "$PERSON_SNILS")" ]] ||
    die "the SNILS are not as intended"

# ---------------------------------------------------------- signatures ---
# sign NAME SIGNER MD TIME: a detached CAdES-BES signature of doc.txt made at
# TIME (UTC, by faketime), checked by OpenSSL at that time.
printf 'Приказ № 17 от 10 июня 2024 г.\nО назначении ответственного за ведение реестра (тестовые данные gostverify).\n' >"$O/doc.txt"
# OpenSSL's cms has no -untrusted: ca.pem goes beside root.pem in the CAfile
# (the path still has to end at the self-signed root).
cat "$O/pki/root.pem" "$O/pki/ca.pem" >"$WORK/chain.pem"
sign() {
    local name=$1 signer=$2 md=$3 at=$4 sig=$O/$1.sig
    faketime -f "$at" openssl cms -sign -engine gost -binary -nosmimecap -cades -md "$md" \
        -signer "$O/pki/$signer.pem" -inkey "$O/pki/$signer.key.pem" -in "$O/doc.txt" \
        -outform DER -out "$sig" 2>"$WORK/ossl.err" || { cat "$WORK/ossl.err" >&2; die "$name: cms -sign failed"; }
    openssl cms -verify -engine gost -binary -cades -inform DER -in "$sig" -content "$O/doc.txt" \
        -CAfile "$WORK/chain.pem" -attime $(($(date -u -d "$at" +%s) + 3600)) \
        -out /dev/null >"$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    grep -q "CAdES Verification successful" "$WORK/verify.out" || { cat "$WORK/verify.out" >&2; die "$name does not verify"; }
    # the content changed: it must not verify
    printf 'x' | cat "$O/doc.txt" - >"$WORK/doc_changed.txt"
    ! openssl cms -verify -engine gost -binary -cades -inform DER -in "$sig" -content "$WORK/doc_changed.txt" \
        -CAfile "$WORK/chain.pem" -attime $(($(date -u -d "$at" +%s) + 3600)) \
        -out /dev/null >/dev/null 2>&1 || die "$name verifies over another document"
    openssl cms -cmsout -print -inform DER -in "$sig" >"$WORK/$name.print" 2>/dev/null
    grep -q "UTCTIME:$(date -u -d "$at" '+%b %e %H:%M:%S %Y') GMT" "$WORK/$name.print" ||
        die "$name: signingTime is not $at"
    grep -q "signingCertificateV2" "$WORK/$name.print" || die "$name: no ESS signingCertificateV2"
}
sign sig signer md_gost12_256 "2024-06-10 12:00:00"
sign sig_after_end signer md_gost12_256 "2025-03-10 12:00:00"
sign sig_bad_profile signer_bad_snils md_gost12_256 "2024-06-10 12:00:00"
sign sig_2001 signer_2001 md_gost94 "2024-06-10 12:00:00"
# SignerInfo's digest and signature algorithms (OpenSSL writes the key's OID
# as the signature algorithm, as CryptoPro CSP does); the signer's first.
[[ $(grep -E '^ {10}algorithm: ' "$WORK/sig_2001.print" | tail -2 | sed 's/.*(\(.*\))$/\1/' | tr '\n' ' ') == \
    "1.2.643.2.2.9 1.2.643.2.2.19 " ]] || die "sig_2001: not GOST R 34.11-94 with GOST R 34.10-2001"
[[ $(grep -E '^ {10}algorithm: ' "$WORK/sig.print" | tail -2 | sed 's/.*(\(.*\))$/\1/' | tr '\n' ' ') == \
    "1.2.643.7.1.1.2.2 1.2.643.7.1.1.1.1 " ]] || die "sig: not GOST R 34.11-2012-256 with GOST R 34.10-2012-256"

# --------------------------------------------------------------- lists ---
DSIG=http://www.w3.org/2000/09/xmldsig#
C14N=http://www.w3.org/2001/10/xml-exc-c14n#
SIGALG=urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256
DIGALG=urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256
ROOT_EL=АккредитованныеУдостоверяющиеЦентры

ski_of() { openssl x509 -in "$1" -noout -ext subjectKeyIdentifier | sed -n '2{s/[ :]//g;p}'; }
# certdata FILE: a ДанныеСертификата element for a certificate.
certdata() {
    local f=$1 nb na
    nb=$(openssl x509 -in "$f" -noout -startdate -dateopt iso_8601 | sed 's/^notBefore=//; s/ /T/')
    na=$(openssl x509 -in "$f" -noout -enddate -dateopt iso_8601 | sed 's/^notAfter=//; s/ /T/')
    cat <<EOF
              <ДанныеСертификата>
                <Отпечаток>$(openssl x509 -in "$f" -noout -fingerprint -sha1 | sed 's/^.*=//; s/://g')</Отпечаток>
                <КемВыдан>$(openssl x509 -in "$f" -noout -issuer -nameopt multiline,utf8,-esc_msb | sed -n 's/^ *commonName *= //p')</КемВыдан>
                <КомуВыдан>$(openssl x509 -in "$f" -noout -subject -nameopt multiline,utf8,-esc_msb | sed -n 's/^ *commonName *= //p')</КомуВыдан>
                <СерийныйНомер>$(openssl x509 -in "$f" -noout -serial | sed 's/^serial=//')</СерийныйНомер>
                <ПериодДействияС>$nb</ПериодДействияС>
                <ПериодДействияДо>$na</ПериодДействияДо>
                <Данные>$(openssl x509 -in "$f" -outform DER | base64 -w0)</Данные>
              </ДанныеСертификата>
EOF
}
status() {
    printf '      <СтатусАккредитации>\n        <Статус>%s</Статус>\n        <ДействуетС>%s</ДействуетС>\n      </СтатусАккредитации>\n' "$1" "$2"
}
# ca NAME SHORT INN OGRN REGNO CERT "HISTORY": an УдостоверяющийЦентр in the
# real schema. HISTORY is "STATUS FROM;STATUS FROM;..." in order; the last
# is the current status. CERT is the one certificate of its one key.
ca() {
    local name=$1 short=$2 inn=$3 ogrn=$4 regno=$5 cert=$6 history=$7 last entry
    cat <<EOF
  <УдостоверяющийЦентр>
    <Название>$name</Название>
    <ЭлектроннаяПочта>uc@example.ru</ЭлектроннаяПочта>
    <КраткоеНазвание>$short</КраткоеНазвание>
    <АдресСИнформациейПоУЦ>http://127.0.0.1:1/uc</АдресСИнформациейПоУЦ>
    <Адрес>
      <Страна>RU</Страна>
      <Регион>
        <Код>77</Код>
        <Название>г. Москва</Название>
      </Регион>
      <Индекс>101000</Индекс>
      <УлицаДом>ул. Тестовая, д. 795</УлицаДом>
      <Город>Москва</Город>
    </Адрес>
    <ПрограммноАппаратныеКомплексы>
      <ПрограммноАппаратныйКомплекс>
        <Псевдоним>$short ПАК 1</Псевдоним>
        <КлассСредствЭП>КС1, КС2</КлассСредствЭП>
        <Адрес>г. Москва, ул. Тестовая, д. 795</Адрес>
        <СредстваУЦ>"КриптоПро УЦ" версии 2.0 (тестовые данные)</СредстваУЦ>
        <КлючиУполномоченныхЛиц>
          <Ключ>
            <ИдентификаторКлюча>$(ski_of "$cert")</ИдентификаторКлюча>
            <АдресаСписковОтзыва>
              <Адрес>http://127.0.0.1:1/$inn.crl</Адрес>
            </АдресаСписковОтзыва>
            <Сертификаты>
$(certdata "$cert")
            </Сертификаты>
          </Ключ>
        </КлючиУполномоченныхЛиц>
      </ПрограммноАппаратныйКомплекс>
    </ПрограммноАппаратныеКомплексы>
    <ИНН>$inn</ИНН>
    <ОГРН>$ogrn</ОГРН>
    <РеестровыйНомер>$regno</РеестровыйНомер>
EOF
    IFS=';' read -ra entries <<<"$history"
    last=${entries[${#entries[@]}-1]}
    status "${last% *}" "${last##* }"
    echo "    <ИсторияСтатусовАккредитации>"
    for entry in "${entries[@]}"; do
        status "${entry% *}" "${entry##* }" | sed 's/^/  /'
    done
    echo "    </ИсторияСтатусовАккредитации>"
    echo "  </УдостоверяющийЦентр>"
}
# list VERSION DATE TEST_HISTORY: an unsigned list without its final newline;
# УЦ Тест-795 (ca.pem) with TEST_HISTORY, left out when it is empty, and УЦ
# Другой (ca_other.pem), accredited since 2021-09-15.
list() {
    cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<$ROOT_EL xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="scheme.xsd">
  <Версия>$1</Версия>
  <Дата>$2</Дата>
EOF
    [[ -z $3 ]] || ca 'ООО "УЦ Тест-795" (тестовые данные)' 'УЦ Тест-795' "$CA_INNLE" "$CA_OGRN" 795 "$O/pki/ca.pem" "$3"
    ca 'АО "УЦ Другой" (тестовые данные)' 'УЦ Другой' "$OTHER_INNLE" "$OTHER_OGRN" 796 "$O/pki/ca_other.pem" \
        'Действует 2021-09-15T00:00:00+03:00'
    printf '</%s>' "$ROOT_EL"
}
# sign_list UNSIGNED SIGNED: the enveloped signature of a list, by list_signer.
sign_list() {
    local unsigned=$1 signed=$2 digest signedinfo value cert body
    xmllint --exc-c14n "$unsigned" >"$WORK/doc.c14n" || die "xmllint cannot canonicalise $unsigned"
    digest=$(openssl dgst -engine gost -md_gost12_256 -binary "$WORK/doc.c14n" 2>/dev/null | base64 -w0)
    [[ -n $digest ]] || die "openssl dgst failed"
    signedinfo="<SignedInfo><CanonicalizationMethod Algorithm=\"$C14N\"></CanonicalizationMethod><SignatureMethod Algorithm=\"$SIGALG\"></SignatureMethod><Reference URI=\"\"><Transforms><Transform Algorithm=\"${DSIG}enveloped-signature\"></Transform><Transform Algorithm=\"$C14N\"></Transform></Transforms><DigestMethod Algorithm=\"$DIGALG\"></DigestMethod><DigestValue>$digest</DigestValue></Reference></SignedInfo>"
    printf '%s' "${signedinfo/<SignedInfo>/<SignedInfo xmlns=\"$DSIG\">}" >"$WORK/si.xml"
    xmllint --exc-c14n "$WORK/si.xml" >"$WORK/si.c14n" || die "xmllint cannot canonicalise SignedInfo"
    ossl dgst -engine gost -md_gost12_256 -sign "$O/pki/list_signer.key.pem" -binary -out "$WORK/si.sig" "$WORK/si.c14n"
    value=$(base64 -w0 "$WORK/si.sig")
    cert=$(openssl x509 -in "$O/pki/list_signer.pem" -outform DER | base64 -w0)
    body=$(cat "$unsigned")
    {
        printf '%s' "${body%</$ROOT_EL>}"
        printf '<Signature xmlns="%s">%s<SignatureValue>%s</SignatureValue><KeyInfo><X509Data><X509Certificate>%s</X509Certificate></X509Data></KeyInfo></Signature>' \
            "$DSIG" "$signedinfo" "$value" "$cert"
        printf '</%s>\n' "$ROOT_EL"
    } >"$signed"
}
# check FILE WANT: a signed list checked from the file alone. WANT is good,
# digest (the digest must not match) or signature (SignatureValue must not
# verify).
check() {
    local f=$1 want=$2 stated actual
    xmllint --noout "$f" || die "$f is not well-formed"
    sed 's#<Signature xmlns="[^"]*">.*</Signature>##' "$f" >"$WORK/check.unsigned"
    xmllint --exc-c14n "$WORK/check.unsigned" >"$WORK/check.c14n"
    stated=$(sed -n 's#.*<DigestValue>\([^<]*\)</DigestValue>.*#\1#p' "$f")
    actual=$(openssl dgst -engine gost -md_gost12_256 -binary "$WORK/check.c14n" 2>/dev/null | base64 -w0)
    if [[ $want == digest ]]; then
        [[ $stated != "$actual" ]] || die "$f: the digest matches"
    else
        [[ $stated == "$actual" ]] || die "$f: DigestValue $stated, the list's digest $actual"
    fi
    sed -n "s|.*<SignedInfo>\(.*\)</SignedInfo>.*|<SignedInfo xmlns=\"$DSIG\">\1</SignedInfo>|p" "$f" >"$WORK/check.si"
    xmllint --exc-c14n "$WORK/check.si" >"$WORK/check.si.c14n"
    sed -n 's#.*<SignatureValue>\([^<]*\)</SignatureValue>.*#\1#p' "$f" | base64 -d >"$WORK/check.sig"
    sed -n 's#.*<X509Certificate>\([^<]*\)</X509Certificate>.*#\1#p' "$f" | base64 -d |
        openssl x509 -engine gost -inform DER -noout -pubkey >"$WORK/check.pub" 2>/dev/null || die "$f: no KeyInfo certificate"
    if openssl dgst -engine gost -md_gost12_256 -verify "$WORK/check.pub" -signature "$WORK/check.sig" \
        "$WORK/check.si.c14n" >/dev/null 2>&1; then
        [[ $want != signature ]] || die "$f: SignatureValue verifies"
    else
        [[ $want == signature ]] || die "$f: SignatureValue does not verify"
    fi
}

ACTIVE='Действует 2021-08-02T00:00:00+03:00'
list 101 2024-06-01T10:00:00+03:00 "$ACTIVE" >"$O/list_unsigned.xml"
list 102 2025-02-10T10:00:00+03:00 "$ACTIVE;Прекращена 2025-02-01T00:00:00+03:00" >"$WORK/v2.xml"
list 201 2024-12-10T10:00:00+03:00 "$ACTIVE;Приостановлена 2024-09-02T00:00:00+03:00;Действует 2024-11-05T00:00:00+03:00" >"$WORK/suspended.xml"
list 301 2024-06-01T10:00:00+03:00 "" >"$WORK/absent.xml"
list 401 2024-06-01T10:00:00+03:00 "Действует 2024-05-01T00:00:00+03:00" >"$WORK/late.xml"
xmllint --noout "$O/list_unsigned.xml" "$WORK"/{v2,suspended,absent,late}.xml || die "a list is not well-formed"
grep -q 'УЦ Тест-795' "$WORK/absent.xml" && die "list_absent.xml names УЦ Тест-795"

sign_list "$O/list_unsigned.xml" "$O/list_v1.xml"
sign_list "$WORK/v2.xml" "$O/list_v2.xml"
sign_list "$WORK/suspended.xml" "$O/list_suspended.xml"
sign_list "$WORK/absent.xml" "$O/list_absent.xml"
sign_list "$WORK/late.xml" "$O/list_late.xml"
# v2 forged after signing: the CA's Прекращена made Действует again, in the
# current status and in the history.
sed 's#<Статус>Прекращена</Статус>#<Статус>Действует</Статус>#' "$O/list_v2.xml" >"$O/list_forged.xml"
[[ $(grep -c '<Статус>Действует</Статус>' "$O/list_forged.xml") -eq $(($(grep -c '<Статус>Действует</Статус>' "$O/list_v2.xml") + 2)) ]] ||
    die "list_forged.xml is not changed as intended"
# v1 with its SignatureValue's 20th character changed (still base64).
awk '{ i = index($0, "<SignatureValue>") + 16 + 19; c = substr($0, i, 1); r = (c == "A") ? "B" : "A";
       if (i > 35) $0 = substr($0, 1, i - 1) r substr($0, i + 1); print }' "$O/list_v1.xml" >"$O/list_badsig.xml"
cmp -s "$O/list_v1.xml" "$O/list_badsig.xml" && die "list_badsig.xml is not changed"

for f in list_v1 list_v2 list_suspended list_absent list_late; do
    check "$O/$f.xml" good
done
check "$O/list_forged.xml" digest
check "$O/list_badsig.xml" signature
grep -q '<Signature' "$O/list_unsigned.xml" && die "list_unsigned.xml is signed"
[[ $(sed 's#<Signature xmlns="[^"]*">.*</Signature>##' "$O/list_v1.xml") == "$(cat "$O/list_unsigned.xml")" ]] ||
    die "list_v1.xml is not list_unsigned.xml with a Signature element"
# The CA certificate in the lists is ca.pem, byte for byte.
[[ $(grep -o '<Данные>[^<]*</Данные>' "$O/list_v1.xml" | head -1 | sed 's#</\?Данные>##g') == \
    "$(openssl x509 -in "$O/pki/ca.pem" -outform DER | base64 -w0)" ]] || die "list_v1.xml does not hold ca.pem"

rm -f "$OUT"/*.sig "$OUT"/list_*.xml "$OUT"/pki/*.pem
mkdir -p "$OUT/pki"
cp "$O"/pki/* "$OUT/pki/"
cp "$O"/*.sig "$O"/list_*.xml "$O/doc.txt" "$OUT/"
echo "gen.sh: $(openssl version): wrote $(cd "$O" && ls -d ./*.* | sed "s,^./,," | tr "\\n" " ")and pki/ to $OUT"
