#!/usr/bin/env bats
# Exit-status conventions: the command's code, 128+N, 124, 125, 126, 127.

load ../lib/common

@test "a successful command exits 0" {
	run -0 "$PADDOCK" run --quiet -- "$(helper exitwith)" 0
}

@test "the command's exit code is paddock's exit code" {
	run -3 "$PADDOCK" run --quiet -- "$(helper exitwith)" 3
	run -255 "$PADDOCK" run --quiet -- "$(helper exitwith)" 255
}

@test "a command killed by signal N gives 128+N" {
	run -139 "$PADDOCK" run --quiet -- "$(helper exitwith)" -11
	run -143 "$PADDOCK" run --quiet -- "$(helper exitwith)" -15
}

@test "a wall-clock timeout gives 124, as timeout(1) does" {
	run -124 "$PADDOCK" run --quiet -p RuntimeMaxSec=200ms -- sleep 5
}

@test "paddock's own errors give 125" {
	run -125 "$PADDOCK" run --quiet -p LimitAS=lots -- true
}

@test "a command that is not executable gives 126" {
	printf '#!/bin/sh\necho hi\n' >"$TMP/script"
	chmod 0644 "$TMP/script"
	run -126 "$PADDOCK" run --quiet -- "$TMP/script"
}

@test "a command that does not exist gives 127" {
	run -127 "$PADDOCK" run --quiet -- paddock-no-such-command
}

@test "the verdict and exit code agree in the JSON report" {
	run -7 "$PADDOCK" run --quiet --json "$TMP/r.json" -- "$(helper exitwith)" 7
	assert_equal "$(jq -r '.verdict, .exit_code, .signal, .exit_status' "$TMP/r.json" | tr '\n' ' ')" "exit-nonzero 7 null 7 "
}
