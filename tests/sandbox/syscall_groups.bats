#!/usr/bin/env bats
# `paddock syscalls`: systemd's system call groups, their members as this
# machine resolves them, and errors for unknown names.

load ../lib/common

@test "paddock syscalls lists every systemd group with a description" {
	run -0 --separate-stderr "$PADDOCK" syscalls
	for g in @aio @basic-io @chown @clock @cpu-emulation @debug @file-system @io-event @ipc \
		@keyring @memlock @module @mount @network-io @obsolete @pkey @privileged @process \
		@raw-io @reboot @resources @sandbox @setuid @signal @swap @sync @system-service \
		@timer @default @known; do
		assert_line --regexp "^$g +[A-Z]"
	done
	assert_equal "${#lines[@]}" 30
}

@test "a group lists its members with their numbers" {
	run -0 --separate-stderr "$PADDOCK" syscalls @reboot
	assert_output "$(printf '# @reboot: Reboot and reboot preparation/kexec\n%-32s %s\n%-32s %s\n%-32s %s' \
		kexec_file_load 320 kexec_load 246 reboot 169)"
}

@test "nested groups expand: @system-service contains @default and @basic-io" {
	run -0 --separate-stderr "$PADDOCK" syscalls @system-service
	assert_line --regexp '^execve +59$'
	assert_line --regexp '^read +0$'
	refute_line --regexp '^mount '
}

@test "membership follows systemd: @privileged holds @chown and @swap, @debug holds ptrace" {
	run -0 --separate-stderr "$PADDOCK" syscalls @privileged
	assert_line --regexp '^fchownat +'
	assert_line --regexp '^swapon +'
	run -0 --separate-stderr "$PADDOCK" syscalls @debug
	assert_line --regexp '^ptrace +101$'
	assert_line --regexp '^perf_event_open +298$'
}

@test "members missing on this architecture are marked, not hidden" {
	run -0 --separate-stderr "$PADDOCK" syscalls @basic-io
	assert_line --regexp '^_llseek +- +\(not on this architecture\)$'
}

@test "@known holds every call libseccomp knows here" {
	run -0 --separate-stderr "$PADDOCK" syscalls @known
	[ "${#lines[@]}" -gt 300 ]
	assert_line --regexp '^openat +257$'
}

@test "a single system call name prints its number" {
	run -0 --separate-stderr "$PADDOCK" syscalls openat
	assert_output --regexp '^openat +257$'
}

@test "an unknown group exits 125 and suggests the closest one" {
	run -125 --separate-stderr "$PADDOCK" syscalls @netwrk-io
	assert_equal "$stderr" "paddock: syscalls: @netwrk-io: unknown group (did you mean '@network-io'?)"
}

@test "an unknown system call exits 125 and suggests the closest one" {
	run -125 --separate-stderr "$PADDOCK" syscalls opnat
	assert_equal "$stderr" "paddock: syscalls: opnat: unknown system call (did you mean 'openat'?)"
}
