#!/usr/bin/env bats
# The built-in default policy (profiles/default.conf, docs/security.md):
# ordinary jobs run unchanged; what no ordinary job needs is denied.

load ../lib/common

@test "paddock show names the default profile's filter and privileges" {
	run -0 --separate-stderr "$PADDOCK" show
	assert_line --regexp '^SystemCallFilter=~@clock @cpu-emulation @debug @module @mount @obsolete @raw-io @reboot @swap kexec_load kexec_file_load bpf userfaultfd keyctl add_key request_key unshare setns +# builtin:default:[0-9]+$'
	assert_line --regexp '^NoNewPrivileges=yes +# builtin:default:'
	assert_line --regexp '^LimitCORE=0 +# builtin:default:'
	assert_line --regexp '^SystemCallArchitectures=native +# builtin:default:'
}

@test "shells and coreutils run under the default policy" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -- sh -c \
		'mkdir d && echo hi >d/f && cp d/f g && sort g | tr a-z A-Z && ls d && rm -r d g && date +%Y >/dev/null'
	assert_output "$(printf 'HI\nf')"
}

@test "the C compiler and make run under the default policy" {
	printf '#include <stdio.h>\nint main(void){puts("built");return 0;}\n' >"$TMP/t.c"
	printf 'all:\n\tcc -o t t.c\n\t./t\n' >"$TMP/Makefile"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p "WorkingDirectory=$TMP" -- make -s
	assert_output built
}

@test "python3 with threads and subprocesses runs under the default policy" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -- python3 -c '
import subprocess, threading, multiprocessing
t = threading.Thread(target=lambda: None); t.start(); t.join()
print(subprocess.run(["echo", "sub"], capture_output=True, text=True).stdout.strip())
with multiprocessing.Pool(2) as p: print(sum(p.map(abs, [-1, -2])))'
	assert_output "$(printf 'sub\n3')"
}

@test "each denied group of the default policy is really denied" {
	for call in ptrace mount init_module kexec_load bpf keyctl perf_event_open unshare; do
		run -137 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -- "$(helper sec_call)" "$call"
		assert_equal "$(json_field "$TMP/r.json" '.violations[0].syscall')" "$call"
	done
}

@test "core dumps are off by default" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -- sh -c 'ulimit -c; ulimit -Hc'
	assert_output "$(printf '0\n0')"
}
