#!/usr/bin/env bats
# Every built-in profile loads and runs real commands: sh, python3 -c, cc
# compiling a file, make. Run from a scratch directory, so the built-ins are
# used (not the repository's ./profiles). Profiles with DynamicUser=yes run
# the command as a fresh uid, so its working directory is world-writable.

load ../lib/common

common_setup_hook() {
	chmod 0755 "$TMP"
	mkdir -m 0777 "$TMP/work"
	cd "$TMP/work"
	printf '#include <stdio.h>\nint main(void) { puts("compiled"); return 0; }\n' >hello.c
	printf 'all: hello\n\t./hello\nhello: hello.c\n\t$(CC) -O2 -o hello hello.c\n' >Makefile
	chmod 0644 hello.c Makefile
}

needs_root() {
	[ "$(id -u)" = 0 ] || skip "$1 uses DynamicUser=yes, which needs paddock to run as root"
}

# Run sh, python3 -c, cc and make under built-in profile $1.
runs_real_commands() {
	run -0 "$PADDOCK" run -q --profile "$1" -- sh -c 'echo "shell $((6 * 7))"'
	assert_output "shell 42"
	run -0 "$PADDOCK" run -q --profile "$1" -- python3 -c 'import sys; print(sys.version_info[0])'
	assert_output "3"
	# one run: with DynamicUser= each run has its own uid, and UMask=0077
	# makes the program private to the uid that compiled it
	run -0 "$PADDOCK" run -q --profile "$1" -- sh -c 'cc -O2 -o hello hello.c && ./hello'
	assert_output "compiled"
	rm -f hello
	run -0 "$PADDOCK" run -q --profile "$1" -- make -s
	assert_output "compiled"
}

@test "the default profile (no --profile) runs sh, python3, cc and make" {
	run -0 "$PADDOCK" run -q -- sh -c 'echo ok'
	assert_output "ok"
	runs_real_commands default
}

@test "the untrusted profile runs sh, python3, cc and make" {
	needs_root untrusted
	runs_real_commands untrusted
}

@test "the ci profile runs sh, python3, cc and make" {
	runs_real_commands ci
}

@test "the build profile runs sh, python3, cc and make" {
	runs_real_commands build
}

@test "the judge profile runs sh, python3 and a compiled solution, with meta output" {
	needs_root judge
	cc -O2 -o hello hello.c
	run -0 --separate-stderr "$PADDOCK" run --profile judge -- sh -c 'echo "shell $((6 * 7))"'
	assert_output "shell 42"
	assert_equal "${stderr_lines[0]%%:*}" "time"
	run -0 "$PADDOCK" run --profile judge -p MetaPath=meta.txt -- python3 -c 'print(6 * 7)'
	assert_output "42"
	run -0 "$PADDOCK" run --profile judge -p MetaPath=meta.txt -- ./hello
	assert_output "compiled"
	run -0 grep -x 'exitcode:0' meta.txt
}

@test "the judge profile stops a CPU-bound submission with meta status TO" {
	needs_root judge
	run "$PADDOCK" run --profile judge -p MetaPath=meta.txt -- python3 -c 'while True: pass'
	run -0 grep -x -e 'status:TO' -e 'killed:1' -e 'paddock-verdict:cpu-limit' meta.txt
	assert_equal "${#lines[@]}" 3
}

@test "the judge profile allows a single process: fork fails" {
	needs_root judge
	run -1 "$PADDOCK" run --profile judge -p MetaPath=meta.txt -- \
		python3 -c 'import os; os.fork()'
	assert_output --partial "BlockingIOError"
	run -0 grep -x 'status:RE' meta.txt
}

@test "the untrusted profile has no network but loopback" {
	needs_root untrusted
	run -0 "$PADDOCK" run -q --profile untrusted -- python3 -c '
import socket
s = socket.socket()
try:
    s.connect(("192.0.2.1", 80)); print("connected")
except OSError as e:
    print("refused", e.errno)
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
c = socket.create_connection(l.getsockname()); print("loopback ok")
'
	assert_line --regexp '^refused [0-9]+$'
	assert_line "loopback ok"
}

@test "the untrusted profile kills a call outside its allowlist and names it" {
	needs_root untrusted
	run -137 --separate-stderr "$PADDOCK" run --profile untrusted -- \
		python3 -c 'import ctypes; ctypes.CDLL(None).syscall(250, 0, 0, 0, 0, 0)'
	assert_regex "$stderr" 'verdict +seccomp-violation'
	assert_regex "$stderr" 'keyctl'
}

@test "the untrusted profile stops a fork bomb at its process limit" {
	needs_root untrusted
	run "$PADDOCK" run -q --profile untrusted -p RuntimeMaxSec=5s -- python3 -c '
import os
n = 0
try:
    while True:
        if os.fork() == 0:
            import time; time.sleep(2); os._exit(0)
        n += 1
except OSError:
    print("stopped after", n)
'
	assert_success
	assert_output --regexp '^stopped after (2[0-9]|3[01])$'
}

@test "the ci profile's example budgets fail a slow but successful job" {
	run -3 --separate-stderr "$PADDOCK" run --profile ci -p WallTime=50ms -- sleep 0.2
	assert_regex "$stderr" 'budget +WallTime= exceeded'
}

@test "paddock profiles lists every built-in with its description and source" {
	HOME="$TMP" run -0 env -u XDG_CONFIG_HOME -u PADDOCK_PROFILE_PATH "$PADDOCK" profiles
	assert_line --index 0 --regexp '^NAME +DESCRIPTION \(SOURCE\)$'
	for p in build ci default judge untrusted; do
		assert_line --regexp "^$p +[^ ].* \\(built-in\\)\$"
	done
}
