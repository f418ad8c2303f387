#!/usr/bin/env bats
# Bad settings: a clear message naming the directive and value, status 125,
# and the command never starts.

load ../lib/common

# run_bad ARGS...: paddock must fail with 125 before starting the command.
run_bad() {
	run -125 --separate-stderr "$PADDOCK" run "$@" -- touch "$TMP/started"
	assert_file_not_exists "$TMP/started"
}

@test "an unknown directive is rejected" {
	run_bad -p Foo=1
	assert_equal "$stderr" "paddock: -p Foo=1: unknown directive 'Foo'"
}

@test "a -p without '=' is rejected" {
	run_bad -p LimitAS
	assert_equal "$stderr" "paddock: -p LimitAS: expected DIRECTIVE=VALUE"
}

@test "LimitAS=12Q names the bad suffix" {
	run_bad -p LimitAS=12Q
	assert_equal "$stderr" "paddock: -p LimitAS=12Q: unknown size suffix (use K, M, G, T, P or E)"
}

@test "LimitCPU=-1 is rejected as negative" {
	run_bad -p LimitCPU=-1
	assert_equal "$stderr" "paddock: -p LimitCPU=-1: negative values are not allowed"
}

@test "RuntimeMaxSec=soon is rejected" {
	run_bad -p RuntimeMaxSec=soon
	assert_equal "$stderr" "paddock: -p RuntimeMaxSec=soon: expected a number"
}

@test "an unknown time unit is rejected" {
	run_bad -p RuntimeMaxSec=5fortnights
	assert_equal "$stderr" "paddock: -p RuntimeMaxSec=5fortnights: unknown time unit (use us, ms, s, min, h, d, w)"
}

@test "an overflowing size is rejected" {
	run_bad -p LimitFSIZE=99999999999999999999
	assert_equal "$stderr" "paddock: -p LimitFSIZE=99999999999999999999: value is too large"
}

@test "an overflowing suffix multiplication is rejected" {
	run_bad -p LimitAS=20E
	assert_equal "$stderr" "paddock: -p LimitAS=20E: value is too large"
}

@test "an empty soft or hard part is rejected" {
	run_bad -p LimitNOFILE=:100
	assert_equal "$stderr" "paddock: -p LimitNOFILE=:100: '': expected a number"
}

@test "a soft limit above the hard one is rejected" {
	run_bad -p LimitNOFILE=200:100
	assert_equal "$stderr" "paddock: -p LimitNOFILE=200:100: soft limit 200 is above the hard limit 100"
}

@test "a fractional count is rejected" {
	run_bad -p LimitNOFILE=1.5
	assert_equal "$stderr" "paddock: -p LimitNOFILE=1.5: expected a whole number or 'infinity'"
}

@test "a hard limit above paddock's own says why it cannot be raised" {
	local hard
	hard="$(ulimit -Hn)"
	[ "$hard" != unlimited ] || skip "NOFILE hard limit is unlimited here"
	! have_cap_sys_resource || skip "this process has CAP_SYS_RESOURCE"
	local want=$((hard + 1000))
	run_bad -p "LimitNOFILE=$want"
	assert_equal "$stderr" "paddock: -p LimitNOFILE=$want: hard limit $want is above paddock's current hard limit $hard, and raising it needs CAP_SYS_RESOURCE, which paddock lacks"
}

@test "infinity as a hard limit above paddock's own is refused the same way" {
	local hard
	hard="$(ulimit -Hn)"
	[ "$hard" != unlimited ] || skip "NOFILE hard limit is unlimited here"
	! have_cap_sys_resource || skip "this process has CAP_SYS_RESOURCE"
	run_bad -p LimitNOFILE=infinity
	assert_equal "$stderr" "paddock: -p LimitNOFILE=infinity: hard limit infinity is above paddock's current hard limit $hard, and raising it needs CAP_SYS_RESOURCE, which paddock lacks"
}

@test "the last bad -p wins no prize: the first error stops paddock" {
	run_bad -p LimitAS=1G -p LimitDATA=junk -p Bar=2
	assert_equal "$stderr" "paddock: -p LimitDATA=junk: expected a number"
}

@test "an unwritable --json file is an error before the command starts" {
	run_bad --json /nonexistent-dir/report.json
	assert_equal "$stderr" "paddock: --json: /nonexistent-dir/report.json: No such file or directory"
}
