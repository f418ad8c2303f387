#!/usr/bin/env bats
# The profile syntax (systemd.syntax(7)): sections, comments, continuation,
# overrides, line endings. Checked through `paddock show`, which prints each
# resolved value with the FILE:LINE it came from.

load ../lib/common

common_setup_hook() {
	cd "$TMP"
}

@test "comments with # and ;, blank lines and indentation are ignored" {
	printf '# a comment\n; another\n\n[Budget]\n   MaxRSS = 64M   \n\t# indented comment\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^MaxRSS=64M +# \./p\.conf:5$'
}

@test "a later scalar assignment overrides an earlier one, and show names the later line" {
	printf '[Budget]\nWallTime=10s\nWallTime=20s\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^WallTime=20s +# \./p\.conf:3$'
}

@test "a trailing backslash joins lines and a comment inside the continuation is skipped" {
	printf '[Report]\nFormat=text \\\n# skipped comment\n  json\n[Budget]\nMaxRSS=1G\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^Format=text json +# \./p\.conf:2$'
	assert_line --regexp '^MaxRSS=1G +# \./p\.conf:6$'
}

@test "an even number of trailing backslashes does not continue the line" {
	printf '[Report]\nJSONPath=out\\\\\\\\\n[Budget]\nMaxRSS=1G\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^JSONPath=out\\\\\\\\ +# \./p\.conf:2$'
	assert_line --regexp '^MaxRSS=1G +# \./p\.conf:4$'
}

@test "CRLF line endings and a UTF-8 byte order mark are accepted" {
	printf '\xef\xbb\xbf[Budget]\r\nMaxRSS=2G\r\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^MaxRSS=2G +# \./p\.conf:2$'
}

@test "a value may contain '=' and UTF-8; only the first '=' splits" {
	printf '[Profile]\nDescription=caf\xc3\xa9 a=b\n[Report]\nJSONPath=x=y.json\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line "Description=café a=b"
	assert_line --regexp '^JSONPath=x=y\.json +# '
}

@test "a line just under the documented 65536-byte limit is accepted" {
	{ printf '[Profile]\nDescription='; head -c 65000 /dev/zero | tr '\0' d; printf '\n'; } >p.conf
	run -0 "$PADDOCK" check ./p.conf
	assert_output "./p.conf: ok"
}

@test "a line over the 65536-byte limit is an error naming its line" {
	{ printf '[Profile]\n\nDescription='; head -c 70000 /dev/zero | tr '\0' d; printf '\n'; } >p.conf
	run -125 --separate-stderr "$PADDOCK" check ./p.conf
	assert_equal "$stderr" "./p.conf:3: line longer than 65536 bytes"
}

@test "a profile larger than 1 MiB is refused" {
	{ printf '[Profile]\n'; for i in $(seq 20000); do printf '# %060d\n' "$i"; done; } >p.conf
	run -125 --separate-stderr "$PADDOCK" check ./p.conf
	assert_equal "$stderr" "./p.conf:1: cannot read profile: larger than 1048576 bytes"
}

@test "a FIFO given as a profile is refused at once instead of blocking" {
	mkfifo fifo.conf
	run -125 --separate-stderr timeout 5 "$PADDOCK" check ./fifo.conf
	assert_equal "$stderr" "./fifo.conf:1: cannot read profile: not a regular file"
}

@test "a bad line does not stop the lines after it from being checked" {
	printf '[Service]\nLimitAS=1\x01G\nLimitNOFILE=nope\n' >p.conf
	run -125 --separate-stderr "$PADDOCK" check ./p.conf
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" "./p.conf:2: control character at column 10"
	assert_regex "${stderr_lines[1]}" '^\./p\.conf:3: LimitNOFILE=nope: '
}

@test "a systemd unit's [Service] block copies in unchanged and takes effect" {
	run -0 "$PADDOCK" run -q --profile "$REPO/tests/fixtures/valid/unit-service-block.conf" -- \
		sh -c 'echo "$GREETING|$LANG"; umask'
	assert_equal "$output" $'hello world|C.UTF-8\n0027'
}
