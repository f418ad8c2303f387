#!/usr/bin/env bats
# SystemCallFilter= and SystemCallErrorNumber=: systemd's allowlist and
# '~' denylist semantics, merging and resetting, per-entry errnos, and the
# exact report of each denied call (name, number, pid, count).

load ../lib/common

@test "a denylist kills the command on a listed call and the report names it" {
	run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" \
		-p 'SystemCallFilter=~@mount' -- "$(helper sec_call)" mount
	assert_equal "$(json_field "$TMP/r.json" .verdict)" seccomp-violation
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" mount
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].nr')" 165
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].action')" kill
	[[ "$stderr" == *"seccomp      mount (nr 165) by pid "*", 1 time, killed the command"* ]]
}

@test "with SystemCallErrorNumber= the run goes on and each denied call is counted" {
	run -0 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" \
		-p 'SystemCallFilter=~mount' -p SystemCallErrorNumber=EPERM -- \
		sh -c "$(helper sec_call) mount; $(helper sec_call) mount; $(helper sec_call) mount; true"
	assert_output "$(printf 'mount: EPERM\nmount: EPERM\nmount: EPERM')"
	assert_equal "$(json_field "$TMP/r.json" .verdict)" ok
	assert_equal "$(json_field "$TMP/r.json" '.violations | length')" 1
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].count')" 3
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].action')" errno
}

@test "violations of grandchildren are recorded too, with the caller's pid" {
	run -0 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" \
		-p 'SystemCallFilter=~bpf' -p SystemCallErrorNumber=ENOSYS -- \
		sh -c "sh -c 'echo \$\$ >$TMP/pid; exec $(helper sec_call) bpf'; true"
	assert_output 'bpf: ENOSYS'
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" bpf
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].pid')" "$(cat "$TMP/pid")"
}

@test "an errno number works as well as a name" {
	run -1 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=~mount' \
		-p SystemCallErrorNumber=13 -- "$(helper sec_call)" mount
	assert_output 'mount: EACCES'
}

@test "a denylist entry may carry its own errno" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=~mount:EROFS bpf' \
		-p SystemCallErrorNumber=EPERM -- sh -c "$(helper sec_call) mount; $(helper sec_call) bpf; true"
	assert_output "$(printf 'mount: EROFS\nbpf: EPERM')"
}

@test "an allowlist denies every call it does not list" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=@system-service' \
		-p SystemCallErrorNumber=EPERM -- sh -c "echo allowed; $(helper sec_call) mount; true"
	assert_output "$(printf 'allowed\nmount: EPERM')"
}

@test "a later '~' assignment removes calls from an allowlist" {
	run -1 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=@system-service' \
		-p 'SystemCallFilter=~@keyring' -p SystemCallErrorNumber=EPERM -- "$(helper sec_call)" keyctl
	assert_output 'keyctl: EPERM'
}

@test "repeated denylist assignments merge" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=~mount' \
		-p 'SystemCallFilter=~bpf' -p SystemCallErrorNumber=EPERM -- \
		sh -c "$(helper sec_call) mount; $(helper sec_call) bpf; true"
	assert_output "$(printf 'mount: EPERM\nbpf: EPERM')"
}

@test "an empty assignment resets the list" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=~getpid' \
		-p 'SystemCallFilter=' -p 'SystemCallFilter=~bpf' -p SystemCallErrorNumber=EPERM -- \
		"$(helper sec_call)" getpid
	assert_output 'getpid: OK'
}

@test "an unknown system call is an error that suggests the closest name" {
	run -125 --separate-stderr "$PADDOCK" run -p 'SystemCallFilter=~mountt' -- true
	assert_equal "$stderr" "paddock: -p SystemCallFilter=~mountt: unknown system call 'mountt' (did you mean 'mount'?)"
}

@test "an unknown group is an error that suggests the closest group" {
	run -125 --separate-stderr "$PADDOCK" run -p 'SystemCallFilter=~@debgu' -- true
	assert_equal "$stderr" "paddock: -p SystemCallFilter=~@debgu: unknown system call group '@debgu' (did you mean '@debug'?)"
}

@test "a call that exists only on other architectures is accepted with a warning" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=~_llseek' -- true
	assert_equal "$stderr" "paddock: -p SystemCallFilter=~_llseek: system call '_llseek' does not exist on this architecture; ignored"
}

@test "execve cannot be denied: paddock needs it to start the command" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'SystemCallFilter=~execve' -- sh -c 'true'
	[[ "$stderr" == *"'execve' stays allowed"* ]]
}

@test "a bad errno is an error naming the value" {
	run -125 --separate-stderr "$PADDOCK" run -p SystemCallErrorNumber=EWHAT -- true
	[[ "$stderr" == "paddock: -p SystemCallErrorNumber=EWHAT: "* ]]
	run -125 --separate-stderr "$PADDOCK" run -p 'SystemCallFilter=mount:EPERM' -- true
	[[ "$stderr" == *"only allowed in a deny list"* ]]
}

@test "the filter is loaded after paddock's own setup: a denied setresuid does not stop User=" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -p 'SystemCallFilter=~@setuid' \
		-p SystemCallErrorNumber=EPERM -- id -u
	assert_output 65534
}

@test "without user notification (paddock under paddock) a denied call still kills and is reported" {
	run -159 --separate-stderr "$PADDOCK" run --quiet -p SystemCallFilter= -- \
		"$PADDOCK" run --quiet --json "$TMP/r.json" -p 'SystemCallFilter=~mount' -- "$(helper sec_call)" mount
	assert_equal "$(json_field "$TMP/r.json" .verdict)" seccomp-violation
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" "unknown (SIGSYS)"
	assert_equal "$(json_field "$TMP/r.json" .signal)" 31
}

@test "violations are reported under every containment mechanism" {
	for mech in cgroup-kill pid-namespace subreaper; do
		run --separate-stderr "$PADDOCK" run --containment "$mech" --quiet --json "$TMP/r.json" \
			-p 'SystemCallFilter=~mount' -- "$(helper sec_call)" mount
		[ "$(json_field "$TMP/r.json" .containment)" = "$mech" ] || continue # not available here
		assert_equal "$(json_field "$TMP/r.json" .verdict)" seccomp-violation
		assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" mount
	done
}

# paddock starts the command vfork-style, the child sending its listener
# over a socket, unless the filter denies sendmsg or namespaces need the
# parent's help: then it forks and the parent takes the listener itself.
@test "violations are reported whichever way the command is started" {
	for how in "" "-p PrivateNetwork=yes" "-p SystemCallFilter=~sendmsg" "--containment pid-namespace"; do
		# A child that sent its listener through a denied sendmsg would wait
		# forever for it: bound the run, to files (not bats' pipe, which such
		# a child would hold open), and clean up by the report's unique path.
		# shellcheck disable=SC2086 # $how is one or two words
		timeout -s KILL 30 "$PADDOCK" run $how --quiet --json "$TMP/r.json" \
			-p 'SystemCallFilter=~mount' -- "$(helper sec_call)" mount >"$TMP/out" 2>&1 &&
			status=0 || status=$?
		pkill -KILL -f "$TMP/r.json" || true
		assert_equal "$status" 137
		assert_equal "$(json_field "$TMP/r.json" .verdict)" seccomp-violation
		assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" mount
		rm -f "$TMP/r.json"
	done
}

@test "a filter that denies sendmsg still stops the command's own sendmsg" {
	run -0 --separate-stderr "$PADDOCK" run --quiet --json "$TMP/r.json" \
		-p 'SystemCallFilter=~sendmsg' -p SystemCallErrorNumber=EPERM -- \
		python3 -c 'import socket; a, b = socket.socketpair()
try:
    a.sendmsg([b"x"])
except PermissionError:
    print("EPERM")'
	assert_output EPERM
	assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" sendmsg
}

@test "an unprivileged paddock gets the same exact reports" {
	[ "$(id -u)" = 0 ] || skip "needs root to become nobody"
	cp "$PADDOCK" "$(helper sec_call)" "$TMP/" && chmod 755 "$TMP" "$TMP/paddock" "$TMP/sec_call"
	run -0 --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$TMP/paddock" run --quiet --json - -p 'SystemCallFilter=~mount bpf' \
		-p SystemCallErrorNumber=EPERM -- sh -c "$TMP/sec_call bpf >/dev/null; $TMP/sec_call bpf >/dev/null; true"
	assert_equal "$(jq -c '[.verdict, .violations[0].syscall, .violations[0].count]' <<<"$output")" '["ok","bpf",2]'
}
