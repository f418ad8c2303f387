#!/usr/bin/env bats
# Exec failures are reported by the child through the O_CLOEXEC pipe.

load ../lib/common

@test "a missing command prints 'cannot execute' with ENOENT and exits 127" {
	run -127 --separate-stderr "$PADDOCK" run --quiet -- foo-paddock-missing
	assert_equal "$stderr" "paddock: cannot execute 'foo-paddock-missing': No such file or directory"
	assert_output ""
}

@test "a missing path with a slash is reported by the child and exits 127" {
	run -127 --separate-stderr "$PADDOCK" run --quiet -- "$TMP/nothing-here"
	assert_equal "$stderr" "paddock: cannot execute '$TMP/nothing-here': No such file or directory"
}

@test "a file without execute permission exits 126 with EACCES" {
	printf '#!/bin/sh\n' >"$TMP/noexec"
	chmod 0644 "$TMP/noexec"
	run -126 --separate-stderr "$PADDOCK" run --quiet -- "$TMP/noexec"
	assert_equal "$stderr" "paddock: cannot execute '$TMP/noexec': Permission denied"
}

@test "a file with an unknown format exits 126 with ENOEXEC" {
	printf '\x01\x02\x03garbage' >"$TMP/garbage"
	chmod 0755 "$TMP/garbage"
	run -126 --separate-stderr "$PADDOCK" run --quiet -- "$TMP/garbage"
	assert_equal "$stderr" "paddock: cannot execute '$TMP/garbage': Exec format error"
}

@test "a directory is not executable: 126" {
	run -126 --separate-stderr "$PADDOCK" run --quiet -- /tmp
	assert_equal "$stderr" "paddock: cannot execute '/tmp': Permission denied"
}

@test "the report of a launch error says launch-error with the failed step" {
	run -127 "$PADDOCK" run --quiet --json "$TMP/r.json" -- foo-paddock-missing
	assert_equal "$(jq -r .verdict "$TMP/r.json")" launch-error
	assert_equal "$(jq -r .launch_error.step "$TMP/r.json")" execve
	assert_equal "$(jq -r .launch_error.errno "$TMP/r.json")" 2
	assert_equal "$(jq -r .exit_code "$TMP/r.json")" null
}

@test "the text report of a launch error puts the verdict first" {
	run -127 --separate-stderr "$PADDOCK" run -- "$TMP/missing"
	assert_output ""
	assert_equal "${stderr_lines[0]}" "paddock: cannot execute '$TMP/missing': No such file or directory"
	assert_equal "${stderr_lines[1]}" "-- paddock report --"
	assert_equal "${stderr_lines[2]}" "  verdict      launch-error"
}

@test "the command's PATH is searched like execvp, skipping non-executable entries" {
	mkdir -p "$TMP/a" "$TMP/b"
	printf '#!/bin/sh\necho wrong\n' >"$TMP/a/tool"
	printf '#!/bin/sh\necho right\n' >"$TMP/b/tool"
	chmod 0644 "$TMP/a/tool"
	chmod 0755 "$TMP/b/tool"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p "Environment=PATH=$TMP/a:$TMP/b:/usr/bin:/bin" -- tool
	assert_output right
}
