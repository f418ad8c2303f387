#!/usr/bin/env bats
# RuntimeMaxSec=: a timer in paddock's event loop, accurate to 50 ms.

load ../lib/common

# wall_ms FILE: the report's wall time in whole milliseconds
wall_ms() {
	jq -r '.wall_time_s * 1000 | floor' "$1"
}

@test "RuntimeMaxSec=500ms stops sleep 10 within 50 ms of the limit" {
	run -124 "$PADDOCK" run --quiet -p RuntimeMaxSec=500ms --json "$TMP/r.json" -- sleep 10
	assert_equal "$(jq -r '.verdict, .signal_name' "$TMP/r.json" | tr '\n' ' ')" "wall-timeout SIGKILL "
	local ms
	ms="$(wall_ms "$TMP/r.json")"
	((ms >= 500 && ms <= 550)) || fail "wall time ${ms} ms, expected 500..550"
}

@test "the timeout is accurate for a CPU-bound command too" {
	run -124 "$PADDOCK" run --quiet -p RuntimeMaxSec=1s --json "$TMP/r.json" -- "$(helper spin)"
	local ms
	ms="$(wall_ms "$TMP/r.json")"
	((ms >= 1000 && ms <= 1050)) || fail "wall time ${ms} ms, expected 1000..1050"
}

@test "paddock's own wall clock agrees with the report" {
	local t0 t1
	t0="$(date +%s%N)"
	run -124 "$PADDOCK" run --quiet -p RuntimeMaxSec=300ms -- sleep 5
	t1="$(date +%s%N)"
	local ms=$(((t1 - t0) / 1000000))
	((ms >= 300 && ms < 2000)) || fail "paddock took ${ms} ms (sleep would take 5000)"
}

@test "a timeout kills the whole tree, not just the command" {
	run -124 "$PADDOCK" run --quiet -p RuntimeMaxSec=300ms -- sh -c "sleep 20 & sleep 20 & wait"
	run pgrep -f "^sleep 20$"
	assert_failure
}

@test "a command that finishes in time is not a timeout" {
	run -0 "$PADDOCK" run --quiet -p RuntimeMaxSec=5s --json "$TMP/r.json" -- sleep 0.1
	assert_equal "$(jq -r .verdict "$TMP/r.json")" ok
	assert_equal "$(jq -r .limits.RuntimeMaxSec "$TMP/r.json")" 5
}

@test "RuntimeMaxSec= takes systemd time spans" {
	run -0 "$PADDOCK" run --quiet -p "RuntimeMaxSec=1h 30min" --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .limits.RuntimeMaxSec "$TMP/r.json")" 5400
	run -0 "$PADDOCK" run --quiet -p RuntimeMaxSec=2min --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .limits.RuntimeMaxSec "$TMP/r.json")" 120
	run -0 "$PADDOCK" run --quiet -p RuntimeMaxSec=90 --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .limits.RuntimeMaxSec "$TMP/r.json")" 90
}

@test "RuntimeMaxSec=infinity means no wall-clock limit" {
	run -0 "$PADDOCK" run --quiet -p RuntimeMaxSec=infinity --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .limits.RuntimeMaxSec "$TMP/r.json")" infinity
}
