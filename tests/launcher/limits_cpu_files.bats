#!/usr/bin/env bats
# LimitCPU=, LimitFSIZE=, LimitNOFILE=, LimitNPROC=, LimitCORE=.

load ../lib/common

@test "LimitCPU= soft limit sends SIGXCPU: cpu-limit" {
	run -152 "$PADDOCK" run --quiet -p LimitCPU=1:3 -p LimitCORE=0 --json "$TMP/r.json" -- "$(helper spin)"
	assert_equal "$(jq -r '.verdict, .signal_name' "$TMP/r.json" | tr '\n' ' ')" "cpu-limit SIGXCPU "
}

@test "LimitCPU= hard limit kills with SIGKILL: still cpu-limit" {
	run -137 "$PADDOCK" run --quiet -p LimitCPU=1 --json "$TMP/r.json" -- sh -c "trap '' XCPU; exec \"$(helper spin)\""
	assert_equal "$(jq -r '.verdict, .signal_name' "$TMP/r.json" | tr '\n' ' ')" "cpu-limit SIGKILL "
}

@test "LimitCPU= takes a time span and rounds up to whole seconds" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p LimitCPU=1min -p LimitCORE=0 -- sh -c 'ulimit -St'
	assert_output 60
	run -0 --separate-stderr "$PADDOCK" run --quiet -p LimitCPU=1500ms -- sh -c 'ulimit -St'
	assert_output 2
}

@test "a SIGKILL from elsewhere with CPU far below the limit is not cpu-limit" {
	run -137 "$PADDOCK" run --quiet -p LimitCPU=100 --json "$TMP/r.json" -- sh -c 'kill -KILL $$'
	assert_equal "$(jq -r .verdict "$TMP/r.json")" signaled
}

@test "LimitFSIZE= stops a large write with SIGXFSZ: file-size-limit" {
	run -153 "$PADDOCK" run --quiet -p LimitFSIZE=1M -p LimitCORE=0 --json "$TMP/r.json" -- "$(helper writefile)" "$TMP/big" 5000000
	assert_equal "$(jq -r '.verdict, .signal_name' "$TMP/r.json" | tr '\n' ' ')" "file-size-limit SIGXFSZ "
	assert_equal "$(stat -c %s "$TMP/big")" 1048576
}

@test "LimitNOFILE= makes open fail with EMFILE" {
	run -1 --separate-stderr "$PADDOCK" run --quiet -p LimitNOFILE=20 -- "$(helper openfds)" 100
	# 20 minus stdio and any fd paddock passes on purpose
	assert_output --regexp '^opened 1[5-7]: Too many open files$'
}

@test "a command within LimitNOFILE= opens what it needs" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p LimitNOFILE=200 -- "$(helper openfds)" 150
	assert_output "opened 150"
}

# RLIMIT_NPROC is not enforced for uid 0: run as nobody.
@test "LimitNPROC= stops fork for an unprivileged user" {
	run -1 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -p LimitNPROC=5 --json "$TMP/r.json" -- "$(helper forker)" 20
	assert_output --regexp '^forked [0-4]: Resource temporarily unavailable$'
	assert_equal "$(jq -r .limits.NPROC.soft "$TMP/r.json")" 5
}

@test "LimitCORE=infinity lets abort dump core and the report names the file" {
	cd "$TMP"
	run -134 "$PADDOCK" run --quiet -p LimitCORE=infinity --json "$TMP/r.json" -- "$(helper aborter)"
	[ "$(cat /proc/sys/kernel/core_pattern)" != core ] && skip "core_pattern is not 'core'"
	assert_equal "$(jq -r '.verdict, .signal_name, .core_dumped' "$TMP/r.json" | tr '\n' ' ')" "signaled SIGABRT true "
	local path size
	path="$(jq -r .core_file.path "$TMP/r.json")"
	size="$(jq -r .core_file.size "$TMP/r.json")"
	assert_file_exists "$path"
	assert_equal "$size" "$(stat -c %s "$path")"
	[[ "$path" == "$TMP/core"* ]]
}

@test "LimitCORE=0 means no core file" {
	cd "$TMP"
	run -134 "$PADDOCK" run --quiet -p LimitCORE=0 --json "$TMP/r.json" -- "$(helper aborter)"
	assert_equal "$(jq -r '.core_dumped, .core_file' "$TMP/r.json" | tr '\n' ' ')" "false null "
	assert_file_not_exists "$TMP/core"
}

@test "the text report shows the core file" {
	cd "$TMP"
	run -134 --separate-stderr "$PADDOCK" run -p LimitCORE=infinity -- "$(helper aborter)"
	[ "$(cat /proc/sys/kernel/core_pattern)" != core ] && skip "core_pattern is not 'core'"
	[[ "$stderr" == *"core file    $TMP/core"* ]]
	[[ "$stderr" == *"killed by signal 6 (SIGABRT), core dumped"* ]]
}

@test "LimitNPROC= for a command running as root carries a note that it is not enforced" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	run -0 "$PADDOCK" run --quiet -p LimitNPROC=5 --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .note "$TMP/r.json")" "LimitNPROC= is not enforced for uid 0; set User= to make it apply"
}
