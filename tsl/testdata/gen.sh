#!/usr/bin/env bash
# gen.sh - make test editions of the Минцифры list of accredited CAs in the
#          real schema, around the OpenSSL-made test PKIs of testdata/cms and
#          testdata/cades (read only), signed as Минцифры signs the list:
#          enveloped XMLDSig, exclusive C14N, GOST R 34.10-2012-256 with
#          GOST R 34.11-2012-256.
#
# Requirements (Debian 12):
#     apt-get install openssl libengine-gost-openssl libxml2-utils
# Uses bash, coreutils, sed, openssl and xmllint; no Go, so that a bug in the
# code under test cannot hide in the fixtures.
#
# Usage:
#     tsl/testdata/gen.sh [OUTDIR]          # OUTDIR defaults to this directory
#     TSL_FIXTURE_KEEP=1 tsl/testdata/gen.sh /tmp/x   # keep the work directory
#
# How a list is signed (every step an independent tool):
#     1. the unsigned list is written;
#     2. `xmllint --exc-c14n` canonicalises it; the Reference's DigestValue is
#        `openssl dgst -md_gost12_256 -binary` of that, base64, as is;
#     3. SignedInfo is written with the xmldsig namespace declared on it,
#        canonicalised by `xmllint --exc-c14n`, signed with
#        `openssl dgst -md_gost12_256 -sign`; SignatureValue is that, as is;
#     4. the Signature element goes in just before the root's end tag.
# Every file written is then checked again from the file itself: the list
# without its Signature element canonicalises to the digest it states, and
# SignedInfo, cut out and canonicalised, verifies with
# `openssl dgst -verify` and the key of the KeyInfo certificate (or, for the
# broken files, does not).
set -euo pipefail
export LC_ALL=C.UTF-8

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
OUTDIR=${1:-$SCRIPT_DIR}
CMS=$REPO/testdata/cms/pki
CADES=$REPO/testdata/cades/pki

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
command -v xmllint >/dev/null || die "xmllint not found (apt-get install libxml2-utils)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

mkdir -p "$OUTDIR/pki"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gosttsl.XXXXXX")
trap '[[ -n ${TSL_FIXTURE_KEEP:-} ]] && echo "gen.sh: kept $WORK" >&2 || rm -rf "$WORK"' EXIT
O=$WORK/out
mkdir -p "$O/pki"

ossl() { openssl "$@" 2>"$WORK/ossl.err" || { cat "$WORK/ossl.err" >&2; die "openssl $1 failed"; }; }

DSIG=http://www.w3.org/2000/09/xmldsig#
C14N=http://www.w3.org/2001/10/xml-exc-c14n#
SIGALG=urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256
DIGALG=urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256

# --------------------------------------------------------------------- PKI ---
# The list's signer: a GOST R 34.10-2012-256 key and a certificate issued by
# the root of testdata/cms (whose key is only read), named after the real
# signer (whose full name is longer than OpenSSL allows).
cat >"$WORK/signer.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
string_mask = utf8only
utf8 = yes
[dn]
C = RU
O = МИНИСТЕРСТВО ЦИФРОВОГО РАЗВИТИЯ (тестовые данные)
CN = Минцифры России (тестовые данные)
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
ossl genpkey -engine gost -algorithm gost2012_256 -pkeyopt paramset:A -out "$O/pki/signer.key.pem"
ossl req -engine gost -new -key "$O/pki/signer.key.pem" -config "$WORK/signer.cnf" -out "$WORK/signer.csr"
ossl x509 -engine gost -req -in "$WORK/signer.csr" -CA "$CMS/root.pem" -CAkey "$CMS/root.key.pem" \
    -md_gost12_512 -set_serial 0x5151 -days 3650 -extfile "$WORK/signer.cnf" -extensions ext \
    -out "$O/pki/signer.pem"
openssl verify -engine gost -CAfile "$CMS/root.pem" "$O/pki/signer.pem" >/dev/null 2>&1 ||
    die "signer.pem does not verify against testdata/cms/pki/root.pem"
ossl x509 -engine gost -in "$O/pki/signer.pem" -noout -pubkey -out "$WORK/signer.pub"

# Another certificate of the key of testdata/cades/pki/root.pem (self-signed
# again, as a CA certifies its key anew): the list names that key by this
# certificate, so the original root.pem is found only by its key identifier.
cat >"$WORK/reissue.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
string_mask = utf8only
utf8 = yes
[dn]
C = RU
O = gostverify (тестовые данные)
CN = Головной УЦ gostverify (CAdES), сертификат 2
[ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
# `openssl ca -selfsign`, for its fixed dates (req -x509 starts now).
mkdir -p "$WORK/ca"
: >"$WORK/ca/index.txt"
echo 5252 >"$WORK/ca/serial"
cat >>"$WORK/reissue.cnf" <<EOF
[ca]
default_ca = selfsign
[selfsign]
database = $WORK/ca/index.txt
serial = $WORK/ca/serial
new_certs_dir = $WORK/ca
policy = anything
email_in_dn = no
unique_subject = no
[anything]
countryName = optional
organizationName = optional
commonName = supplied
EOF
ossl req -engine gost -new -key "$CADES/root.key.pem" -config "$WORK/reissue.cnf" -out "$WORK/reissue.csr"
ossl ca -engine gost -batch -selfsign -config "$WORK/reissue.cnf" -keyfile "$CADES/root.key.pem" \
    -in "$WORK/reissue.csr" -extensions ext -extfile "$WORK/reissue.cnf" -md md_gost12_256 -utf8 \
    -startdate 20251201000000Z -enddate 20351201000000Z -notext -out "$O/pki/cades_root_reissued.pem"
ski_of() { openssl x509 -in "$1" -noout -ext subjectKeyIdentifier | sed -n '2{s/[ :]//g;p}'; }
[[ $(ski_of "$O/pki/cades_root_reissued.pem") == $(ski_of "$CADES/root.pem") ]] ||
    die "the reissued root has another key identifier"
cmp -s <(openssl x509 -in "$O/pki/cades_root_reissued.pem" -outform DER) <(openssl x509 -in "$CADES/root.pem" -outform DER) &&
    die "the reissued root is the same certificate"

# ------------------------------------------------------------------ a CA ---
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

# status STATUS FROM: a СтатусАккредитации element.
status() {
    printf '      <СтатусАккредитации>\n        <Статус>%s</Статус>\n        <ДействуетС>%s</ДействуетС>\n      </СтатусАккредитации>\n' "$1" "$2"
}

# ca NAME SHORT INN OGRN REGNO CERT "HISTORY" [SUCCESSOR]: an УдостоверяющийЦентр.
# HISTORY is "STATUS FROM;STATUS FROM;..." in order; the last is the current
# status. The key is named by CERT's subject key identifier, and CERT is its
# one certificate.
ca() {
    local name=$1 short=$2 inn=$3 ogrn=$4 regno=$5 cert=$6 history=$7 successor=${8:-}
    local last entry
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
      <УлицаДом>ул. Тестовая, д. 1</УлицаДом>
      <Город>Москва</Город>
    </Адрес>
    <ПрограммноАппаратныеКомплексы>
      <ПрограммноАппаратныйКомплекс>
        <Псевдоним>$short ПАК 1</Псевдоним>
        <КлассСредствЭП>КС1, КС2</КлассСредствЭП>
        <Адрес>г. Москва, ул. Тестовая, д. 1</Адрес>
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
    [[ -n $successor ]] && echo "    <ПолномочияПереданыУЦсОГРН>$successor</ПолномочияПереданыУЦсОГРН>"
    echo "  </УдостоверяющийЦентр>"
}

# list VERSION DATE ALPHA_HISTORY: an unsigned list, without its final newline
# (the Signature goes before the root's end tag).
list() {
    cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<АккредитованныеУдостоверяющиеЦентры xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="scheme.xsd">
  <Версия>$1</Версия>
  <Дата>$2</Дата>
EOF
    # Accredited under the new rules since 2021-08-02 (in v2, until 2027-02-01).
    ca 'ООО "УЦ Альфа" (тестовые данные)' 'УЦ Альфа' 7700000016 1027700000019 1001 "$CMS/sub.pem" "$3"
    # Accreditation ended on 2026-10-01, powers transferred to Альфа.
    ca 'АО "УЦ Бета" (тестовые данные)' 'УЦ Бета' 7700000023 1027700000020 1002 "$CADES/ca.pem" \
        'Действует 2021-07-20T00:00:00+03:00;Прекращена 2026-10-01T00:00:00+03:00' 1027700000019
    # Suspended from 2026-03-01 to 2026-06-01; its key is listed by another
    # certificate of the same key.
    ca 'ООО "УЦ Гамма" (тестовые данные)' 'УЦ Гамма' 7700000030 1027700000031 1003 "$O/pki/cades_root_reissued.pem" \
        'Действует 2021-09-01T00:00:00+03:00;Приостановлена 2026-03-01T00:00:00+03:00;Действует 2026-06-01T00:00:00+03:00'
    # Accredited since 2012 and never again: under the old rules only.
    ca 'ФГУП "УЦ Дельта" (тестовые данные)' 'УЦ Дельта' 7700000047 1027700000042 1004 "$CMS/root.pem" \
        'Действует 2012-05-10T00:00:00+04:00'
    printf '</АккредитованныеУдостоверяющиеЦентры>'
}

# sign UNSIGNED SIGNED: the enveloped signature of a list.
sign() {
    local unsigned=$1 signed=$2 digest signedinfo value cert body
    xmllint --exc-c14n "$unsigned" >"$WORK/doc.c14n" || die "xmllint cannot canonicalise $unsigned"
    digest=$(openssl dgst -engine gost -md_gost12_256 -binary "$WORK/doc.c14n" 2>/dev/null | base64 -w0)
    [[ -n $digest ]] || die "openssl dgst failed"
    signedinfo="<SignedInfo><CanonicalizationMethod Algorithm=\"$C14N\"></CanonicalizationMethod><SignatureMethod Algorithm=\"$SIGALG\"></SignatureMethod><Reference URI=\"\"><Transforms><Transform Algorithm=\"${DSIG}enveloped-signature\"></Transform><Transform Algorithm=\"$C14N\"></Transform></Transforms><DigestMethod Algorithm=\"$DIGALG\"></DigestMethod><DigestValue>$digest</DigestValue></Reference></SignedInfo>"
    printf '%s' "${signedinfo/<SignedInfo>/<SignedInfo xmlns=\"$DSIG\">}" >"$WORK/si.xml"
    xmllint --exc-c14n "$WORK/si.xml" >"$WORK/si.c14n" || die "xmllint cannot canonicalise SignedInfo"
    ossl dgst -engine gost -md_gost12_256 -sign "$O/pki/signer.key.pem" -binary -out "$WORK/si.sig" "$WORK/si.c14n"
    value=$(base64 -w0 "$WORK/si.sig")
    cert=$(openssl x509 -in "$O/pki/signer.pem" -outform DER | base64 -w0)
    body=$(cat "$unsigned")
    {
        printf '%s' "${body%</АккредитованныеУдостоверяющиеЦентры>}"
        printf '<Signature xmlns="%s">%s<SignatureValue>%s</SignatureValue><KeyInfo><X509Data><X509Certificate>%s</X509Certificate></X509Data></KeyInfo></Signature>' \
            "$DSIG" "$signedinfo" "$value" "$cert"
        printf '</АккредитованныеУдостоверяющиеЦентры>\n'
    } >"$signed"
}

# check FILE want: check a signed list from the file alone. want is "good",
# "digest" (the digest must not match) or "signature" (SignatureValue must
# not verify).
check() {
    local f=$1 want=$2 stated actual
    xmllint --noout "$f" || die "$f is not well-formed"
    # The enveloped-signature transform: the list without its Signature.
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

# ----------------------------------------------------------------- lists ---
ALPHA1='Действует 2021-08-02T00:00:00+03:00'
ALPHA2='Действует 2021-08-02T00:00:00+03:00;Прекращена 2027-02-01T00:00:00+03:00'
list 1001 2026-12-01T10:00:00+03:00 "$ALPHA1" >"$O/list_unsigned.xml"
list 1002 2027-02-15T10:00:00+03:00 "$ALPHA2" >"$WORK/v2.unsigned.xml"
xmllint --noout "$O/list_unsigned.xml" "$WORK/v2.unsigned.xml" || die "a list is not well-formed"

sign "$O/list_unsigned.xml" "$O/list_v1.xml"
sign "$WORK/v2.unsigned.xml" "$O/list_v2.xml"
# The list changed after signing: one digit of Бета's ИНН.
sed 's#<ИНН>7700000023</ИНН>#<ИНН>7700000024</ИНН>#' "$O/list_v1.xml" >"$O/list_changed.xml"
cmp -s "$O/list_v1.xml" "$O/list_changed.xml" && die "list_changed.xml is not changed"
# A SignatureValue with its 20th character changed (still base64).
awk '{ i = index($0, "<SignatureValue>") + 16 + 19; c = substr($0, i, 1); r = (c == "A") ? "B" : "A";
       if (i > 35) $0 = substr($0, 1, i - 1) r substr($0, i + 1); print }' "$O/list_v1.xml" >"$O/list_badsig.xml"
cmp -s "$O/list_v1.xml" "$O/list_badsig.xml" && die "list_badsig.xml is not changed"

check "$O/list_v1.xml" good
check "$O/list_v2.xml" good
check "$O/list_changed.xml" digest
check "$O/list_badsig.xml" signature
grep -q '<Signature' "$O/list_unsigned.xml" && die "list_unsigned.xml is signed"
[[ $(sed 's#<Signature xmlns="[^"]*">.*</Signature>##' "$O/list_v1.xml") == "$(cat "$O/list_unsigned.xml")" ]] ||
    die "list_v1.xml is not list_unsigned.xml with a Signature element"

cp "$O/pki/"* "$OUTDIR/pki/"
cp "$O/"list_*.xml "$OUTDIR/"
echo "gen.sh: wrote $(cd "$O" && ls list_*.xml pki/* | tr '\n' ' ')to $OUTDIR"
