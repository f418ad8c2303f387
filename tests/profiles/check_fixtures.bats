#!/usr/bin/env bats
# `paddock check` on the corpus of invalid profiles in tests/fixtures/invalid:
# each fixture gives exactly the lines listed in its EXPECTED block (every
# error, not just the first, as FILE:LINE: message) and exit status 125.
# Also: the hostile inputs that cannot live in git (an unreadable file), and
# that a profile that fails to check never runs anything.

load ../lib/common

FIXTURES="$REPO/tests/fixtures/invalid"

# The expected stderr for fixture $1: the lines after "== $1" up to the next "==".
expected_for() {
	awk -v f="$1" '/^== / { on = ($2 == f); next } on' "$FIXTURES/EXPECTED"
}

# Check one fixture as the EXPECTED header says it was recorded.
check_fixture() {
	cd "$FIXTURES"
	env -u XDG_CONFIG_HOME -u PADDOCK_PROFILE_PATH HOME=/nonexistent "$PADDOCK" check "$1"
}

@test "every fixture is listed in EXPECTED, and every EXPECTED entry exists" {
	local f listed
	listed="$(awk '/^== / { print $2 }' "$FIXTURES/EXPECTED" | sort)"
	assert_equal "$(cd "$FIXTURES" && ls -d *.conf | sort)" "$listed"
}

@test "each invalid fixture fails with exactly its expected lines and exit 125" {
	local f bad=0
	for f in $(cd "$FIXTURES" && ls -d *.conf); do
		run --separate-stderr check_fixture "$f"
		if [ "$status" -ne 125 ] || [ "$stderr" != "$(expected_for "$f")" ] || [ -n "$output" ]; then
			printf 'fixture %s: status %s\n--- got:\n%s\n--- expected:\n%s\n' \
				"$f" "$status" "$stderr" "$(expected_for "$f")" >&3
			bad=$((bad + 1))
		fi
	done
	assert_equal "$bad" 0
}

@test "every error in a profile is reported, not only the first" {
	run -125 --separate-stderr check_fixture many-errors.conf
	assert_equal "${#stderr_lines[@]}" 6
}

@test "an unsupported systemd directive is named and said to be unsupported" {
	run -125 --separate-stderr check_fixture systemd-execstart.conf
	assert_equal "$stderr" "systemd-execstart.conf:2: ExecStart=: systemd directive not supported by paddock"
}

@test "checking several files reports the errors of each and ok for the valid ones" {
	printf '[Budget]\nMaxRSS=1G\n' >"$TMP/good.conf"
	cd "$FIXTURES"
	run -125 --separate-stderr "$PADDOCK" check "$TMP/good.conf" bad-size.conf unknown-key.conf
	assert_equal "$output" "$TMP/good.conf: ok"
	assert_equal "${#stderr_lines[@]}" 2
	assert_equal "${stderr_lines[0]}" "bad-size.conf:2: LimitAS=12Q: unknown size suffix (use K, M, G, T, P or E)"
	assert_equal "${stderr_lines[1]}" "unknown-key.conf:2: Frobnicate=: unknown directive in [Service]"
}

@test "an unreadable profile is an error with its name, not a crash" {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
	[ "$(id -u)" = 0 ] || skip "needs root to switch to nobody"
	printf '[Budget]\nMaxRSS=1G\n' >"$TMP/secret.conf"
	chmod 0600 "$TMP/secret.conf"
	chmod 0755 "$TMP"
	run -125 --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PADDOCK" check "$TMP/secret.conf"
	assert_equal "$stderr" "$TMP/secret.conf:1: cannot read profile: Permission denied"
}

@test "a profile that fails to check never runs the command" {
	local f
	for f in bad-size.conf include-cycle-a.conf nul-byte.conf empty.conf directory.conf; do
		run -125 "$PADDOCK" run --profile "$FIXTURES/$f" -- touch "$TMP/ran"
		assert_file_not_exists "$TMP/ran"
	done
}

@test "a profile name that is not found lists where paddock looked" {
	cd "$TMP"
	HOME=/nonexistent run -125 --separate-stderr env -u XDG_CONFIG_HOME -u PADDOCK_PROFILE_PATH \
		"$PADDOCK" run --profile nosuchprofile -- true
	assert_equal "$stderr" "paddock: profile: nosuchprofile: not found (searched ./profiles, /nonexistent/.config/paddock/profiles, /etc/paddock/profiles, the built-ins)"
}

@test "every built-in profile and every profile in profiles/ passes check" {
	run -0 "$PADDOCK" check "$REPO"/profiles/*.conf default untrusted ci build judge
	refute_output --partial "error"
	assert_line "default: ok"
	assert_line "judge: ok"
}
