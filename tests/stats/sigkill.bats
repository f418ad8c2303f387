#!/usr/bin/env bats
# The page survives the death of its writer: paddock reads it after the tree
# is reaped, so a SIGKILLed workload still reports its heap.

load ../lib/common
load lib

common_setup_hook() {
	need_built "$WL/spin"
}

@test "a workload killed by paddock's wall-clock timer still has its page read" {
	pd_run -p RuntimeMaxSec=1 -- "$WL/spin"
	[ "$status" -eq 124 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = wall-timeout ]
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr .gc.exited)" = false ]
	[ "$(jqr '.gc.generations[0].collections')" -gt 0 ]
	[[ "$stderr" == *"collector enabled"* ]]
}

@test "a workload SIGKILLed mid-run by a sibling still has its page read" {
	pd_run -- sh -c '"$0" & pid=$!; sleep 0.5; kill -KILL $pid; wait $pid; echo "spin status $?"' "$WL/spin"
	[ "$status" -eq 0 ]
	[ "$output" = "spin status 137" ]
	assert_reports_well_formed
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr .gc.exited)" = false ]
	[ "$(jqr '.gc.generations[0].collections')" -gt 0 ]
	[ "$(jqr .gc.live_objects)" -ge 0 ]
}
