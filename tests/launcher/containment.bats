#!/usr/bin/env bats
# No descendant outlives the run, whichever mechanism contains it; the
# report names the mechanism.

load ../lib/common

# The daemon's pid as written may be namespace-local, so look for it by
# its command line, which names this test's own pid file.
daemon_alive() {
	pgrep -f "daemonize $TMP/daemon.pid" >/dev/null
}

check_daemon_dies() {
	local mech="$1"
	run -0 "$PADDOCK" run --quiet --containment "$mech" --json "$TMP/r.json" -- "$(helper daemonize)" "$TMP/daemon.pid"
	assert_file_exists "$TMP/daemon.pid"
	assert_equal "$(jq -r .containment "$TMP/r.json")" "$mech"
	assert_equal "$(jq -r .verdict "$TMP/r.json")" ok
	! daemon_alive || fail "the setsid double-fork daemon survived ($mech)"
}

@test "a setsid double-fork daemon is dead when paddock returns (automatic choice)" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- "$(helper daemonize)" "$TMP/daemon.pid"
	assert_file_exists "$TMP/daemon.pid"
	! daemon_alive || fail "the daemon survived"
}

@test "cgroup-kill: a setsid double-fork daemon is dead when paddock returns" {
	[ -e /sys/fs/cgroup/unified/cgroup.procs ] || [ -e /sys/fs/cgroup/cgroup.procs ] || skip "no cgroup v2"
	check_daemon_dies cgroup-kill
}

@test "pid-namespace: a setsid double-fork daemon is dead when paddock returns" {
	check_daemon_dies pid-namespace
}

@test "subreaper: a setsid double-fork daemon is dead when paddock returns" {
	check_daemon_dies subreaper
}

@test "the automatic choice here is cgroup-kill, and its cgroup is removed afterwards" {
	[ -e /sys/fs/cgroup/unified/cgroup.kill ] || [ -e /sys/fs/cgroup/unified/cgroup.procs ] || skip "no cgroup v2 at /sys/fs/cgroup/unified"
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .containment "$TMP/r.json")" cgroup-kill
	run -0 "$PADDOCK" run --quiet -- sh -c 'cat /proc/self/cgroup | grep "^0::"'
	assert_output --regexp '^0::/.*paddock-[0-9]+-[0-9]+$'
	local cg="${output#0::}"
	assert_not_exists "/sys/fs/cgroup/unified$cg"
}

@test "in a pid namespace the command is not PID 1" {
	run -0 --separate-stderr "$PADDOCK" run --quiet --containment pid-namespace -- sh -c 'echo $$'
	assert_output 2
}

@test "in a pid namespace the command keeps default signal handling" {
	run -143 "$PADDOCK" run --quiet --containment pid-namespace -- sh -c 'kill -TERM $$; sleep 5'
}

@test "every mechanism reports the command's exit code" {
	for m in cgroup-kill pid-namespace subreaper; do
		run -5 "$PADDOCK" run --quiet --containment "$m" -- "$(helper exitwith)" 5
	done
}

@test "orphans are reaped and counted in the report" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- sh -c '(sleep 0.2 &) ; sleep 0.3'
	(($(jq -r .processes.seen "$TMP/r.json") >= 2))
}

@test "paddock runs inside paddock, whose sandbox filters clone3" {
	# In the sanitizer build the inner paddock is an ASan binary, whose leak
	# check stops the world with ptrace: the default policy denies that.
	run -0 "$PADDOCK" run --quiet -p Environment=ASAN_OPTIONS=detect_leaks=0 -- "$PADDOCK" run --quiet --json "$TMP/inner.json" -- "$(helper exitwith)" 0
	assert_equal "$(jq -r .verdict "$TMP/inner.json")" ok
	run -0 "$PADDOCK" run --quiet -p Environment=ASAN_OPTIONS=detect_leaks=0 -- "$PADDOCK" run --quiet -- "$(helper daemonize)" "$TMP/daemon.pid"
	! daemon_alive || fail "the daemon survived the inner paddock"
}

@test "a daemon that moves itself out of the run's cgroup is still killed" {
	[ -w /sys/fs/cgroup/unified/cgroup.procs ] || skip "cannot write the root cgroup.procs"
	cat >"$TMP/escape.sh" <<'SH'
#!/bin/sh
( setsid sh -c 'echo $$ >/sys/fs/cgroup/unified/cgroup.procs; echo $$ >"$1"; exec sleep 60' escape "$1" & )
sleep 0.2
SH
	chmod +x "$TMP/escape.sh"
	run -0 timeout 30 "$PADDOCK" run --quiet -- "$TMP/escape.sh" "$TMP/escaped.pid"
	assert_file_exists "$TMP/escaped.pid"
	pid_gone "$(cat "$TMP/escaped.pid")" || fail "the escaped daemon survived"
}
