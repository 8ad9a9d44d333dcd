#!/usr/bin/env bash
# gen.sh - write small signed PDFs by hand (printf, offsets counted for the
#          xref), sign them with OpenSSL + gost-engine as CAdES-BES over the
#          ByteRange, and check every signature with `openssl cms -verify`
#          before writing anything.
#
# Requirements (Debian 12): apt-get install openssl libengine-gost-openssl
# Uses only bash, coreutils (stat, head, tail, od, dd, cmp, sha256sum) and
# openssl. The keys are testdata/cms/pki's (signer_2012_256, sub CA, root).
#
# Usage:
#     testdata/pdf/gen.sh [OUTDIR]     # OUTDIR defaults to this script's directory
#
# Output (see README.md for each file's expected outcome):
#     signed.pdf changed.pdf appended.pdf two.pdf objstm.pdf unsigned.pdf
#     badxref.pdf bomb_depth.pdf bomb_stream.pdf
#     HASHES.tsv   per signature: the Streebog-256 and SHA-256 of the bytes
#                  OpenSSL signed (the ByteRange's two ranges)
#
# The PDFs' structure (objects, offsets, ByteRanges) is the same on every
# run; the CMS inside /Contents is new on every run (random k, signingTime).
set -euo pipefail
export LC_ALL=C

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=${1:-$SCRIPT_DIR}
PKI=$SCRIPT_DIR/../cms/pki

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"
for f in signer_2012_256.pem signer_2012_256.key.pem sub.pem root.pem; do
    [[ -f $PKI/$f ]] || die "missing $PKI/$f (run testdata/cms/gen.sh)"
done

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostpdf.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
O=$WORK/out
mkdir -p "$O"

HEXLEN=16384 # /Contents placeholder: 8192 bytes, hex
ZEROS=$(printf '%*s' "$HEXLEN" '' | tr ' ' 0)
BRPH='XXXXXXXXXX YYYYYYYYYY ZZZZZZZZZZ' # ByteRange placeholder, 3 × 10 characters

size() { stat -c %s "$1"; }

# sigdict NUM NAME-HEX REASON: a signature dictionary with placeholders.
# NAME-HEX is a UTF-16BE text string in hex (with its BOM).
sigdict() {
    printf '%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n' "$1"
    printf '/ByteRange [0 %s]\n/Contents <%s>\n' "$BRPH" "$ZEROS"
    printf "/M (D:20240315120000+03'00')\n/Name <%s>\n/Reason (%s)\n" "$2" "$3"
    printf '/Location (Moscow)\n/ContactInfo (signer@example.ru)\n>>\nendobj\n'
}

# xref_entry OFFSET: one 20-byte in-use entry (§7.5.4).
xref_entry() { printf '%010d 00000 n\r\n' "$1"; }

# be NBYTES VALUE: VALUE big-endian in NBYTES bytes.
be() {
    local n=$1 v=$2 i
    for ((i = n - 1; i >= 0; i--)); do
        printf "\\x$(printf %02x $(((v >> (8 * i)) & 255)))"
    done
}

PAGE='<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Annots [4 0 R] >>'
CONTENT='BT /F1 24 Tf 72 760 Td (Hello, signed world) Tj ET'
# Иванов Иван, Петров Пётр in UTF-16BE with the BOM.
IVANOV=FEFF041804320430043D043E04320020041804320430043D
PETROV=FEFF041F043504420440043E04320020041F045104420440

# base FILE signed|unsigned: the original document, one page, one
# signature field. "signed" gives the field /V 5 0 R, a signature
# dictionary with placeholders; "unsigned" leaves the field empty.
base() {
    local f=$1 mode=$2 o1 o2 o3 o4 o5=0 o6 ox
    printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n' >"$f"
    o1=$(size "$f")
    printf '1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>\nendobj\n' >>"$f"
    o2=$(size "$f")
    printf '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' >>"$f"
    o3=$(size "$f")
    printf '3 0 obj\n%s\nendobj\n' "$PAGE" >>"$f"
    o4=$(size "$f")
    if [[ $mode == signed ]]; then
        printf '4 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V 5 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>\nendobj\n' >>"$f"
        o5=$(size "$f")
        sigdict 5 "$IVANOV" 'Approved \(test\)' >>"$f"
    else
        printf '4 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /F 132 /P 3 0 R >>\nendobj\n' >>"$f"
    fi
    o6=$(size "$f")
    printf '6 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n' "${#CONTENT}" "$CONTENT" >>"$f"
    ox=$(size "$f")
    {
        printf 'xref\n0 7\n0000000000 65535 f\r\n'
        for o in "$o1" "$o2" "$o3" "$o4"; do xref_entry "$o"; done
        if [[ $mode == signed ]]; then xref_entry "$o5"; else printf '0000000000 00001 f\r\n'; fi
        xref_entry "$o6"
        printf 'trailer\n<< /Size 7 /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\n'
        printf 'startxref\n%d\n%%%%EOF\n' "$ox"
    } >>"$f"
}

# ranges FILE B C D OUT: the two ranges [0,B) and [C,C+D) into OUT.
ranges() {
    head -c "$2" "$1" >"$5"
    tail -c +"$(($3 + 1))" "$1" | head -c "$4" >>"$5"
}

# sign FILE LABEL: fill the (only) unfilled placeholders of FILE: the
# ByteRange covering the whole file but for the /Contents string, then the
# CMS signed over those two ranges. Verifies it and records the hashes.
sign() {
    local f=$1 label=$2 brpos cpos hole_end b c d hex
    brpos=$(grep -boa 'XXXXXXXXXX YYYYYYYYYY ZZZZZZZZZZ' "$f" | cut -d: -f1)
    [[ -n $brpos && $brpos != *$'\n'* ]] || die "$label: not exactly one ByteRange placeholder"
    cpos=$(grep -boa "/Contents <$ZEROS>" "$f" | cut -d: -f1)
    [[ -n $cpos && $cpos != *$'\n'* ]] || die "$label: not exactly one /Contents placeholder"
    b=$((cpos + 10))               # the "<"
    hole_end=$((b + HEXLEN + 2))   # just after the ">"
    c=$hole_end
    d=$(($(size "$f") - c))
    printf '%-10d %-10d %-10d' "$b" "$c" "$d" | dd of="$f" bs=1 seek="$brpos" conv=notrunc status=none
    ranges "$f" "$b" "$c" "$d" "$WORK/$label.ranges"
    openssl cms -sign -engine gost -binary -cades -outform DER -nosmimecap -md md_gost12_256 \
        -signer "$PKI/signer_2012_256.pem" -inkey "$PKI/signer_2012_256.key.pem" \
        -certfile "$PKI/sub.pem" -in "$WORK/$label.ranges" -out "$WORK/$label.p7s" 2>"$WORK/err" ||
        die "$label: openssl cms -sign: $(cat "$WORK/err")"
    hex=$(od -An -v -tx1 "$WORK/$label.p7s" | tr -d ' \n')
    ((${#hex} <= HEXLEN)) || die "$label: CMS of ${#hex} hex digits does not fit the placeholder"
    printf '%s' "$hex" | dd of="$f" bs=1 seek="$((b + 1))" conv=notrunc status=none
    # What is in the file now: the hex where it belongs, the ranges unchanged.
    [[ $(dd if="$f" bs=1 skip="$((b + 1))" count="${#hex}" status=none) == "$hex" ]] || die "$label: hex not in place"
    ranges "$f" "$b" "$c" "$d" "$WORK/$label.check"
    cmp -s "$WORK/$label.ranges" "$WORK/$label.check" || die "$label: signed ranges changed"
    verify "$f" "$label" "$b" "$c" "$d" "$WORK/$label.p7s" ||
        die "$label: openssl cms -verify fails: $(cat "$WORK/err")"
    local streebog sha
    read -r streebog _ < <(openssl dgst -engine gost -md_gost12_256 -r "$WORK/$label.ranges" 2>/dev/null)
    read -r sha _ < <(sha256sum "$WORK/$label.ranges")
    SIGNED[$label]="$b $c $d $streebog $sha"
}

# verify FILE LABEL B C D P7S: openssl cms -verify over FILE's two ranges.
verify() {
    ranges "$1" "$3" "$4" "$5" "$WORK/$2.verify"
    openssl cms -verify -engine gost -binary -inform DER -in "$6" -content "$WORK/$2.verify" \
        -CAfile "$PKI/root.pem" -certfile "$PKI/sub.pem" -purpose any -out /dev/null 2>"$WORK/err"
}

declare -A SIGNED

# --- signed.pdf: one signature covering the whole file.
base "$O/signed.pdf" signed
sign "$O/signed.pdf" signed

# --- unsigned.pdf: a signature field that was never signed.
base "$O/unsigned.pdf" unsigned

# --- changed.pdf: one byte of the page content changed after signing.
cp "$O/signed.pdf" "$O/changed.pdf"
pos=$(grep -boa 'Hello, signed world' "$O/changed.pdf" | cut -d: -f1)
printf 'J' | dd of="$O/changed.pdf" bs=1 seek="$pos" conv=notrunc status=none
read -r b c d _ <<<"${SIGNED[signed]}"
if verify "$O/changed.pdf" changed "$b" "$c" "$d" "$WORK/signed.p7s"; then
    die "changed.pdf: openssl cms -verify passes"
fi
grep -q 'digest failure\|CMS_SignerInfo_verify_content' "$WORK/err" || die "changed.pdf: not a digest failure: $(cat "$WORK/err")"

# --- appended.pdf: bytes appended after the signed file.
cp "$O/signed.pdf" "$O/appended.pdf"
printf '%% appended after signing\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' >>"$O/appended.pdf"
verify "$O/appended.pdf" appended "$b" "$c" "$d" "$WORK/signed.p7s" || die "appended.pdf: the signature no longer verifies"

# --- two.pdf: a second signature added by an incremental update.
cp "$O/signed.pdf" "$O/two.pdf"
f=$O/two.pdf
prev=$(grep -boa '^xref' "$f" | tail -1 | cut -d: -f1)
o1=$(size "$f")
printf '1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 7 0 R] /SigFlags 3 >> >>\nendobj\n' >>"$f"
o3=$(size "$f")
printf '3 0 obj\n%s\nendobj\n' "${PAGE/\/Annots \[4 0 R\]/\/Annots [4 0 R 7 0 R]}" >>"$f"
o7=$(size "$f")
printf '7 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature2) /V 8 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>\nendobj\n' >>"$f"
o8=$(size "$f")
sigdict 8 "$PETROV" 'Agreed' >>"$f"
ox=$(size "$f")
{
    printf 'xref\n0 2\n0000000000 65535 f\r\n'
    xref_entry "$o1"
    printf '3 1\n'
    xref_entry "$o3"
    printf '7 2\n'
    xref_entry "$o7"
    xref_entry "$o8"
    printf 'trailer\n<< /Size 9 /Root 1 0 R /Prev %d /ID [<0123456789ABCDEF0123456789ABCDEF> <FEDCBA9876543210FEDCBA9876543210>] >>\n' "$prev"
    printf 'startxref\n%d\n%%%%EOF\n' "$ox"
} >>"$f"
sign "$f" two2
SIGNED[two1]=${SIGNED[signed]}
verify "$f" two1 "$b" "$c" "$d" "$WORK/signed.p7s" || die "two.pdf: the first signature no longer verifies"

# --- objstm.pdf: catalog, pages, page and field in an object stream,
# found through an xref stream (PDF 1.5, §7.5.7, §7.5.8). The streams are
# not compressed (no zlib in this toolset; the reader's FlateDecode and PNG
# predictors are tested in Go).
f=$O/objstm.pdf
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n' >"$f"
o5=$(size "$f")
sigdict 5 "$IVANOV" 'Approved' >>"$f"
o6=$(size "$f")
printf '6 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n' "${#CONTENT}" "$CONTENT" >>"$f"
objs=(
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>'
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'
    "$PAGE"
    '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V 5 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>'
)
hdr='' body='' at=0
for i in 0 1 2 3; do
    hdr+="$((i + 1)) $at "
    body+="${objs[i]}"$'\n'
    at=${#body}
done
hdr+=$'\n'
o7=$(size "$f")
printf '7 0 obj\n<< /Type /ObjStm /N 4 /First %d /Length %d >>\nstream\n%s%s\nendstream\nendobj\n' \
    "${#hdr}" "$((${#hdr} + ${#body}))" "$hdr" "$body" >>"$f"
o8=$(size "$f")
printf '8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] /Length 63 >>\nstream\n' >>"$f"
{
    be 1 0; be 4 0; be 2 65535
    for i in 0 1 2 3; do be 1 2; be 4 7; be 2 "$i"; done
    for o in "$o5" "$o6" "$o7" "$o8"; do be 1 1; be 4 "$o"; be 2 0; done
    printf '\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' "$o8"
} >>"$f"
sign "$f" objstm

# --- badxref.pdf: signed.pdf with the catalog's xref offset off by 5.
cp "$O/signed.pdf" "$O/badxref.pdf"
f=$O/badxref.pdf
xpos=$(grep -boa '^xref' "$f" | tail -1 | cut -d: -f1)
e1=$((xpos + 5 + 4 + 20)) # after "xref\n", "0 7\n" and the entry of object 0
entry=$(dd if="$f" bs=1 skip="$e1" count=10 status=none)
[[ $entry =~ ^[0-9]{10}$ ]] || die "badxref.pdf: no xref entry at $e1 ($entry)"
printf '%010d' "$((10#$entry + 5))" | dd of="$f" bs=1 seek="$e1" conv=notrunc status=none

# --- bomb_depth.pdf: the catalog's /AcroForm /Fields nest 100 000 arrays.
f=$O/bomb_depth.pdf
printf '%%PDF-1.7\n' >"$f"
o1=$(size "$f")
{
    printf '1 0 obj\n<< /Type /Catalog /AcroForm << /Fields '
    printf '%.0s[' {1..100000}
    printf '%.0s]' {1..100000}
    printf ' >> >>\nendobj\n'
} >>"$f"
ox=$(size "$f")
{ printf 'xref\n0 2\n0000000000 65535 f\r\n'; xref_entry "$o1"; printf 'trailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' "$ox"; } >>"$f"

# --- bomb_stream.pdf: an xref stream whose /Length claims 9 999 999 999 bytes.
f=$O/bomb_stream.pdf
printf '%%PDF-1.7\n' >"$f"
o1=$(size "$f")
printf '1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Root 1 0 R /Length 9999999999 >>\nstream\n' >>"$f"
{ be 1 0; be 4 0; be 2 65535; be 1 1; be 4 "$o1"; be 2 0; printf '\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' "$o1"; } >>"$f"

# --- HASHES.tsv
{
    printf 'file\tsignature\tbyte_range\tstreebog256\tsha256\n'
    for row in "signed.pdf 1 signed" "changed.pdf 1 signed" "appended.pdf 1 signed" \
        "two.pdf 1 two1" "two.pdf 2 two2" "objstm.pdf 1 objstm"; do
        read -r file n label <<<"$row"
        read -r b c d streebog sha <<<"${SIGNED[$label]}"
        printf '%s\t%s\t0 %s %s %s\t%s\t%s\n' "$file" "$n" "$b" "$c" "$d" "$streebog" "$sha"
    done
} >"$O/HASHES.tsv"

cp "$O"/*.pdf "$O/HASHES.tsv" "$OUTDIR/"
echo "gen.sh: wrote $(ls "$O" | wc -l) files to $OUTDIR" >&2
