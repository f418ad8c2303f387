#!/usr/bin/env bats
# WorkingDirectory=, UMask=, Nice=, and the session: a new session with no
# controlling terminal.

load ../lib/common

@test "WorkingDirectory= sets the command's directory" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p "WorkingDirectory=$TMP" -- pwd
	assert_output "$TMP"
}

@test "a relative WorkingDirectory= is an error" {
	run -125 --separate-stderr "$PADDOCK" run -p WorkingDirectory=tmp -- true
	assert_equal "$stderr" "paddock: -p WorkingDirectory=tmp: must be an absolute path"
}

@test "a missing WorkingDirectory= is a launch error naming the step" {
	run --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -p WorkingDirectory=/nonexistent/dir -- true
	[ "$status" -ne 0 ]
	assert_equal "$(json_field "$TMP/r.json" .verdict)" launch-error
	assert_equal "$(json_field "$TMP/r.json" .launch_error.step)" WorkingDirectory
}

@test "UMask= sets the file mode creation mask" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p UMask=0027 -- sh -c umask
	assert_output 0027
	run -125 --separate-stderr "$PADDOCK" run -p UMask=0999 -- true
	assert_equal "$stderr" "paddock: -p UMask=0999: not an octal file mode mask (0000-0777)"
}

@test "Nice= sets the scheduling priority" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p Nice=7 -- nice
	assert_output 7
	run -125 --separate-stderr "$PADDOCK" run -p Nice=40 -- true
	assert_equal "$stderr" "paddock: -p Nice=40: not a nice level between -20 and 19"
}

@test "the command has no controlling terminal" {
	run --separate-stderr "$PADDOCK" run --quiet -- sh -c 'cat /dev/tty </dev/null'
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"No such device or address"* ]]
}

@test "TIOCSTI and TIOCLINUX fail with EPERM and are reported" {
	run -0 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_tiocsti)"
	assert_output "$(printf 'TIOCSTI: EPERM\nTIOCLINUX: EPERM')"
	assert_equal "$(json_field "$TMP/r.json" '[.violations[].syscall] | join(" ")')" "ioctl(TIOCSTI) ioctl(TIOCLINUX)"
}
