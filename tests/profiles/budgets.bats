#!/usr/bin/env bats
# [Budget]: measured after the run, never enforced. An exceeded budget is
# listed in every report format; a successful command over budget exits
# with BudgetExitCode= (default 3); GITHUB_ACTIONS=true adds one
# "::error title=paddock budget::" line per exceeded budget on stdout.

load ../lib/common

common_setup_hook() {
	cd "$TMP"
}

@test "a run within its budgets exits 0 and lists nothing" {
	run -0 --separate-stderr "$PADDOCK" run -p WallTime=30s -p CPUTime=30s -p MaxRSS=1G \
		-p MaxProcesses=10 --json out.json -- true
	assert_output ""
	[[ "$stderr" != *budget* ]]
	assert_equal "$(jq -c .budget_exceeded out.json)" "[]"
}

@test "a successful command over its wall-time budget exits 3 and the text report says by how much" {
	run -3 --separate-stderr "$PADDOCK" run -p WallTime=50ms -- sleep 0.3
	assert_regex "$stderr" $'\n  budget       WallTime= exceeded: measured [0-9]+\\.[0-9]{3} s, budget 0\\.050 s'
}

@test "a budget never stops the command: it runs to the end" {
	run -3 "$PADDOCK" run -q -p WallTime=10ms -- sh -c 'sleep 0.3; touch finished'
	assert_file_exists finished
}

@test "BudgetExitCode= sets the exit status for an exceeded budget" {
	printf '[Budget]\nWallTime=10ms\nBudgetExitCode=42\n' >p.conf
	run -42 "$PADDOCK" run -q --profile ./p.conf -- sleep 0.1
}

@test "BudgetExitCode=0 reports the miss but does not fail" {
	run -0 --separate-stderr "$PADDOCK" run -p WallTime=10ms -p BudgetExitCode=0 -- sleep 0.1
	assert_regex "$stderr" 'budget +WallTime= exceeded'
}

@test "a failing command keeps its own exit status even when over budget" {
	run -5 --separate-stderr "$PADDOCK" run -p WallTime=10ms -- sh -c 'sleep 0.1; exit 5'
	assert_regex "$stderr" 'budget +WallTime= exceeded'
}

@test "MaxRSS= compares the peak resident memory with the budget" {
	run -3 --separate-stderr "$PADDOCK" run -p MaxRSS=16M --json out.json -- \
		python3 -c 'x = bytearray(96 << 20); x[::4096] = b"x" * len(x[::4096])'
	assert_regex "$stderr" 'budget +MaxRSS= exceeded: measured [0-9.]+ MiB \([0-9]+ bytes\), budget 16\.0 MiB \(16777216 bytes\)'
	assert_equal "$(jq -r '.budget_exceeded[0].name' out.json)" MaxRSS
	assert_equal "$(jq -r '.budget_exceeded[0].unit' out.json)" bytes
	assert_equal "$(jq -r '.budget_exceeded[0].budget' out.json)" 16777216
	[ "$(jq -r '.budget_exceeded[0].measured' out.json)" -gt $((96 << 20)) ]
}

@test "CPUTime= counts the CPU time of the whole tree" {
	run -3 --separate-stderr "$PADDOCK" run -p CPUTime=100ms --json out.json -- \
		sh -c 'python3 -c "while True: pass" & p=$!; sleep 0.4; kill $p'
	assert_equal "$(jq -r '.budget_exceeded[0].name' out.json)" CPUTime
	assert_equal "$(jq -r '.budget_exceeded[0].unit' out.json)" s
}

@test "MaxProcesses= compares the peak number of processes at once" {
	run -3 --separate-stderr "$PADDOCK" run -p MaxProcesses=2 --json out.json -- \
		sh -c 'sleep 0.5 & sleep 0.5 & sleep 0.5 & wait'
	assert_equal "$(jq -r '.budget_exceeded[0].name' out.json)" MaxProcesses
	assert_equal "$(jq -r '.budget_exceeded[0].budget' out.json)" 2
}

@test "MaxWriteBytes= compares the bytes the tree wrote" {
	run -3 --separate-stderr "$PADDOCK" run -p MaxWriteBytes=1M --json out.json -- \
		dd if=/dev/zero of=big bs=1M count=8 conv=fsync status=none
	assert_equal "$(jq -r '.budget_exceeded[0].name' out.json)" MaxWriteBytes
	[ "$(jq -r '.budget_exceeded[0].measured' out.json)" -ge $((8 << 20)) ]
}

@test "several exceeded budgets are all listed" {
	run -3 "$PADDOCK" run -q --json out.json -p WallTime=10ms -p MaxRSS=1K -- sleep 0.1
	assert_equal "$(jq -r '[.budget_exceeded[].name] | sort | join(",")' out.json)" "MaxRSS,WallTime"
	assert_equal "$(jq -r '.exit_status' out.json)" 3
}

@test "GITHUB_ACTIONS=true prints one ::error annotation per exceeded budget on stdout" {
	GITHUB_ACTIONS=true run -3 --separate-stderr "$PADDOCK" run -q -p WallTime=10ms -p MaxRSS=1K -- sleep 0.1
	assert_equal "${#lines[@]}" 2
	assert_line --regexp '^::error title=paddock budget::WallTime= exceeded: measured 0\.[0-9]{3} s, budget 0\.010 s$'
	assert_line --regexp '^::error title=paddock budget::MaxRSS= exceeded: measured .* \([0-9]+ bytes\), budget 1\.0 KiB \(1024 bytes\)$'
}

@test "without GITHUB_ACTIONS=true there is no annotation" {
	GITHUB_ACTIONS=false run -3 --separate-stderr "$PADDOCK" run -q -p WallTime=10ms -- sleep 0.1
	assert_output ""
}

@test "a heap budget for a command without GC statistics is not a miss but says it was not checked" {
	run -0 --separate-stderr "$PADDOCK" run -q -p MaxHeap=1K -- true
	assert_equal "$stderr" "paddock: budget MaxHeap=: not checked: the command published no GC statistics (it is not linked against libpgc, or its stats page was rejected)"
}

@test "budget values are validated like limits, before anything runs" {
	run -125 --separate-stderr "$PADDOCK" run -p MaxRSS=12Q -- touch ran
	assert_file_not_exists ran
	assert_equal "$stderr" "paddock: -p MaxRSS=12Q: unknown size suffix (use K, M, G, T, P or E)"
}

@test "infinity or an empty value removes a budget" {
	printf '[Budget]\nWallTime=1ms\nMaxRSS=1K\n' >p.conf
	run -0 "$PADDOCK" run -q --profile ./p.conf -p WallTime=infinity -p MaxRSS= -- sleep 0.05
}
