#!/usr/bin/env bash
# Runs the whole test suite. On a fresh Debian machine with Go it first
# installs what the tests need: OpenSSL with gost-engine, the independent
# reference the tests cross-check against (Debian package
# libengine-gost-openssl), and xmllint (libxml2-utils), whose exclusive
# C14N checks package tsl's. With them installed, tests that need OpenSSL
# or xmllint fail rather than skip (GOSTVERIFY_REQUIRE_OPENSSL=1,
# GOSTVERIFY_REQUIRE_XMLLINT=1).
#
# Usage: scripts/test.sh [go test flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

have_gost_engine() {
	command -v openssl >/dev/null && openssl engine gost >/dev/null 2>&1
}

if ! have_gost_engine; then
	echo "scripts/test.sh: installing OpenSSL with gost-engine (libengine-gost-openssl)" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openssl libengine-gost-openssl >/dev/null
	have_gost_engine || { echo "scripts/test.sh: gost engine still not available" >&2; exit 1; }
fi

if ! command -v xmllint >/dev/null; then
	echo "scripts/test.sh: installing xmllint (libxml2-utils)" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libxml2-utils >/dev/null
	command -v xmllint >/dev/null || { echo "scripts/test.sh: xmllint still not available" >&2; exit 1; }
fi

if ! command -v chromium >/dev/null; then
	echo "scripts/test.sh: installing Chromium (serve's browser tests)" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
	command -v chromium >/dev/null || { echo "scripts/test.sh: chromium still not available" >&2; exit 1; }
fi

export GOSTVERIFY_REQUIRE_OPENSSL=1
export GOSTVERIFY_REQUIRE_CHROMIUM=1
export GOSTVERIFY_REQUIRE_XMLLINT=1
go test -count=1 "$@" ./...
# The curve code has amd64 assembly; the pure-Go fallback must pass too.
go test -count=1 -tags purego "$@" ./gost/...
# Packages with shared state (lazy curve set-up, caches, HTTP) under the
# race detector.
go test -count=1 -race -run 'Concurrent|AIA|Fetch|Revocation|Real|^TestRun' "$@" ./gost ./chain ./fetch ./verify ./cms ./batch ./internal/once
