# tests/lib/common.bash - shared setup for every bats suite.
# Usage, at the top of a .bats file:   load ../lib/common
# Provides: $PADDOCK (the binary under test), $BUILD, $HELPERS (helper
# programs), $TMP (a fresh directory per test, removed afterwards), and
# bats-support/bats-assert/bats-file.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
# BUILD may be relative to the repository (make check uses build-check).
BUILD="${BUILD:-build}"
case "$BUILD" in /*) ;; *) BUILD="$REPO/$BUILD" ;; esac
export BUILD
export PADDOCK="${PADDOCK:-$BUILD/paddock}"
export HELPERS="$BUILD/tests/helpers"

bats_require_minimum_version 1.5.0

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load /usr/lib/bats/bats-file/load

setup() {
	TMP="$(mktemp -d "${BATS_TMPDIR:-/tmp}/paddock-test.XXXXXX")"
	export TMP
	common_setup_hook
}

teardown() {
	common_teardown_hook
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
}

# Suites override these instead of setup/teardown.
common_setup_hook() { :; }
common_teardown_hook() { :; }

# A helper program, failing loudly when it was not built.
helper() {
	local h="$HELPERS/$1"
	[ -x "$h" ] || fail "helper $1 not built: run make"
	printf '%s\n' "$h"
}

# Field of the JSON report in FILE, via jq: json_field FILE '.verdict'
json_field() {
	jq -r "$2" "$1"
}

# Succeeds when PID no longer exists (or is a zombie about to vanish).
pid_gone() {
	local pid="$1" state
	[ -e "/proc/$pid" ] || return 0
	state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" || return 0
	[ "$state" = Z ]
}

# Succeeds when this shell has CAP_SYS_RESOURCE (bit 24 of CapEff).
have_cap_sys_resource() {
	local eff
	eff="$(awk '/^CapEff:/ {print $2}' /proc/self/status)"
	(( (16#$eff >> 24) & 1 ))
}
