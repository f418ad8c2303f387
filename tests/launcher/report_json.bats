#!/usr/bin/env bats
# The JSON report: schema 1, always valid, every documented key.

load ../lib/common

@test "--json writes a valid schema 1 report with the required keys" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- true
	jq -e . "$TMP/r.json" >/dev/null
	assert_equal "$(jq -r .schema "$TMP/r.json")" 1
	for k in verdict exit_code signal core_dumped wall_time_s rusage limits command start_time cpu \
		memory processes io page_size containment note exit_status launch_error; do
		jq -e "has(\"$k\")" "$TMP/r.json" >/dev/null || fail "missing key $k"
	done
}

@test "rusage has the sixteen fields by name" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- true
	assert_equal "$(jq -r '.rusage | keys_unsorted | join(" ")' "$TMP/r.json")" \
		"utime stime maxrss ixrss idrss isrss minflt majflt nswap inblock oublock msgsnd msgrcv nsignals nvcsw nivcsw"
	jq -e '.rusage | to_entries | all(.value | type == "number")' "$TMP/r.json" >/dev/null
}

@test "limits cover every resource with soft, hard and unit" {
	run -0 "$PADDOCK" run --quiet -p LimitAS=1G -p LimitCPU=infinity:infinity --json "$TMP/r.json" -- true
	assert_equal "$(jq -r '.limits | keys_unsorted | join(" ")' "$TMP/r.json")" \
		"AS DATA STACK CORE CPU NPROC MEMLOCK FSIZE NOFILE RSS RuntimeMaxSec"
	assert_equal "$(jq -c .limits.AS "$TMP/r.json")" '{"set":true,"soft":1073741824,"hard":1073741824,"unit":"bytes"}'
	assert_equal "$(jq -c .limits.CPU "$TMP/r.json")" '{"set":true,"soft":"infinity","hard":"infinity","unit":"seconds"}'
	assert_equal "$(jq -r .limits.NOFILE.unit "$TMP/r.json")" count
}

@test "a clean run reports ok, exit code 0 and no signal" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- true
	assert_equal "$(jq -c '[.verdict, .exit_code, .signal, .signal_name, .core_dumped, .note]' "$TMP/r.json")" \
		'["ok",0,null,null,false,null]'
}

@test "--json - writes the report to stdout after the command's output" {
	run -0 --separate-stderr "$PADDOCK" run --quiet --json - -- echo first
	assert_equal "${lines[0]}" first
	printf '%s\n' "${lines[@]:1}" | jq -e '.schema == 1' >/dev/null
}

@test "arguments with quotes, backslashes and newlines round-trip exactly" {
	local weird=$'say "hi"\\ \n\ttab'
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- printf '%s' "$weird"
	assert_equal "$(jq -r '.command[2]' "$TMP/r.json")" "$weird"
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/r.json"
}

@test "invalid UTF-8 in argv still gives valid JSON, with U+FFFD" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- printf '%s' $'bad\xff\xfeutf8 caf\xc3\xa9'
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); assert d["command"][2] == "bad\ufffd\ufffdutf8 caf\u00e9", d["command"]' "$TMP/r.json"
}

@test "control characters are escaped" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- printf '%s' $'\x01\x1f\x7f'
	grep -q '"\\u0001\\u001f\\u007f"' "$TMP/r.json"
	jq -e . "$TMP/r.json" >/dev/null
}

@test "a signal death has signal, signal_name and a null exit_code" {
	run -134 "$PADDOCK" run --quiet -p LimitCORE=0 --json "$TMP/r.json" -- "$(helper exitwith)" -6
	assert_equal "$(jq -c '[.verdict, .exit_code, .signal, .signal_name, .exit_status]' "$TMP/r.json")" \
		'["signaled",null,6,"SIGABRT",134]'
}

@test "memory, processes and io are measured" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- "$(helper allocate)" 67108864 1
	(($(jq -r .memory.peak_rss_bytes "$TMP/r.json") >= 64 * 1024 * 1024))
	(($(jq -r .memory.peak_vm_bytes "$TMP/r.json") >= 64 * 1024 * 1024))
	(($(jq -r .memory.peak_data_bytes "$TMP/r.json") >= 64 * 1024 * 1024))
	assert_equal "$(jq -r .memory.sample_interval_ms "$TMP/r.json")" 10
	assert_equal "$(jq -r .processes.seen "$TMP/r.json")" 1
	jq -e '.io.read_bytes >= 0 and .io.write_bytes >= 0' "$TMP/r.json" >/dev/null
}

@test "the process count covers the whole tree" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- sh -c 'sleep 0.3 & sleep 0.3 & sleep 0.3 & wait'
	(($(jq -r .processes.seen "$TMP/r.json") >= 4))
	(($(jq -r .processes.peak_concurrent "$TMP/r.json") >= 4))
}

@test "CPU time and percentage are consistent with rusage" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- "$(helper spin)" 0.5
	jq -e '(.cpu.total_s - (.rusage.utime + .rusage.stime)) | fabs < 0.000002' "$TMP/r.json" >/dev/null
	# like time(1)'s %P: CPU over wall (the machine may be busy, so no fixed range)
	jq -e '(.cpu.percent - 100 * .cpu.total_s / .wall_time_s) | fabs < 0.1' "$TMP/r.json" >/dev/null
	jq -e '.cpu.total_s > 0' "$TMP/r.json" >/dev/null
	jq -e '.wall_time_s >= 0.5 and .wall_time_s < 1.5' "$TMP/r.json" >/dev/null
}

@test "start_time is an ISO 8601 UTC timestamp" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- true
	assert_regex "$(jq -r .start_time "$TMP/r.json")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$'
}

@test "limits paddock did not set are reported as inherited, with their values" {
	run -0 "$PADDOCK" run --quiet --json "$TMP/r.json" -- true
	assert_equal "$(jq -r .limits.NOFILE.set "$TMP/r.json")" false
	assert_equal "$(jq -r .limits.NOFILE.hard "$TMP/r.json")" "$(ulimit -Hn)"
	assert_equal "$(jq -r .limits.NOFILE.soft "$TMP/r.json")" "$(ulimit -Sn)"
}
