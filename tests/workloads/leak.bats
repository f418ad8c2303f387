#!/usr/bin/env bats
# workloads/leak: reachable memory is not garbage; the report shows the live
# objects and, with --trace-alloc, the line that allocated them.

load ../lib/common
load ../stats/lib

common_setup_hook() {
	need_built "$WL/leak"
	LEAK_LINE=$(grep -n 'the leaking line' "$BATS_TEST_DIRNAME/../../workloads/leak.c" | cut -d: -f1)
}

@test "leak ends in memory-limit with its live objects counted" {
	pd_run -p LimitAS=64M -- "$WL/leak"
	[ "$status" -eq 1 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = memory-limit ]
	[[ "$(jqr .note)" == "libpgc recorded "*" with LimitAS=64M"* ]]
	# about 1 KiB per record in 64 MiB of address space
	[ "$(jqr .gc.live_objects)" -gt 20000 ]
	[ "$(jqr .gc.tracing)" = false ]
	[ "$(jqr '.gc.top_sites | length')" = 0 ]
}

@test "leak under --trace-alloc names its allocating line as the top site" {
	pd_run --trace-alloc -p LimitAS=64M -- "$WL/leak"
	[ "$status" -eq 1 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = memory-limit ]
	[ "$(jqr .gc.tracing)" = true ]
	[[ "$(jqr '.gc.top_sites[0].file')" == *workloads/leak.c ]]
	[ "$(jqr '.gc.top_sites[0].line')" = "$LEAK_LINE" ]
	# every live record was allocated there
	[ "$(jqr '.gc.top_sites[0].count')" -ge "$(($(jqr .gc.live_objects) - 10))" ]
	[[ "$stderr" == *"gc top sites"*"workloads/leak.c:$LEAK_LINE: "* ]]
}

@test "leak with a bound finishes and keeps every record alive" {
	pd_run -- "$WL/leak" 5000
	[ "$status" -eq 0 ]
	[ "$output" = "leak: 5000 records still referenced by the registry" ]
	[ "$(jqr .gc.live_objects)" -ge 5000 ]
	[ "$(jqr '[.gc.generations[].collected] | add')" = 0 ]
}
