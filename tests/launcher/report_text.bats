#!/usr/bin/env bats
# The human report on stderr: verdict first, then time, memory, the rest.

load ../lib/common

@test "a clean run's report starts with the verdict and covers everything" {
	run -0 --separate-stderr "$PADDOCK" run -- echo hello
	assert_output hello
	assert_equal "${stderr_lines[0]}" "-- paddock report --"
	assert_equal "${stderr_lines[1]}" "  verdict      ok"
	assert_equal "${stderr_lines[2]}" "  status       exit code 0"
	assert_equal "${stderr_lines[3]}" "  command      echo hello"
	[[ "${stderr_lines[4]}" =~ ^\ \ wall\ time\ +[0-9]+\.[0-9]{3}\ s\ \(started\ [0-9T:-]+Z\)$ ]]
	[[ "${stderr_lines[5]}" =~ ^\ \ cpu\ +user\ [0-9.]+\ s\ \ system\ [0-9.]+\ s\ \ total\ [0-9.]+\ s\ \ \([0-9]+%\)$ ]]
	[[ "${stderr_lines[6]}" =~ ^\ \ memory\ +peak\ rss\ .*\ vm\ .*\ data\ .*sampled\ every\ 10\ ms\)$ ]]
	[[ "$stderr" == *"  processes    "*" seen, "*" at once"* ]]
	[[ "$stderr" == *"  containment  "* ]]
	[[ "$stderr" == *"(page size $(getconf PAGESIZE))"* ]]
}

@test "the report lists all sixteen rusage fields with units" {
	run -0 --separate-stderr "$PADDOCK" run -- true
	for f in "utime [0-9.]+ s" "stime [0-9.]+ s" "maxrss [0-9]+ KiB" "ixrss [0-9]+ KiB" "idrss [0-9]+ KiB" \
		"isrss [0-9]+ KiB" "minflt [0-9]+" "majflt [0-9]+" "nswap [0-9]+" "inblock [0-9]+" "oublock [0-9]+" \
		"msgsnd [0-9]+" "msgrcv [0-9]+" "nsignals [0-9]+" "nvcsw [0-9]+" "nivcsw [0-9]+"; do
		[[ "$stderr" =~ $f ]] || fail "missing rusage field: $f"
	done
}

@test "labels are aligned in one column" {
	run -0 --separate-stderr "$PADDOCK" run -- true
	local line
	for line in "${stderr_lines[@]:1}"; do
		[[ "$line" =~ ^\ \ [a-z\ ]{12}\ [^\ ] ]] || [[ "$line" =~ ^\ {15}[^\ ] ]] || fail "misaligned: '$line'"
	done
}

@test "a signal death shows its number and name" {
	run -139 --separate-stderr "$PADDOCK" run -p LimitCORE=0 -- "$(helper exitwith)" -11
	assert_equal "${stderr_lines[1]}" "  verdict      signaled"
	assert_equal "${stderr_lines[2]}" "  status       killed by signal 11 (SIGSEGV)"
}

@test "the limits applied appear in the report" {
	run -0 --separate-stderr "$PADDOCK" run -p LimitAS=1G -p LimitNOFILE=100:200 -p RuntimeMaxSec=90s -- true
	[[ "$stderr" == *"AS=1G"* ]]
	[[ "$stderr" == *"NOFILE=100:200"* ]]
	[[ "$stderr" == *"RuntimeMaxSec=1min 30s"* ]]
}

@test "--quiet drops the human report but not the command's output" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -- sh -c 'echo out; echo err >&2'
	assert_output out
	assert_equal "$stderr" err
}

@test "a command line with control characters is printed safely" {
	run -0 --separate-stderr "$PADDOCK" run -- printf '%s' $'a\nb\x1b[31m'
	[[ "$stderr" == *"  command      printf '%s' 'a?b?[31m'"* ]]
}
