#!/usr/bin/env bats
# How the stats page reaches the command: one sealed memfd, named in
# PADDOCK_STATS_FD, the only fd beyond 0-2 that the command inherits.

load ../lib/common
load lib

@test "the command gets PADDOCK_STATS_FD naming an open paddock-stats memfd" {
	pd_run -- sh -c 'echo "fd=$PADDOCK_STATS_FD"; readlink "/proc/self/fd/$PADDOCK_STATS_FD"'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" =~ ^fd=[0-9]+$ ]]
	[[ "${lines[1]}" == "/memfd:paddock-stats"* ]]
}

@test "the page is 4096 bytes (its seals are tested in hostile.bats)" {
	pd_run -- sh -c 'stat -L -c "size=%s" "/proc/self/fd/$PADDOCK_STATS_FD"'
	[ "$status" -eq 0 ]
	[ "$output" = "size=4096" ]
}

@test "a command that is not a libpgc program reports no gc section" {
	pd_run -- true
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .gc)" = null ]
	[[ "$stderr" != *"gc "* ]]
}

@test "the page names its writer: the workload's own pid, as it sees it" {
	need_built "$WL/cycles"
	pd_run -- sh -c 'echo "$$"; exec "$0" 100 >/dev/null' "$WL/cycles"
	[ "$status" -eq 0 ]
	[ "$(jqr .gc.writer_pid)" = "$output" ]
	[ "$(jqr .gc.consistent)" = true ]
	[ "$(jqr .gc.exited)" = true ]
}

@test "the page's fd is the only one the command inherits beyond 0, 1 and 2" {
	pd_run -- sh -c 'ls "/proc/$$/fd" | sort -n | tr "\n" " "; echo; echo "$PADDOCK_STATS_FD"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "0 1 2 ${lines[1]} " ]
}

@test "an inherited or configured PADDOCK_STATS_FD is replaced by the real one" {
	pd_run -p Environment=PADDOCK_STATS_FD=99 -- sh -c 'echo "$PADDOCK_STATS_FD"; readlink "/proc/self/fd/$PADDOCK_STATS_FD"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" != 99 ]
	[[ "${lines[1]}" == "/memfd:paddock-stats"* ]]
}

@test "a configured PGC_TRACEMALLOC is kept, and --trace-alloc overrides it" {
	pd_run -p Environment=PGC_TRACEMALLOC=7 -- sh -c 'echo "$PGC_TRACEMALLOC"'
	[ "$output" = 7 ]
	pd_run --trace-alloc=2 -p Environment=PGC_TRACEMALLOC=7 -- sh -c 'echo "$PGC_TRACEMALLOC"'
	[ "$output" = 2 ]
}
