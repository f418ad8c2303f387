#!/usr/bin/env bats
# Finding a profile by NAME: $PADDOCK_PROFILE_PATH, ./profiles,
# $XDG_CONFIG_HOME/paddock/profiles (default ~/.config/paddock/profiles),
# /etc/paddock/profiles, then the built-ins. A NAME|PATH with a '/' or a
# .conf suffix is a path. `paddock profiles` shows what a NAME resolves to.

load ../lib/common

common_setup_hook() {
	cd "$TMP"
	export HOME="$TMP/home"
	unset XDG_CONFIG_HOME PADDOCK_PROFILE_PATH
	mkdir -p env1 env2 profiles home/.config/paddock/profiles xdg/paddock/profiles
}

# Write profile NAME into DIR, marked by a distinctive WallTime budget.
mark() {
	printf '[Profile]\nDescription=%s from %s\n[Budget]\nWallTime=%s\n' "$2" "$1" "$3" >"$1/$2.conf"
}

@test "PADDOCK_PROFILE_PATH is searched first, in order" {
	mark env1 job 1s
	mark env2 job 2s
	mark profiles job 3s
	PADDOCK_PROFILE_PATH="$TMP/env2::$TMP/env1" run -0 "$PADDOCK" show --profile job
	assert_line --regexp "^WallTime=2s +# $TMP/env2/job\\.conf:4\$"
}

@test "./profiles comes before the user's config directory" {
	mark profiles job 3s
	mark home/.config/paddock/profiles job 4s
	run -0 "$PADDOCK" show --profile job
	assert_line --regexp '^WallTime=3s +# \./profiles/job\.conf:4$'
}

@test "XDG_CONFIG_HOME replaces ~/.config" {
	mark home/.config/paddock/profiles job 4s
	mark xdg/paddock/profiles job 5s
	XDG_CONFIG_HOME="$TMP/xdg" run -0 "$PADDOCK" show --profile job
	assert_line --regexp "^WallTime=5s +# $TMP/xdg/paddock/profiles/job\\.conf:4\$"
	run -0 "$PADDOCK" show --profile job
	assert_line --regexp "^WallTime=4s +# $TMP/home/\\.config/paddock/profiles/job\\.conf:4\$"
}

@test "a file in the search path overrides a built-in of the same name" {
	mark profiles judge 6s
	run -0 "$PADDOCK" show --profile judge
	assert_line --regexp '^WallTime=6s +# \./profiles/judge\.conf:4$'
	run -0 "$PADDOCK" profiles
	assert_line --regexp '^judge +judge from profiles \(\./profiles/judge\.conf, overrides the built-in\)$'
}

@test "a name found nowhere in the search path comes from the built-ins" {
	run -0 "$PADDOCK" show --profile judge
	assert_line --regexp '^Format=meta +# builtin:judge:[0-9]+$'
}

@test "a spec with a slash or a .conf suffix is a path, never searched" {
	mark profiles job 3s
	cp profiles/job.conf job.conf
	printf '[Budget]\nWallTime=7s\n' >job.conf
	run -0 "$PADDOCK" show --profile job.conf
	assert_line --regexp '^WallTime=7s +# job\.conf:2$'
	run -125 --separate-stderr "$PADDOCK" show --profile ./nope
	assert_equal "$stderr" "./nope:1: cannot read profile: No such file or directory"
}

@test "an invalid profile name is rejected with the rule" {
	run -125 --separate-stderr "$PADDOCK" run --profile 'bad name' -- true
	assert_equal "$stderr" "paddock: profile: bad name: invalid name (letters, digits, '_', '-', '.'; give a path with a '/' or a .conf suffix)"
}

@test "paddock profiles lists files with their path and description, first match winning" {
	mark env1 alpha 1s
	mark profiles alpha 2s
	mark profiles beta 3s
	printf 'not a profile' >profiles/README
	printf '[Budget]\nMaxRSS=1G\n' >profiles/.hidden.conf
	PADDOCK_PROFILE_PATH="$TMP/env1" run -0 "$PADDOCK" profiles
	assert_line --regexp "^alpha +alpha from env1 \\($TMP/env1/alpha\\.conf\\)\$"
	assert_line --regexp '^beta +beta from profiles \(\./profiles/beta\.conf\)$'
	refute_output --partial README
	refute_output --partial hidden
	assert_line --regexp '^untrusted +.*\(built-in\)$'
}

@test "run without --profile uses the built-in default and reads no profile file or directory" {
	command -v strace >/dev/null || skip "strace is not installed"
	printf 'this is not a profile\n' >profiles/default.conf
	# LeakSanitizer (make check) cannot run under ptrace
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" run -0 strace -f -qq -e trace=openat,open,stat,newfstatat,access,getdents64 \
		-o trace.txt "$PADDOCK" run -q -- true
	run grep -E 'profiles|\.conf' trace.txt
	assert_failure
	assert_output ""
}

@test "builtin:NAME skips the search path, so a project profile can extend the built-in it shadows" {
	printf '[Profile]\nDescription=our ci\nInclude=builtin:ci\n[Budget]\nWallTime=1min\n' >profiles/ci.conf
	run -0 "$PADDOCK" show --profile ci
	assert_line --regexp '^WallTime=1min +# \./profiles/ci\.conf:5$'
	assert_line --regexp '^CPUTime=20min +# builtin:ci:[0-9]+$'
	run -0 "$PADDOCK" show --profile builtin:ci
	assert_line --regexp '^WallTime=10min +# builtin:ci:[0-9]+$'
}

@test "including a shadowed built-in by its own name is a cycle, and the message says what to write" {
	printf '[Profile]\nInclude=ci\n' >profiles/ci.conf
	run -125 --separate-stderr "$PADDOCK" check ci
	assert_equal "$stderr" "./profiles/ci.conf:2: Include=ci: include cycle: ./profiles/ci.conf -> ./profiles/ci.conf; to extend the built-in, use Include=builtin:ci"
}

@test "an unknown builtin:NAME lists the built-ins" {
	run -125 --separate-stderr "$PADDOCK" run --profile builtin:nope -- true
	assert_equal "$stderr" "paddock: profile: builtin:nope: no such built-in profile (build, ci, default, judge, untrusted)"
}

@test "a built-in profile includes built-ins only, never a file from the search path" {
	printf '[Service]\nSystemCallFilter=\n' >profiles/default.conf
	run -0 "$PADDOCK" show --profile builtin:ci
	assert_line --regexp '^SystemCallFilter=~.*@mount.* +# builtin:default:[0-9]+$'
}
