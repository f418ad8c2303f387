#!/usr/bin/env bats
# SystemCallArchitectures=: only native x86-64 calls pass. i386 (int 0x80)
# and x32 calls use other numbers and would slip past x86-64 rules.

load ../lib/common

@test "an x32 system call is denied and reported by name" {
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" \
		-p 'SystemCallFilter=~mount' -- "$(helper sec_abi)" x32
	assert_equal "$(json_field "$TMP/r.json" .verdict)" seccomp-violation
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" x32:getpid
}

@test "x32 calls are denied even with no SystemCallFilter= at all" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=' \
		-p SystemCallErrorNumber=EPERM -- "$(helper sec_abi)" x32
	assert_output "x32 getpid returned -1"
}

@test "an i386 int 0x80 call from a 64-bit program is denied and reported" {
	if ! "$(helper sec_abi)" int80 >/dev/null 2>&1; then
		skip "this kernel has no i386 emulation: int 0x80 faults before any filter runs"
	fi
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_abi)" int80
	assert_equal "$(json_field "$TMP/r.json" .verdict)" seccomp-violation
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" x86:getpid
}

@test "an unknown architecture is an error naming it" {
	run -125 --separate-stderr "$PADDOCK" run -p 'SystemCallArchitectures=arm64' -- true
	assert_equal "$stderr" "paddock: -p SystemCallArchitectures=arm64: unknown or foreign architecture 'arm64' (this machine has native, x86-64, x86, x32)"
}

@test "the native architecture runs ordinary programs" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p SystemCallArchitectures=native -- echo fine
	assert_output fine
}
