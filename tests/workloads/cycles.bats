#!/usr/bin/env bats
# workloads/cycles: cyclic garbage is freed only by the cycle collector.
# Collector on: flat heap under LimitAS=256M; collector off: memory-limit.

load ../lib/common
load ../stats/lib

common_setup_hook() {
	need_built "$WL/cycles"
}

@test "cycles finishes under LimitAS=256M with the collector on, its heap flat" {
	pd_run -p LimitAS=256M -- "$WL/cycles"
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = ok ]
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr .gc.enabled)" = true ]
	[ "$(jqr .gc.exited)" = true ]
	[ "$(jqr .gc.alloc_failures)" = 0 ]
	# 1.2 GB of rings went through a heap that never held more than 32 MiB
	[ "$(jqr .gc.peak_bytes)" -lt $((32 * 1024 * 1024)) ]
	[ "$(jqr '.gc.generations[0].collections')" -gt 100 ]
	[ "$(jqr '[.gc.generations[].collected] | add')" -ge 290000 ]
	[[ "$output" == "cycles: 100000 rings of 3 nodes (1172 MiB) built and dropped; collector on;"* ]]
	[[ "$stderr" == *"collector enabled"* ]]
}

@test "cycles with the collector off (PGC_GC=0) hits LimitAS=256M: memory-limit" {
	pd_run -p LimitAS=256M -p Environment=PGC_GC=0 -- "$WL/cycles"
	[ "$status" -eq 1 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = memory-limit ]
	# the page's evidence comes first in the note
	[[ "$(jqr .note)" =~ ^libpgc\ recorded\ [0-9]+\ failed\ allocations?,\ last\ of\ [0-9]+\ bytes,\ with\ LimitAS=256M($|\;) ]]
	[ "$(jqr .gc.enabled)" = false ]
	[ "$(jqr .gc.alloc_failures)" -ge 1 ]
	[ "$(jqr '[.gc.generations[].collections] | add')" = 0 ]
	# the garbage filled most of the address space before the failure
	[ "$(jqr .gc.peak_bytes)" -gt $((128 * 1024 * 1024)) ]
	[[ "$stderr" == *"cycles: allocation failed in round "* ]]
	grep -q '^paddock-verdict:memory-limit$' "$META"
	grep -q '^paddock-gc-alloc-failures:[1-9]' "$META"
}

@test "without a memory limit an allocation failure is not guessed at" {
	# a short run with the collector off succeeds: no limit, no failure
	pd_run -p Environment=PGC_GC=0 -- "$WL/cycles" 1000
	[ "$status" -eq 0 ]
	[ "$(jqr .verdict)" = ok ]
	[ "$(jqr .gc.live_objects)" -ge 3000 ]
}
