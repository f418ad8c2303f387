#!/usr/bin/env bats
# [Budget] MaxHeap= (peak live heap) and MaxGCPause= (longest collection)
# are checked against the stats page after the run.

load ../lib/common
load lib

common_setup_hook() {
	need_built "$WL/cycles"
}

@test "MaxHeap= below the peak live heap is exceeded: budget exit code" {
	pd_run -p MaxHeap=64K -- "$WL/cycles" 20000
	[ "$status" -eq 3 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = ok ]
	[ "$(jqr '.budget_exceeded[0].name')" = MaxHeap ]
	[ "$(jqr '.budget_exceeded[0].measured')" = "$(jqr .gc.peak_bytes)" ]
	[ "$(jqr '.budget_exceeded[0].budget')" = 65536 ]
}

@test "MaxHeap= above the peak live heap passes" {
	pd_run -p MaxHeap=1G -- "$WL/cycles" 20000
	[ "$status" -eq 0 ]
	[ "$(jqr '.budget_exceeded | length')" = 0 ]
}

@test "MaxGCPause= below the longest pause is exceeded" {
	pd_run -p MaxGCPause=1us -- "$WL/cycles" 20000
	[ "$status" -eq 3 ]
	[ "$(jqr '.gc.pause_max_ns')" -gt 1000 ]
	[ "$(jqr '.budget_exceeded[0].name')" = MaxGCPause ]
}

@test "MaxGCPause= of a minute passes" {
	pd_run -p MaxGCPause=1min -- "$WL/cycles" 20000
	[ "$status" -eq 0 ]
	[ "$(jqr '.budget_exceeded | length')" = 0 ]
}

@test "a heap budget on a command without libpgc is not checked, and says so" {
	pd_run -p MaxHeap=1K -- true
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"MaxHeap="*"not checked"* ]]
}
