#!/usr/bin/env bats
# paddock itself receiving SIGINT, SIGTERM or SIGHUP: it kills the tree,
# reaps it, reports `interrupted` and exits 128+N.

load ../lib/common

interrupt_run() {
	local sig="$1" mech="${2:-auto}"
	"$PADDOCK" run --quiet --containment "$mech" --json "$TMP/r.json" -- \
		sh -c "\"$(helper daemonize)\" \"$TMP/daemon.pid\"; exec sleep 30" &
	local pp=$!
	for _ in $(seq 100); do
		[ -s "$TMP/daemon.pid" ] && break
		sleep 0.05
	done
	sleep 0.1
	kill "-$sig" "$pp"
	local rc=0
	wait "$pp" || rc=$?
	echo "$rc"
}

nothing_left() {
	! pgrep -f "daemonize $TMP/daemon.pid" >/dev/null && ! pgrep -f "^sleep 30$" >/dev/null
}

@test "SIGTERM to paddock mid-run leaves nothing behind and reports interrupted" {
	run -0 interrupt_run TERM
	assert_output 143
	assert_equal "$(jq -r '.verdict, .interrupt_signal' "$TMP/r.json" | tr '\n' ' ')" "interrupted 15 "
	nothing_left || fail "processes survived"
}

@test "SIGINT to paddock mid-run leaves nothing behind" {
	run -0 interrupt_run INT
	assert_output 130
	assert_equal "$(jq -r .verdict "$TMP/r.json")" interrupted
	nothing_left || fail "processes survived"
}

@test "SIGHUP to paddock mid-run leaves nothing behind" {
	run -0 interrupt_run HUP
	assert_output 129
	nothing_left || fail "processes survived"
}

@test "SIGTERM with pid-namespace containment leaves nothing behind" {
	run -0 interrupt_run TERM pid-namespace
	assert_output 143
	nothing_left || fail "processes survived"
}

@test "SIGTERM with subreaper containment leaves nothing behind" {
	run -0 interrupt_run TERM subreaper
	assert_output 143
	nothing_left || fail "processes survived"
}

@test "the interrupted report still has the text report with the verdict first" {
	"$PADDOCK" run -- sleep 30 2>"$TMP/err" &
	local pp=$!
	sleep 0.3
	kill -TERM "$pp"
	wait "$pp" || true
	run sed -n 2p "$TMP/err"
	assert_output "  verdict      interrupted"
}
