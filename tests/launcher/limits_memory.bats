#!/usr/bin/env bats
# LimitAS=, LimitDATA=, LimitSTACK=, LimitMEMLOCK=: each takes effect, and
# the verdict follows from what happened (never a guess).

load ../lib/common

@test "LimitAS= makes a large allocation fail: exit-nonzero" {
	run -1 --separate-stderr "$PADDOCK" run --quiet -p LimitAS=64M --json "$TMP/r.json" -- "$(helper allocate)" 200000000
	assert_equal "$stderr" "allocate: failed to allocate 200000000 bytes"
	assert_equal "$(jq -r .verdict "$TMP/r.json")" exit-nonzero
	assert_equal "$(jq -r '.limits.AS | "\(.set) \(.soft) \(.hard)"' "$TMP/r.json")" "true 67108864 67108864"
}

@test "the same allocation succeeds without the limit" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -- "$(helper allocate)" 200000000
	assert_output "allocated 200000000"
}

@test "growing up to LimitAS= adds a note naming the limit, verdict stays exit-nonzero" {
	run -1 "$PADDOCK" run --quiet -p LimitAS=96M --json "$TMP/r.json" -- "$(helper grow)" 1048576
	assert_equal "$(jq -r .verdict "$TMP/r.json")" exit-nonzero
	jq -r .note "$TMP/r.json" | grep -q "within 5% of LimitAS=96M"
}

@test "LimitDATA= makes a large allocation fail" {
	run -1 --separate-stderr "$PADDOCK" run --quiet -p LimitDATA=32M --json "$TMP/r.json" -- "$(helper allocate)" 100000000
	assert_equal "$stderr" "allocate: failed to allocate 100000000 bytes"
	assert_equal "$(jq -r .verdict "$TMP/r.json")" exit-nonzero
}

@test "LimitSTACK= stops unbounded recursion with SIGSEGV: signaled" {
	run -139 "$PADDOCK" run --quiet -p LimitSTACK=1M -p LimitCORE=0 --json "$TMP/r.json" -- "$(helper recurse)"
	assert_equal "$(jq -r '.verdict, .signal, .signal_name' "$TMP/r.json" | tr '\n' ' ')" "signaled 11 SIGSEGV "
	assert_equal "$(jq -r .limits.STACK.soft "$TMP/r.json")" 1048576
}

# root has CAP_IPC_LOCK, which bypasses RLIMIT_MEMLOCK: run as nobody.
@test "LimitMEMLOCK= makes mlock fail for an unprivileged process" {
	run -1 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -p LimitMEMLOCK=64K -- "$(helper mlocker)" 1048576
	assert_output --partial "mlock failed"
}

@test "mlock within LimitMEMLOCK= succeeds" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -p LimitMEMLOCK=4M -- "$(helper mlocker)" 1048576
	assert_output "locked 1048576"
}

@test "SOFT:HARD sets both limits and the command sees them" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p LimitAS=1G:2G -- sh -c 'ulimit -Sv; ulimit -Hv'
	assert_output "$(printf '1048576\n2097152')"
}

@test "infinity removes a limit" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p LimitDATA=infinity -- sh -c 'ulimit -Sd'
	assert_output unlimited
}

@test "a later -p overrides an earlier one, and an empty value means inherited" {
	run -0 "$PADDOCK" run --quiet -p LimitDATA=1G -p LimitDATA=2G --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .limits.DATA.soft "$TMP/r.json")" 2147483648
	run -0 "$PADDOCK" run --quiet -p LimitDATA=1G -p LimitDATA= --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .limits.DATA.set "$TMP/r.json")" false
}
