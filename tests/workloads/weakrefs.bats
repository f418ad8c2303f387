#!/usr/bin/env bats
# workloads/observer and workloads/weakcache: weak references never keep
# their objects alive.

load ../lib/common
load ../stats/lib

@test "observer: a listener dropped by its owner stops getting events" {
	need_built "$WL/observer"
	pd_run -- "$WL/observer"
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = ok ]
	[[ "$output" == *"event 1 (3 listeners subscribed):"*"bob got event 1"* ]]
	[[ "$output" != *"bob got event 2"* ]]
	[[ "$output" == *"alice got event 2"*"carol got event 2"* ]]
	[[ "$output" == *"subscribers left: 2"* ]]
}

@test "weakcache: a weak-valued cache stays bounded by what is alive" {
	need_built "$WL/weakcache"
	pd_run -p LimitAS=256M -- "$WL/weakcache"
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = ok ]
	[[ "$output" =~ largest\ cache\ size:\ ([0-9]+) ]]
	[ "${BASH_REMATCH[1]}" -le 64 ]
	[[ "$output" == *"hits:"* ]]
	[ "$(jqr .gc.peak_bytes)" -lt $((16 * 1024 * 1024)) ]
}
