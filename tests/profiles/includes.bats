#!/usr/bin/env bats
# Include= (by name and by path, in order, cycles) and how values override:
# later lines over earlier ones, the including file over its includes, -p
# over the profile.

load ../lib/common

common_setup_hook() {
	cd "$TMP"
	mkdir -p lib
	printf '[Budget]\nWallTime=10s\nCPUTime=5s\nMaxRSS=1G\n' >lib/base.conf
	printf '[Budget]\nCPUTime=7s\n' >lib/second.conf
}

@test "includes apply in order and the including file's later lines override them" {
	cat >job.conf <<-'EOT'
	[Profile]
	Include=lib/base.conf
	Include=lib/second.conf
	[Budget]
	MaxRSS=2G
	EOT
	run -0 "$PADDOCK" show --profile ./job.conf
	assert_line --regexp '^WallTime=10s +# \./lib/base\.conf:2$'
	assert_line --regexp '^CPUTime=7s +# \./lib/second\.conf:2$'
	assert_line --regexp '^MaxRSS=2G +# \./job\.conf:5$'
}

@test "an include placed after a setting overrides that setting" {
	printf '[Budget]\nCPUTime=1s\n[Profile]\nInclude=lib/second.conf\n' >job.conf
	run -0 "$PADDOCK" show --profile ./job.conf
	assert_line --regexp '^CPUTime=7s +# \./lib/second\.conf:2$'
}

@test "a path include is relative to the including file, not to the working directory" {
	mkdir elsewhere
	printf '[Profile]\nInclude=base.conf\n' >lib/mid.conf
	cd elsewhere
	run -0 "$PADDOCK" show --profile ../lib/mid.conf
	assert_line --regexp '^WallTime=10s +# \.\./lib/base\.conf:2$'
}

@test "an include by name is looked up in the search path" {
	printf '[Profile]\nInclude=base\n' >job.conf
	PADDOCK_PROFILE_PATH="$TMP/lib" run -0 "$PADDOCK" show --profile ./job.conf
	assert_line --regexp "^MaxRSS=1G +# $TMP/lib/base\\.conf:4\$"
}

@test "an include by name falls back to the built-in profiles" {
	printf '[Profile]\nInclude=judge\n[Service]\nLimitCPU=3s\n' >job.conf
	run -0 "$PADDOCK" show --profile ./job.conf
	assert_line --regexp '^Format=meta +# builtin:judge:[0-9]+$'
	assert_line --regexp '^LimitCPU=3 +# \./job\.conf:4$'
}

@test "-p settings apply after the profile and show says -p" {
	run -0 "$PADDOCK" show --profile ./lib/base.conf -p CPUTime=9s -p MaxRSS=
	assert_line --regexp '^CPUTime=9s +# -p$'
	assert_line --regexp '^MaxRSS= +# -p$'
	assert_line --regexp '^WallTime=10s +# \./lib/base\.conf:2$'
}

@test "-p settings override the profile in a real run" {
	printf '[Budget]\nWallTime=1ms\n' >job.conf
	run -0 "$PADDOCK" run --profile ./job.conf -p WallTime= -- sleep 0.05
	refute_output --partial "budget"
}

@test "the Description of an included profile does not replace the including one's" {
	printf '[Profile]\nDescription=the job\nInclude=lib/desc.conf\n' >job.conf
	printf '[Profile]\nDescription=a library\n[Budget]\nMaxRSS=1G\n' >lib/desc.conf
	run -0 "$PADDOCK" show --profile ./job.conf
	assert_line "Description=the job"
	refute_line "Description=a library"
}

@test "an include cycle is an error naming the chain, and the command never runs" {
	printf '[Profile]\nInclude=b.conf\n' >a.conf
	printf '[Profile]\nInclude=a.conf\n' >b.conf
	run -125 --separate-stderr "$PADDOCK" run --profile ./a.conf -- touch ran
	assert_equal "$stderr" "./b.conf:2: Include=a.conf: include cycle: ./a.conf -> ./b.conf -> ./a.conf"
	assert_file_not_exists ran
}

@test "the same file included twice (a diamond, not a cycle) is fine" {
	printf '[Profile]\nInclude=lib/base.conf\n' >left.conf
	printf '[Profile]\nInclude=lib/base.conf\n' >right.conf
	printf '[Profile]\nInclude=left.conf\nInclude=right.conf\n' >top.conf
	run -0 "$PADDOCK" check ./top.conf
}

@test "includes nested deeper than 16 levels are an error" {
	for i in $(seq 0 20); do printf '[Profile]\nInclude=d%d.conf\n' $((i + 1)) >d$i.conf; done
	printf '[Budget]\nMaxRSS=1G\n' >d21.conf
	run -125 --separate-stderr "$PADDOCK" check ./d0.conf
	assert_equal "$stderr" "./d16.conf:2: Include=d17.conf: includes nested deeper than 16"
}

@test "a missing include is an error at the Include= line" {
	printf '[Budget]\nMaxRSS=1G\n[Profile]\nInclude=lib/nope.conf\n' >job.conf
	run -125 --separate-stderr "$PADDOCK" run --profile ./job.conf -- touch ran
	assert_equal "$stderr" "./job.conf:4: Include=lib/nope.conf: cannot read ./lib/nope.conf: No such file or directory"
	assert_file_not_exists ran
}

@test "errors inside an included file name that file and its line" {
	printf '[Budget]\nMaxRSS=huge\n' >lib/bad.conf
	printf '[Profile]\nInclude=lib/bad.conf\n' >job.conf
	run -125 --separate-stderr "$PADDOCK" check ./job.conf
	assert_equal "$stderr" "./lib/bad.conf:2: MaxRSS=huge: expected a number"
}
