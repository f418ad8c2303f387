#!/usr/bin/env bats
# The isolate-compatible meta report ([Report] Format=meta, MetaPath=):
# isolate's keys with isolate's units and status codes, then paddock's own
# keys, all prefixed "paddock-". Read back as a judge would.

load ../lib/common

common_setup_hook() {
	cd "$TMP"
}

# Read meta.txt back like a judge: every line is key:value, keys unique.
# Prints "key=value" lines sorted, or fails.
read_meta() {
	python3 - "$1" <<-'PY'
	import re, sys
	seen = {}
	for line in open(sys.argv[1], "rb").read().decode("ascii").split("\n")[:-1]:
	    m = re.fullmatch(r"([a-z][a-z0-9-]*(?:-[A-Za-z0-9_]+)?):([ -~]*)", line)
	    assert m, "bad meta line: %r" % line
	    assert m.group(1) not in seen, "duplicate key %s" % m.group(1)
	    seen[m.group(1)] = m.group(2)
	for k in sorted(seen):
	    print("%s=%s" % (k, seen[k]))
	PY
}

meta() { # meta KEY: the value of KEY in meta.txt ("" when absent)
	awk -F: -v k="$1" '$1 == k { sub(/^[^:]*:/, ""); print }' meta.txt
}

@test "a successful run writes isolate's keys with isolate's units" {
	run -0 "$PADDOCK" run -p MetaPath=meta.txt -q -- sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done'
	run -0 read_meta meta.txt
	assert_line --regexp '^time=[0-9]+\.[0-9]{3}$'
	assert_line --regexp '^time-wall=[0-9]+\.[0-9]{3}$'
	assert_line --regexp '^max-rss=[0-9]+$'
	assert_line --regexp '^csw-voluntary=[0-9]+$'
	assert_line --regexp '^csw-forced=[0-9]+$'
	assert_line "exitcode=0"
	refute_line --regexp '^status='
	refute_line --regexp '^(exitsig|killed)='
	assert_line "paddock-verdict=ok"
	# max-rss is in KiB, as isolate's (ru_maxrss): sh needs at least 100 KiB.
	[ "$(meta max-rss)" -gt 100 ]
}

@test "a non-zero exit is status RE with exitcode and isolate's message" {
	run -7 "$PADDOCK" run -p Format=meta -p MetaPath=meta.txt -- sh -c 'exit 7'
	run -0 read_meta meta.txt
	assert_line "exitcode=7"
	assert_line "status=RE"
	assert_line "message=Exited with error status 7"
	assert_line "paddock-verdict=exit-nonzero"
}

@test "death by a signal is status SG with exitsig" {
	run -137 "$PADDOCK" run -p Format=meta -p MetaPath=meta.txt -- sh -c 'kill -9 $$'
	run -0 read_meta meta.txt
	assert_line "exitsig=9"
	assert_line "status=SG"
	assert_line "message=Caught fatal signal 9"
	refute_line --regexp '^exitcode='
}

@test "a wall-clock timeout is status TO with killed:1" {
	run -124 "$PADDOCK" run -p Format=meta -p MetaPath=meta.txt -p RuntimeMaxSec=200ms -- sleep 5
	run -0 read_meta meta.txt
	assert_line "killed=1"
	assert_line "status=TO"
	assert_line "message=Time limit exceeded (wall clock)"
	assert_line "paddock-verdict=wall-timeout"
	assert_line --regexp '^time-wall=0\.[2-4][0-9]{2}$'
}

@test "a CPU-time limit is status TO" {
	run "$PADDOCK" run -p Format=meta -p MetaPath=meta.txt -p LimitCPU=1:2 -- python3 -c 'while True: pass'
	run -0 read_meta meta.txt
	assert_line "status=TO"
	assert_line "killed=1"
	assert_line "paddock-verdict=cpu-limit"
}

@test "a command that cannot be started is status XX" {
	run -127 "$PADDOCK" run -p Format=meta -p MetaPath=meta.txt -- ./no-such-program
	run -0 read_meta meta.txt
	assert_line "status=XX"
	assert_line --regexp '^message=execve failed: No such file or directory$'
	assert_line "paddock-verdict=launch-error"
}

@test "exceeded budgets appear as paddock-budget-NAME:measured/budget unit" {
	run -3 "$PADDOCK" run -p Format=meta -p MetaPath=meta.txt -p WallTime=10ms -p MaxRSS=1K -- sleep 0.1
	run -0 read_meta meta.txt
	assert_line "paddock-budget-exceeded=2"
	assert_line --regexp '^paddock-budget-WallTime=0\.[0-9]{3}/0\.010 s$'
	assert_line --regexp '^paddock-budget-MaxRSS=[0-9]+/1024 bytes$'
}

@test "Format=meta without MetaPath= writes the meta lines to stderr instead of the text report" {
	run -0 --separate-stderr "$PADDOCK" run -p Format=meta -- echo out
	assert_output "out"
	assert_equal "${stderr_lines[0]%%:*}" "time"
	[[ "$stderr" != *"paddock report"* ]]
}

@test "MetaPath=- writes the meta lines to stdout" {
	run -0 --separate-stderr "$PADDOCK" run -q -p MetaPath=- -- true
	assert_line "exitcode:0"
	assert_line "paddock-verdict:ok"
}

@test "Format= lists accumulate: text and meta together" {
	printf '[Report]\nFormat=text\nFormat=meta\nMetaPath=meta.txt\n' >p.conf
	run -0 --separate-stderr "$PADDOCK" run --profile ./p.conf -- true
	[[ "$stderr" == *"paddock report"* ]]
	run -0 read_meta meta.txt
	assert_line "exitcode=0"
}

@test "an unwritable MetaPath= fails with 125 before the command runs" {
	run -125 --separate-stderr "$PADDOCK" run -p MetaPath=/nonexistent/dir/meta.txt -- touch ran
	assert_file_not_exists ran
	assert_equal "$stderr" "paddock: MetaPath=: /nonexistent/dir/meta.txt: No such file or directory"
}

@test "the judge profile writes meta for a submission" {
	[ "$(id -u)" = 0 ] || skip "the judge profile's DynamicUser= needs root"
	chmod 0755 "$TMP"
	run -0 --separate-stderr "$PADDOCK" run --profile judge -p MetaPath=- -- python3 -c 'print(6 * 7)'
	assert_line "42"
	assert_line "exitcode:0"
	assert_line "paddock-verdict:ok"
}
