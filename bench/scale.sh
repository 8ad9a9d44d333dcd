#!/usr/bin/env bash
# Archive scale (issue 16): `gostverify batch` over 10 000, 100 000 and
# 1 000 000 detached signatures of every level (CAdES-BES, -T and X Long
# Type 1, a third each: testdata/cades/{bes,t,xl1}.sig over doc.txt), ten
# signed documents a folder, with and without --state; prints the time,
# files/s and peak RSS of each run (/usr/bin/time -v).
#
# Usage: bench/scale.sh GOSTVERIFY WORKDIR [SIZES...]
#   WORKDIR gets the corpora (hard links: 1 000 000 signatures are two
#   million links and 100 000 folders, about 500 MB of directories).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gv=$(realpath "$1")
work=$2
shift 2
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"
src=$here/testdata/cades
mkdir -p "$work"

# corpus N: N signatures (rounded up to 30), N/3 of each level, 10 pairs
# a folder, 100 folders a group.
corpus() {
	local n=$1 out=$work/c$1
	[ -e "$out.done" ] && return
	rm -rf "$out"
	for level in bes t xl1; do
		local per=$(((n + 2) / 3)) tmpl=$out/.tmpl/$level
		mkdir -p "$tmpl"
		for i in 0 1 2 3 4 5 6 7 8 9; do
			cp "$src/doc.txt" "$tmpl/doc$i.txt" # copies: a file has at most 65 000 links
			cp "$src/$level.sig" "$tmpl/doc$i.txt.sig"
		done
		local folders=$(((per + 9) / 10)) g0=$out/$level/g0
		mkdir -p "$g0"
		for ((j = 0; j < folders && j < 100; j++)); do cp -al "$tmpl" "$g0/f$j"; done
		for ((g = 1; g < folders / 100; g++)); do cp -al "$g0" "$out/$level/g$g"; done
		if ((folders > 100 && folders % 100)); then # the last group, partial
			local last=$out/$level/g$((folders / 100))
			mkdir -p "$last"
			for ((j = 0; j < folders % 100; j++)); do cp -al "$tmpl" "$last/f$j"; done
		fi
	done
	rm -rf "$out/.tmpl"
	touch "$out.done"
}

run() { # label, then the command
	local label=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || true
	local wall rss files
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
	rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/time.txt")
	files=$(awk -v n="$n" -v w="$wall" 'BEGIN {printf "%.0f", n / w}')
	printf '%-10s %-10s %9.2f s %9s sig/s %6s MB\n' "$n" "$label" "$wall" "$files" "$rss"
}

flags=(--offline --revocation none --policy basic --roots "$src/pki/root.pem" --certs "$src/pki/ca.pem" --jobs 2)
for size in "${sizes[@]}"; do
	corpus "$size"
	n=$((3 * (((size + 2) / 3 + 9) / 10) * 10)) # the signatures made
	rm -f "$work/s.state"
	run "no state" "$gv" batch "${flags[@]}" "$work/c$size"
	run "--state" "$gv" batch "${flags[@]}" --state "$work/s.state" "$work/c$size"
	rm -f "$work/s.state"
done
