#!/usr/bin/env bats
# Workloads that each cross one limit: recurse (LimitSTACK=), spin
# (LimitCPU=), forkbomb (LimitNPROC=), crash (LimitCORE=), mlock
# (LimitMEMLOCK=), badsys (the seccomp filter). Each keeps its gc section.

load ../lib/common
load ../stats/lib

@test "recurse under LimitSTACK=1M is reported as stack-limit, recorded by libpgc" {
	need_built "$WL/recurse"
	pd_run -p LimitSTACK=1M -- "$WL/recurse"
	[ "$status" -eq 139 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = stack-limit ]
	[ "$(jqr .signal)" = 11 ]
	[ "$(jqr .gc.stack_overflow)" = true ]
	[ "$(jqr .note)" = "libpgc recorded a stack overflow (SIGSEGV on the guard page) with LimitSTACK=1M" ]
	[[ "$stderr" == *"overflow recorded"* ]]
}

@test "recurse within a large enough stack finishes" {
	need_built "$WL/recurse"
	pd_run -p LimitSTACK=64M -- "$WL/recurse" 20000
	[ "$status" -eq 0 ]
	[ "$(jqr .verdict)" = ok ]
	[ "$(jqr .gc.stack_overflow)" = false ]
	[[ "$output" == "recurse: reached depth 20000"* ]]
}

@test "spin under LimitCPU=1:2 is cpu-limit (SIGXCPU) and its collections are still reported" {
	need_built "$WL/spin"
	pd_run -p LimitCPU=1:2 -- "$WL/spin"
	assert_reports_well_formed
	[ "$(jqr .verdict)" = cpu-limit ]
	[ "$(jqr .signal_name)" = SIGXCPU ]
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr '.gc.generations[0].collections')" -gt 0 ]
	[ "$(jqr .gc.exited)" = false ]
}

@test "forkbomb under DynamicUser=yes and LimitNPROC=20 is refused more processes" {
	need_built "$WL/forkbomb"
	pd_run -p DynamicUser=yes -p LimitNPROC=20 -p RuntimeMaxSec=30 -- "$WL/forkbomb"
	if [ "$status" -eq 125 ]; then
		skip "DynamicUser= is not available here: $stderr"
	fi
	[ "$status" -eq 1 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = exit-nonzero ]
	[[ "$stderr" == *"forkbomb: fork failed after "*" children: Resource temporarily unavailable"* ]]
	[ "$(jqr .processes.peak_concurrent)" -le 21 ]
}

@test "crash dumps core when LimitCORE= allows it, and not otherwise" {
	need_built "$WL/crash"
	cd "$BATS_TEST_TMPDIR"
	pd_run -p LimitCORE=infinity -- "$WL/crash"
	[ "$status" -eq 134 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = signaled ]
	[ "$(jqr .signal)" = 6 ]
	[ "$(jqr .core_dumped)" = true ]
	# published during the run (every 1024 allocations): the abort skips atexit
	[ "$(jqr .gc.live_objects)" -ge 5000 ]
	[ "$(jqr .gc.exited)" = false ]
	rm -f core core.*
	pd_run -p LimitCORE=0 -- "$WL/crash"
	[ "$status" -eq 134 ]
	[ "$(jqr .core_dumped)" = false ]
}

@test "mlock beyond LimitMEMLOCK= fails in the command, within it succeeds" {
	need_built "$WL/mlock"
	pd_run -p LimitMEMLOCK=64K -- "$WL/mlock"
	[ "$status" -eq 1 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = exit-nonzero ]
	[[ "$stderr" == *"mlock: locking 1048576 bytes: "* ]]
	pd_run -p LimitMEMLOCK=4M -- "$WL/mlock"
	[ "$status" -eq 0 ]
	[ "$output" = "mlock: locked 1048576 bytes" ]
}

@test "badsys is killed by the default seccomp filter: seccomp-violation" {
	need_built "$WL/badsys"
	pd_run -- "$WL/badsys"
	assert_reports_well_formed
	[ "$(jqr .verdict)" = seccomp-violation ]
	[[ "$output" != *"was not filtered"* ]]
	[[ "$(jq -c . "$JSON")" == *reboot* ]]
}
