#!/usr/bin/env bats
# What the child does before execve: a new session, signals reset, every
# fd but 0, 1 and 2 closed; stdio passes through untouched.

load ../lib/common

@test "only fds 0, 1 and 2 (and the stats page, if any) reach the command" {
	exec 7>"$TMP/leak" 8<"$TMP/leak"
	run -0 --separate-stderr "$PADDOCK" run --quiet -- "$(helper listfds)"
	exec 7>&- 8<&-
	assert_output "$(printf '0\n1\n2')"
}

@test "the command runs in a new session of its own" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -- sh -c 'echo $$ $(ps -o sid= -p $$)'
	read -r pid sid <<<"$output"
	assert_equal "$pid" "$sid"
}

@test "ignored signals are reset to their defaults and the mask is empty" {
	run -0 --separate-stderr bash -c "trap '' INT QUIT USR1; exec \"$PADDOCK\" run --quiet -- grep -E '^Sig(Ign|Blk)' /proc/self/status"
	assert_line "SigIgn:	0000000000000000"
	assert_line "SigBlk:	0000000000000000"
}

@test "stdin, stdout and stderr pass through untouched" {
	run -0 --separate-stderr bash -c "printf 'in\n' | \"$PADDOCK\" run --quiet -- sh -c 'cat; echo err >&2'"
	assert_output in
	assert_equal "$stderr" err
}

@test "the command sees a variable of paddock's environment passed to it" {
	PADDOCK_TEST_VAR=xyz run -0 --separate-stderr "$PADDOCK" run --quiet -p PassEnvironment=PADDOCK_TEST_VAR -- sh -c 'echo $PADDOCK_TEST_VAR'
	assert_output xyz
}
