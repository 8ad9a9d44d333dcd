#!/usr/bin/env bash
# gen.sh - generate GOST R 34.10 signature / certificate fixtures with
#          OpenSSL 3.0 + gost-engine, self-checking every file it writes.
#
# Requirements (Debian 12, nothing else, no network):
#     apt-get install openssl libengine-gost-openssl
# Uses only bash, coreutils (od, head, tr, mktemp, ...) and openssl.
# No jq, xxd or python needed: JSON and hex are produced in pure bash.
#
# Usage:
#     testdata/gost/gen.sh [OUTDIR]          # OUTDIR defaults to this script's directory
#     GOST_FIXTURE_COUNT=4 testdata/gost/gen.sh /tmp/fx   # 4 messages per key (default 16)
#
# Output (file names are fixed; keys, messages, serials are random each run):
#     OUTDIR/<name>.json          one per key/paramset combination (see README.md)
#     OUTDIR/chains/*.pem         two CA -> leaf certificate chains (see chains/README.md)
#
# Self-checks (the script exits non-zero with a message if any fails):
#     * every signature verifies with `openssl dgst -verify`;
#     * with one random bit flipped in the message, or in the signature, it does not;
#     * every self-signed certificate verifies (including its own signature);
#     * every chain leaf verifies against its CA.
set -euo pipefail

die() { echo "gen.sh: ERROR: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=${1:-$SCRIPT_DIR}
N=${GOST_FIXTURE_COUNT:-16}
[[ $N =~ ^[0-9]+$ && $N -ge 1 ]] || die "GOST_FIXTURE_COUNT must be a positive integer (got '$N')"
MAXLEN=300

command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
openssl engine gost -t >/dev/null 2>&1 ||
    die "OpenSSL cannot load the gost engine (apt-get install libengine-gost-openssl)"

mkdir -p "$OUTDIR/chains"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gostfx.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Private OpenSSL config so the host's /etc/ssl/openssl.cnf cannot change the
# certificate extensions.  The engine itself is loaded with -engine gost.
CONF=$WORK/openssl.cnf
cat >"$CONF" <<'EOF'
[req]
distinguished_name = req_dn
x509_extensions    = v3_ca
string_mask        = utf8only
[req_dn]
[v3_ca]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
[v3_leaf]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF
export OPENSSL_CONF=$CONF

# ---------------------------------------------------------------- helpers ---
# ossl ARGS...: run openssl; keep stderr quiet ("Engine "gost" set.") unless it fails.
ossl() {
    if ! openssl "$@" 2>"$WORK/ossl.err"; then
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

# rand_below N: uniform-ish random integer in [0, N).
rand_below() {
    local r
    r=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    echo $((r % $1))
}

# flip_bit_hex HEX: HEX with one random bit flipped.
flip_bit_hex() {
    local hex=$1 nbytes pos bit b
    nbytes=$((${#hex} / 2))
    pos=$(rand_below "$nbytes")
    bit=$(rand_below 8)
    b=$((16#${hex:pos*2:2} ^ (1 << bit)))
    printf '%s%02x%s' "${hex:0:pos*2}" "$b" "${hex:pos*2+2}"
}

# json_pem FILE: the file's text as a JSON string body (newlines -> \n).
# PEM only contains [A-Za-z0-9+/= -], so nothing else needs escaping.
json_pem() {
    local line out=""
    while IFS= read -r line || [[ -n $line ]]; do out+="$line\\n"; done <"$1"
    printf '%s' "$out"
}

# oid_from_hex HEX: dotted-decimal OID from the content octets of an OBJECT IDENTIFIER.
oid_from_hex() {
    local hex=$1 i b v=0 first=1 out=""
    for ((i = 0; i < ${#hex}; i += 2)); do
        b=$((16#${hex:i:2}))
        v=$(((v << 7) | (b & 0x7f)))
        if ((b & 0x80)); then continue; fi
        if ((first)); then
            if ((v < 40)); then out="0.$v"
            elif ((v < 80)); then out="1.$((v - 40))"
            else out="2.$((v - 80))"; fi
            first=0
        else
            out+=".$v"
        fi
        v=0
    done
    printf '%s' "$out"
}

# der_oids DERFILE: every OBJECT IDENTIFIER in the file, dotted, one per line,
# in encoding order (offsets from `openssl asn1parse`, bytes decoded here).
der_oids() {
    local der=$1 hex line off hl len
    hex=$(hexof "$der")
    openssl asn1parse -inform DER -in "$der" >"$WORK/asn1.txt" 2>/dev/null ||
        die "asn1parse failed on $der"
    while IFS= read -r line; do
        if [[ $line =~ ^\ *([0-9]+):d=[0-9]+\ +hl=([0-9]+)\ +l=\ *([0-9]+)\ +prim:\ +OBJECT ]]; then
            off=${BASH_REMATCH[1]} hl=${BASH_REMATCH[2]} len=${BASH_REMATCH[3]}
            oid_from_hex "${hex:(off + hl) * 2:len * 2}"
            echo
        fi
    done <"$WORK/asn1.txt"
}

# der_oid_names DERFILE: OpenSSL's names of the same OIDs, one per line.
der_oid_names() {
    openssl asn1parse -inform DER -in "$1" 2>/dev/null |
        while IFS= read -r line; do
            [[ $line == *"prim: OBJECT"* ]] && printf '%s\n' "${line##*:}"
        done
}

# ------------------------------------------------------------ combinations ---
# name  openssl-algorithm  openssl-paramset  digest
COMBOS=(
    "2001-test              gost2001      0    md_gost94"
    "2001-CryptoPro-A       gost2001      A    md_gost94"
    "2001-CryptoPro-B       gost2001      B    md_gost94"
    "2001-CryptoPro-C       gost2001      C    md_gost94"
    "2001-CryptoPro-XchA    gost2001      XA   md_gost94"
    "2001-CryptoPro-XchB    gost2001      XB   md_gost94"
    "2012-256-CryptoPro-A   gost2012_256  A    md_gost12_256"
    "2012-256-CryptoPro-B   gost2012_256  B    md_gost12_256"
    "2012-256-CryptoPro-C   gost2012_256  C    md_gost12_256"
    "2012-256-CryptoPro-XchA gost2012_256 XA   md_gost12_256"
    "2012-256-CryptoPro-XchB gost2012_256 XB   md_gost12_256"
    "2012-256-TC26-A        gost2012_256  TCA  md_gost12_256"
    "2012-256-TC26-B        gost2012_256  TCB  md_gost12_256"
    "2012-256-TC26-C        gost2012_256  TCC  md_gost12_256"
    "2012-256-TC26-D        gost2012_256  TCD  md_gost12_256"
    "2012-512-TC26-A        gost2012_512  A    md_gost12_512"
    "2012-512-TC26-B        gost2012_512  B    md_gost12_512"
    "2012-512-TC26-C        gost2012_512  C    md_gost12_512"
)

SUBJ_O="/O=gostverify test fixtures/C=RU"

# genkey ALG PARAMSET OUT.pem: key + public key (OUT.pub.pem / OUT.pub.der)
genkey() {
    local alg=$1 ps=$2 out=$3
    ossl genpkey -engine gost -algorithm "$alg" -pkeyopt "paramset:$ps" -out "$out"
    ossl pkey -engine gost -in "$out" -pubout -out "${out%.pem}.pub.pem"
    ossl pkey -engine gost -in "$out" -pubout -outform DER -out "${out%.pem}.pub.der"
}

rand_serial() { printf '0x7%s' "$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"; }

# check_verify MD PUB SIG MSG: 0 if openssl says "Verified OK", 1 otherwise.
check_verify() {
    local out
    out=$(openssl dgst -engine gost "-$1" -verify "$2" -signature "$3" "$4" 2>/dev/null) || return 1
    [[ $out == *"Verified OK"* ]]
}

gen_combo() {
    local name=$1 alg=$2 ps=$3 md=$4
    local d=$WORK/$name sigsize oids names i len msg_hex dig sig_hex bad first=1
    mkdir -p "$d"
    case $alg in gost2012_512) sigsize=128 ;; *) sigsize=64 ;; esac

    genkey "$alg" "$ps" "$d/key.pem"

    # Parameter-set OIDs actually written into SubjectPublicKeyInfo.
    mapfile -t oids < <(der_oids "$d/key.pub.der")
    mapfile -t names < <(der_oid_names "$d/key.pub.der")
    ((${#oids[@]} >= 2)) || die "$name: unexpected SPKI structure"
    local alg_oid=${oids[0]} ps_oid=${oids[1]} dps_oid=${oids[2]:-}
    local ps_name=${names[1]} dps_name=${names[2]:-}

    # Self-signed (CA) certificate.
    ossl req -x509 -new -engine gost -key "$d/key.pem" "-$md" -days 3650 \
        -set_serial "$(rand_serial)" -subj "/CN=gostverify $name$SUBJ_O" -out "$d/cert.pem"
    openssl verify -engine gost -check_ss_sig -CAfile "$d/cert.pem" "$d/cert.pem" >/dev/null 2>&1 ||
        die "$name: self-signed certificate does not verify"

    {
        printf '{"name": "%s", "openssl_algorithm": "%s", "openssl_paramset": "%s", "digest": "%s",\n' \
            "$name" "$alg" "$ps" "$md"
        printf ' "spki_algorithm_oid": "%s", "spki_public_key_paramset_oid": "%s", "spki_public_key_paramset_name": "%s",\n' \
            "$alg_oid" "$ps_oid" "$ps_name"
        if [[ -n $dps_oid ]]; then
            printf ' "spki_digest_paramset_oid": "%s", "spki_digest_paramset_name": "%s",\n' "$dps_oid" "$dps_name"
        else
            printf ' "spki_digest_paramset_oid": null, "spki_digest_paramset_name": null,\n'
        fi
        printf ' "spki_der_hex": "%s",\n' "$(hexof "$d/key.pub.der")"
        printf ' "private_key_pem": "%s",\n' "$(json_pem "$d/key.pem")"
        printf ' "certificate_pem": "%s",\n' "$(json_pem "$d/cert.pem")"
        printf ' "signatures": ['
    } >"$d/out.json"

    for ((i = 0; i < N; i++)); do
        len=$(($(rand_below $MAXLEN) + 1))
        head -c "$len" /dev/urandom >"$d/msg"
        ossl dgst -engine gost "-$md" -sign "$d/key.pem" -out "$d/sig" "$d/msg"
        [[ $(stat -c %s "$d/sig") -eq $sigsize ]] || die "$name: signature is not $sigsize bytes"
        read -r dig _ < <(openssl dgst -engine gost "-$md" -r "$d/msg" 2>/dev/null)
        [[ $dig =~ ^[0-9a-f]+$ && ${#dig} -eq $((sigsize == 128 ? 128 : 64)) ]] ||
            die "$name: bad digest output '$dig'"
        msg_hex=$(hexof "$d/msg")
        sig_hex=$(hexof "$d/sig")

        # Self-check: genuine verifies, one flipped bit (message or signature) does not.
        check_verify "$md" "$d/key.pub.pem" "$d/sig" "$d/msg" ||
            die "$name: signature #$i does not verify"
        hex2bin "$(flip_bit_hex "$msg_hex")" "$d/msg.bad"
        if check_verify "$md" "$d/key.pub.pem" "$d/sig" "$d/msg.bad"; then
            die "$name: signature #$i verifies for a modified message"
        fi
        hex2bin "$(flip_bit_hex "$sig_hex")" "$d/sig.bad"
        if check_verify "$md" "$d/key.pub.pem" "$d/sig.bad" "$d/msg"; then
            die "$name: modified signature #$i verifies"
        fi
        # hex2bin round trip sanity (guards the pure-bash encoder).
        hex2bin "$msg_hex" "$d/msg.rt"
        [[ $(hexof "$d/msg.rt") == "$msg_hex" ]] || die "hex2bin round trip failed"

        ((first)) || printf ',' >>"$d/out.json"
        first=0
        printf '\n  {"message_hex": "%s", "digest_hex": "%s", "signature_hex": "%s"}' \
            "$msg_hex" "$dig" "$sig_hex" >>"$d/out.json"
    done
    printf '\n ]}\n' >>"$d/out.json"

    mv -f "$d/out.json" "$OUTDIR/$name.json"
    # keep the key/cert for the chain step
    printf '%-24s %-13s %-4s  %-22s %s\n' "$name" "$alg" "$ps" "$ps_oid" "${dps_oid:--}"
}

# make_chain CA_NAME CA_DIGEST LEAF_NAME LEAF_ALG LEAF_PARAMSET LEAF_MD
# CA = the combination's own key and self-signed certificate (a CA cert).
make_chain() {
    local ca=$1 camd=$2 leaf=$3 lalg=$4 lps=$5 lmd=$6
    local base="$OUTDIR/chains/$ca--$leaf" d="$WORK/chain-$ca"
    mkdir -p "$d"
    genkey "$lalg" "$lps" "$d/leaf.key.pem"
    ossl req -new -engine gost -key "$d/leaf.key.pem" "-$lmd" \
        -subj "/CN=gostverify leaf $leaf (issued by $ca)$SUBJ_O" -out "$d/leaf.csr"
    ossl x509 -req -engine gost -in "$d/leaf.csr" -CA "$WORK/$ca/cert.pem" -CAkey "$WORK/$ca/key.pem" \
        "-$camd" -days 3650 -set_serial "$(rand_serial)" -extfile "$CONF" -extensions v3_leaf \
        -out "$d/leaf.pem"
    openssl verify -engine gost -check_ss_sig -CAfile "$WORK/$ca/cert.pem" "$d/leaf.pem" >/dev/null 2>&1 ||
        die "chain $ca -> $leaf does not verify"
    cp "$WORK/$ca/cert.pem" "$base.ca.pem"
    cp "$d/leaf.pem" "$base.leaf.pem"
    cp "$d/leaf.key.pem" "$base.leaf.key.pem"
    cat "$d/leaf.pem" "$WORK/$ca/cert.pem" >"$base.chain.pem"
    chmod 644 "$base".*.pem   # test fixtures, not secrets
    echo "chain: $ca -> $leaf ($lalg/$lps) OK"
}

# -------------------------------------------------------------------- main ---
echo "gen.sh: $(openssl version), $N signatures per key, output $OUTDIR"
printf '%-24s %-13s %-4s  %-22s %s\n' name algorithm ps "SPKI paramset OID" "SPKI digest paramset OID"
for c in "${COMBOS[@]}"; do
    # shellcheck disable=SC2086
    gen_combo $c
done

rm -f "$OUTDIR"/chains/*.pem
make_chain 2012-512-TC26-A md_gost12_512 2012-256-TC26-A   gost2012_256 TCA md_gost12_256
make_chain 2012-256-TC26-A md_gost12_256 2001-CryptoPro-A  gost2001     A   md_gost94

cat >"$OUTDIR/chains/README.md" <<'EOF'
# GOST certificate chains (generated by ../gen.sh)

Two 2-certificate chains whose leaf uses a *different* algorithm than its CA,
so that the issuer's key (not the subject's) must be used to check the leaf.

| files (`<CA>--<leaf>.*`)                     | CA key / cert signature            | leaf key                          |
|----------------------------------------------|------------------------------------|-----------------------------------|
| `2012-512-TC26-A--2012-256-TC26-A.*`         | GOST R 34.10-2012 512, TC26 A; Streebog-512 | GOST R 34.10-2012 256, TC26 A    |
| `2012-256-TC26-A--2001-CryptoPro-A.*`        | GOST R 34.10-2012 256, TC26 A; Streebog-256 | GOST R 34.10-2001, CryptoPro A   |

Per chain:

* `*.ca.pem`       - the CA certificate: self-signed, basicConstraints CA:TRUE.
                     It is byte-identical to `certificate_pem` in `../<CA>.json`,
                     whose `private_key_pem` is the CA's key.
* `*.leaf.pem`     - the leaf certificate, signed by the CA (signature algorithm of
                     the CA: id-tc26-signwithdigest-gost3410-12-512 resp. -256);
                     its SubjectPublicKeyInfo is of the leaf algorithm.
* `*.leaf.key.pem` - the leaf's private key (PKCS#8, gost-engine format).
* `*.chain.pem`    - leaf followed by CA, concatenated.

Expected outcome: the leaf verifies against the CA
(`openssl verify -engine gost -CAfile X.ca.pem X.leaf.pem` -> OK, checked by gen.sh);
with any bit of the leaf's signature or TBSCertificate flipped it does not.
All certificates are valid for 3650 days from generation.
EOF

echo "gen.sh: done; total size: $(du -sh "$OUTDIR" | cut -f1) ($(du -sb "$OUTDIR" | cut -f1) bytes)"
