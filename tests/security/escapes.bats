#!/usr/bin/env bats
# Escape attempts under paddock's default policy. Each must fail, and the
# report (or, where the kernel itself refuses, the settings paddock shows)
# must name what stopped it. A control run shows each test can fail.

load ../lib/common

# Processes whose real uid is $1 (procps may not be installed).
count_uid() {
	grep -l "^Uid:[[:space:]]*$1[[:space:]]" /proc/[0-9]*/status 2>/dev/null | wc -l
}

# verdict and first denied call of the JSON report
denied() {
	printf '%s %s\n' "$(json_field "$TMP/r.json" .verdict)" "$(json_field "$TMP/r.json" '.violations[0].syscall')"
}

@test "ptrace of another process is killed and the report names ptrace" {
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_call)" ptrace
	assert_equal "$(denied)" "seccomp-violation ptrace"
	[[ "$stderr" == *"seccomp      ptrace (nr 101) by pid"* ]]
}

@test "mount is killed and the report names mount" {
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_call)" mount
	assert_equal "$(denied)" "seccomp-violation mount"
}

@test "unshare into new namespaces is killed, through unshare(2) and clone(2) alike" {
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- unshare -U -n true
	assert_equal "$(denied)" "seccomp-violation unshare"
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_call)" clone_newuser
	assert_equal "$(denied)" "seccomp-violation clone(CLONE_NEW*)"
	# control: without the default policy the same clone succeeds
	run -0 --separate-stderr "$PADDOCK" run --quiet -p SystemCallFilter= -- "$(helper sec_call)" clone_newuser
	assert_output "clone_newuser: OK"
}

@test "init_module, kexec_load, bpf and perf_event_open are killed and named" {
	for call in init_module kexec_load bpf perf_event_open; do
		run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_call)" "$call"
		assert_equal "$(denied)" "seccomp-violation $call"
	done
}

@test "an i386 int 0x80 system call from a 64-bit program is killed and named" {
	if ! "$(helper sec_abi)" int80 >/dev/null 2>&1; then
		skip "this kernel has no i386 emulation: int 0x80 faults before any filter runs"
	fi
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_abi)" int80
	assert_equal "$(denied)" "seccomp-violation x86:getpid"
}

@test "an x32 system call from a 64-bit program is killed and named" {
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_abi)" x32
	assert_equal "$(denied)" "seccomp-violation x32:getpid"
}

@test "raising a hard rlimit fails; the report shows the limit that held" {
	run -0 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -p LimitNOFILE=64 -- \
		sh -c 'ulimit -H -n 4096 2>/dev/null && echo raised || echo refused; ulimit -H -n'
	assert_output "$(printf 'refused\n64')"
	assert_equal "$(json_field "$TMP/r.json" .limits.NOFILE.hard)" 64
}

@test "a setuid-root binary gains nothing (no_new_privs)" {
	[ "$(id -u)" = 0 ] || skip "needs root to install a setuid-root binary"
	install -m 4755 -o root "$(helper sec_ids)" "$TMP/suid_ids"
	chmod 755 "$TMP"
	"$TMP/suid_ids" >/dev/null || skip "cannot run binaries from $TMP"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -- "$TMP/suid_ids"
	assert_output "uid 65534 65534 65534 gid 65534 65534 65534"
	run -0 --separate-stderr "$PADDOCK" show -p User=nobody
	assert_line --regexp '^NoNewPrivileges=yes '
	# control: without no_new_privs (and so without a filter) root is gained
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -p NoNewPrivileges=no \
		-p SystemCallFilter= -p SystemCallArchitectures= -p 'CapabilityBoundingSet=~' -- "$TMP/suid_ids"
	assert_output "uid 65534 0 0 gid 65534 65534 65534"
}

@test "TIOCSTI terminal injection fails with EPERM and the report names it" {
	run -0 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_tiocsti)"
	assert_line 'TIOCSTI: EPERM'
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" 'ioctl(TIOCSTI)'
}

@test "a secret in paddock's environment does not reach the command" {
	run -0 --separate-stderr env CI_SECRET=hunter2 "$PADDOCK" run --quiet -- sh -c 'echo "[${CI_SECRET-}]"; cat /proc/self/environ | tr "\0" "\n" | grep -c hunter2 || true'
	assert_output "$(printf '[]\n0')"
	# control: passing it by name makes it visible
	run -0 --separate-stderr env CI_SECRET=hunter2 "$PADDOCK" run --quiet -p PassEnvironment=CI_SECRET -- sh -c 'echo "[$CI_SECRET]"'
	assert_output '[hunter2]'
}

@test "an fd the parent had open cannot be used" {
	echo topsecret >"$TMP/secret"
	exec 9<"$TMP/secret"
	run --separate-stderr "$PADDOCK" run --quiet -- sh -c 'cat <&9'
	exec 9<&-
	[ "$status" -ne 0 ]
	refute_output --partial topsecret
	[[ "$stderr" == *"9"* ]]
}

@test "with PrivateNetwork=yes the network cannot be reached" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p PrivateNetwork=yes -- python3 -c '
import socket
for addr in [("192.0.2.1", 80), ("1.1.1.1", 53)]:
    try:
        socket.create_connection(addr, timeout=3); print("reached", addr[0])
    except OSError as e:
        print("unreachable", addr[0], e.errno)'
	assert_output "$(printf 'unreachable 192.0.2.1 101\nunreachable 1.1.1.1 101')"
	run -0 --separate-stderr "$PADDOCK" show -p PrivateNetwork=yes
	assert_line --regexp '^PrivateNetwork=yes +# -p$'
}

@test "a fork bomb under DynamicUser=yes LimitNPROC=50 is contained and the machine stays responsive" {
	[ "$(id -u)" = 0 ] || skip "DynamicUser= needs root"
	"$PADDOCK" run --quiet --json "$TMP/r.json" -p DynamicUser=yes -p LimitNPROC=50 -p RuntimeMaxSec=3 -- \
		python3 -c '
import os, time
while True:  # fork forever; every child sleeps, so they pile up
    try:
        if os.fork() == 0:
            time.sleep(60); os._exit(0)
    except OSError:
        time.sleep(0.001)' >/dev/null 2>&1 3>&- &
	sleep 1.5
	uid="$(ls -n /proc/*/status 2>/dev/null | awk '$3 >= 61184 && $3 <= 65519 {print $3; exit}')"
	start=$(date +%s%N)
	for _ in 1 2 3 4 5; do /bin/true; done
	elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
	if [ -n "$uid" ]; then
		count=$(count_uid "$uid")
		[ "$count" -le 50 ] || fail "$count processes of uid $uid (LimitNPROC=50)"
	fi
	wait
	[ "$elapsed_ms" -lt 1000 ] || fail "5 trivial commands took ${elapsed_ms} ms during the bomb"
	assert_equal "$(json_field "$TMP/r.json" .verdict)" wall-timeout
	assert_equal "$(json_field "$TMP/r.json" .limits.NPROC.hard)" 50
	uid="$(json_field "$TMP/r.json" .dynamic_uid)"
	[ "$(count_uid "$uid")" -eq 0 ] || fail "processes of uid $uid survived the run"
}

@test "a descendant cannot escape the wall timeout" {
	run -124 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -p RuntimeMaxSec=1 -- \
		sh -c 'setsid sh -c "sleep 61.4242" & (sleep 62.4242 &) ; sleep 60'
	assert_equal "$(json_field "$TMP/r.json" .verdict)" wall-timeout
	! grep -qa '6[12]\.4242' /proc/[0-9]*/cmdline 2>/dev/null || fail "a descendant survived the timeout"
}
