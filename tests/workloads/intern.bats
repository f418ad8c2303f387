#!/usr/bin/env bats
# workloads/intern: identity, interning and reference counts.

load ../lib/common
load ../stats/lib

common_setup_hook() {
	need_built "$WL/intern"
}

@test "intern shows the small-int cache, interning and getrefcount" {
	pd_run -- "$WL/intern"
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = ok ]
	[[ "$output" =~ int\(256\)\ is\ int\(256\)\ +\(small-int\ cache\)\ +True ]]
	[[ "$output" =~ int\(257\)\ is\ int\(257\)\ +False ]]
	[[ "$output" =~ "intern('spam eggs!') is intern('spam eggs!')"\ +True ]]
	[[ "$output" =~ getrefcount\(new\ list\)\ +2 ]]
	[[ "$output" =~ getrefcount\(list\ held\ by\ another\ list\)\ +3 ]]
	[ "$(jqr .gc.valid)" = true ]
}
