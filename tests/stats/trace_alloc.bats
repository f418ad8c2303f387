#!/usr/bin/env bats
# paddock run --trace-alloc[=N]: PGC_TRACEMALLOC=N for the workload, and the
# top allocation sites in every report format.

load ../lib/common
load lib

@test "--trace-alloc sets PGC_TRACEMALLOC=1 for the command" {
	pd_run --trace-alloc -- sh -c 'echo "$PGC_TRACEMALLOC"'
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
}

@test "--trace-alloc=N sets PGC_TRACEMALLOC=N" {
	pd_run --trace-alloc=5 -- sh -c 'echo "$PGC_TRACEMALLOC"'
	[ "$status" -eq 0 ]
	[ "$output" = 5 ]
}

@test "without --trace-alloc the command sees no PGC_TRACEMALLOC" {
	pd_run -- sh -c 'echo "[${PGC_TRACEMALLOC-unset}]"'
	[ "$output" = "[unset]" ]
}

@test "a bad --trace-alloc value is rejected before anything runs" {
	for bad in 0 -1 abc 65 1x ''; do
		run --separate-stderr "$PADDOCK" run "--trace-alloc=$bad" -- sh -c 'echo ran'
		[ "$status" -eq 125 ]
		[ "$output" = "" ]
		[[ "$stderr" == "paddock: --trace-alloc: '$bad': "* ]]
	done
}

@test "traced sites appear in text, JSON and meta" {
	need_built "$WL/leak"
	pd_run --trace-alloc -- "$WL/leak" 3000
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .gc.tracing)" = true ]
	[ "$(jqr '.gc.top_sites | length')" -ge 1 ]
	[[ "$(jqr '.gc.top_sites[0].file')" == *workloads/leak.c ]]
	[ "$(jqr '.gc.top_sites[0].count')" -ge 3000 ]
	[[ "$stderr" == *"gc top sites"*"workloads/leak.c:"* ]]
	grep -q '^paddock-gc-site0:.*workloads/leak.c:[0-9]* [0-9]* [0-9]*$' "$META"
}
