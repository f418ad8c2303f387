#!/usr/bin/env bats
# The stats page is untrusted input: whatever a command writes into it,
# paddock must not crash, hang or emit unescaped bytes, and must reject what
# fails validation with a reason (docs/stats-page.md, "Validation").

load ../lib/common
load lib

common_setup_hook() {
	need_built "$HOSTILE"
}

# hostile MODE [PADDOCK-ARGS...]: run the hostile writer in MODE.
hostile() {
	local mode=$1
	shift
	pd_run "$@" -- "$HOSTILE" "$mode"
}

assert_rejected() {
	assert_reports_well_formed
	[ "$(jqr .gc.valid)" = false ]
	[[ "$(jqr .gc.invalid)" == *"$1"* ]] || { echo "reason: $(jqr .gc.invalid)" >&2; return 1; }
	[[ "$stderr" == *"stats page rejected: "*"$1"* ]]
	grep -q "^[a-z_-]*gc-invalid:.*$1" "$META"
	# a rejected page contributes no numbers
	[ "$(jqr '.gc.live_objects // "none"')" = none ]
}

@test "a command that never writes the page gets no gc section and no error" {
	hostile none
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .gc)" = null ]
	[[ "$stderr" != *"gc "* ]]
	[ "$(grep -c 'gc-' "$META")" = 0 ]
}

@test "a well-formed page is reported, with hostile bytes in file names sanitised" {
	hostile valid
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr .gc.consistent)" = true ]
	[ "$(jqr .gc.live_objects)" = 42 ]
	[ "$(jqr .gc.peak_bytes)" = 8192 ]
	[ "$(jqr '.gc.generations[0].count')" = -3 ]
	[ "$(jqr '.gc.generations[0].collections')" = 7 ]
	[ "$(jqr '.gc.generations[2].uncollectable')" = 1 ]
	# quote and backslash survive (escaped by the JSON writer); tab, newline
	# and 0xff become '?'
	[ "$(jqr '.gc.top_sites[0].file')" = 'evil"name\???.c' ]
	[ "$(jqr '.gc.top_sites[0].line')" = 31 ]
	[ "$(jqr '.gc.top_sites | length')" = 2 ]
	[[ "$stderr" == *'evil"name\???.c:31: '* ]]
	grep -q '^[a-z_-]*gc-live-objects:42$' "$META"
}

@test "random garbage is rejected for its magic, and every report stays well formed" {
	for seed in 1 2 3 4 5; do
		pd_run -- "$HOSTILE" garbage "$seed"
		[ "$status" -eq 0 ]
		assert_rejected "bad magic"
	done
}

@test "a right header over random contents is rejected or sanitised, never trusted blindly" {
	for seed in 1 2 3 4 5 6 7 8; do
		pd_run -- "$HOSTILE" garbage-header "$seed"
		[ "$status" -eq 0 ]
		assert_reports_well_formed
		[ "$(jqr .gc.valid)" = false ]
	done
}

@test "a valid page with random bytes overwritten never yields an unsafe report" {
	for seed in $(seq 1 20); do
		pd_run -- "$HOSTILE" mutate "$seed"
		[ "$status" -eq 0 ]
		assert_reports_well_formed
		if [ "$(jqr .gc.valid)" = true ]; then
			# accepted: every site name is printable ASCII, nsites in range
			[ "$(jqr '.gc.top_sites | length')" -le 8 ]
			run jq -r '.gc.top_sites[].file' "$JSON"
			if printf '%s' "$output" | LC_ALL=C grep -q '[^ -~]'; then
				echo "seed $seed: unsanitised site name" >&2
				return 1
			fi
		else
			[ -n "$(jqr .gc.invalid)" ]
		fi
	done
}

@test "counters at UINT64_MAX are rejected as implausible" {
	hostile huge
	assert_rejected "live_objects is implausible: 18446744073709551615"
}

@test "a file name without a NUL inside its field is rejected" {
	hostile unterminated
	assert_rejected "site 1: file name is not NUL-terminated within 112 bytes"
}

@test "nsites beyond the table is rejected" {
	hostile nsites
	assert_rejected "nsites 4294967295 exceeds 8"
}

@test "a bad magic, version, size, pid or flag word is rejected with its own reason" {
	hostile badmagic
	assert_rejected "bad magic 0x4141414141414141"
	hostile badversion
	assert_rejected "unsupported version 99"
	hostile badsize
	assert_rejected "size 4294967295 does not match version 1 (1280)"
	hostile badpid
	assert_rejected "implausible writer pid -1"
	hostile badflags
	assert_rejected "unknown flags 0x80000000"
}

@test "live bytes above the peak are rejected" {
	hostile liveabovepeak
	assert_rejected "live_bytes 8193 exceeds peak_bytes 8192"
}

@test "a sequence counter left odd is read and marked as a torn snapshot" {
	hostile oddseq
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr .gc.consistent)" = false ]
	[[ "$stderr" == *"snapshot torn"* ]]
	grep -q '^[a-z_-]*gc-consistent:0$' "$META"
}

@test "a sequence counter that never settles does not hang paddock" {
	SECONDS=0
	hostile churn -p RuntimeMaxSec=1
	[ "$SECONDS" -lt 10 ]
	[ "$status" -eq 124 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = wall-timeout ]
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr .gc.live_objects)" = 42 ]
}

@test "a writer that forks a scribbling daemon is killed before the page is read" {
	SECONDS=0
	hostile forkwrite
	[ "$SECONDS" -lt 10 ]
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	# the daemon was dead before paddock returned: nothing of ours is running
	run pgrep -f "$HOSTILE forkwrite"
	[ "$status" -eq 1 ]
}

@test "the page can be neither shrunk, grown nor re-sealed by the command" {
	hostile reseal
	[ "$status" -eq 0 ]
	assert_reports_well_formed
	[ "$(jqr .gc.valid)" = true ]
}

@test "a recorded allocation failure under LimitAS= gives memory-limit and names the evidence" {
	hostile allocfail -p LimitAS=1G
	[ "$status" -eq 1 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = memory-limit ]
	[ "$(jqr .note)" = "libpgc recorded 3 failed allocations, last of 1048576 bytes, with LimitAS=1G" ]
	[ "$(jqr .gc.alloc_failures)" = 3 ]
	hostile allocfail -p LimitDATA=512M
	[ "$(jqr .verdict)" = memory-limit ]
	[ "$(jqr .note)" = "libpgc recorded 3 failed allocations, last of 1048576 bytes, with LimitDATA=512M" ]
	# an infinite limit is no limit
	hostile allocfail -p LimitAS=infinity
	[ "$(jqr .verdict)" = exit-nonzero ]
}

@test "an allocation failure without a memory limit stays exit-nonzero" {
	hostile allocfail
	[ "$status" -eq 1 ]
	[ "$(jqr .verdict)" = exit-nonzero ]
}

@test "a recorded stack overflow with SIGSEGV gives stack-limit" {
	hostile stackoverflow -p LimitSTACK=8M
	[ "$status" -eq 139 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = stack-limit ]
	[[ "$(jqr .note)" == *"stack overflow"*"LimitSTACK=8M"* ]]
	[ "$(jqr .gc.stack_overflow)" = true ]
}

@test "a page written just before SIGKILL is still read" {
	hostile sigkill
	[ "$status" -eq 137 ]
	assert_reports_well_formed
	[ "$(jqr .verdict)" = signaled ]
	[ "$(jqr .gc.valid)" = true ]
	[ "$(jqr .gc.live_objects)" = 42 ]
}
