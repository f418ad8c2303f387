#!/usr/bin/env bats
# tests/bench/bench.bats - the benchmark harness keeps working: `make
# bench-quick` runs every benchmark once and writes a well-formed report,
# a peer that cannot start is "not run: why" (never zero), and a target
# that is missed is printed as not met with its ratio. See docs/performance.md.

load ../lib/common

# The harness builds its own optimised tree (build-bench/) whatever build
# the suite tests, and writes its report under build/.
setup_file() {
	export QUICK_MD=$REPO/build/bench-quick.md
	rm -f "$QUICK_MD"
	make -C "$REPO" --no-print-directory BUILD=build bench-quick >"$BATS_FILE_TMPDIR/out" 2>&1
	echo $? >"$BATS_FILE_TMPDIR/status"
	export RUNNER=$REPO/build-bench/bench/runner REPORT=$REPO/build-bench/bench/report
}

@test "make bench-quick succeeds and writes build/bench-quick.md" {
	run cat "$BATS_FILE_TMPDIR/status"
	[ "$output" = 0 ] || { tail -30 "$BATS_FILE_TMPDIR/out"; false; }
	[ -s "$QUICK_MD" ]
}

@test "the report names the machine: date, CPU model, cores and kernel" {
	grep -Eq '^- date: [0-9]{4}-[0-9]{2}-[0-9]{2} ' "$QUICK_MD"
	grep -Eq '^- CPU: .+' "$QUICK_MD"
	grep -Eq '^- cores: [0-9]+$' "$QUICK_MD"
	grep -Eq '^- kernel: Linux ' "$QUICK_MD"
}

@test "every benchmark has its section with at least one table" {
	for s in "1. Launcher overhead" "2. Seccomp cost per syscall" \
		"2b. Seccomp cost and the number of rules" "3. Report and monitor overhead" \
		"4. GC collection" "4b. GC collection scaling" "5. Allocation churn" \
		"6. Memory per object" "7. Pauses" "8. Tracer"; do
		grep -qxF "## $s" "$QUICK_MD" || { echo "missing section: $s"; false; }
	done
	[ "$(grep -c '^| variant |' "$QUICK_MD")" -ge 14 ]
}

@test "every table row has as many cells as its header" {
	run awk -F'|' '
		/^\|/ { if (!inside) { cols = NF; inside = 1 } else if (NF != cols) { print FILENAME ":" NR ": " $0; bad = 1 } next }
		{ inside = 0 }
		END { exit bad }' "$QUICK_MD"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
}

@test "every variant has a non-zero figure or says why it did not run" {
	# A cell of figures is a number with a unit; "not run:" must give a reason.
	run grep -E '^\| [^|]+ \| (0(\.0+)? (ns|µs|ms|s|B)|not run: *) \|' "$QUICK_MD"
	[ "$status" -eq 1 ] || { echo "$output"; false; }
	run grep -cE '^\| [a-z0-9-]+ \| [0-9.]+ (ns|µs|ms|s|B) \|' "$QUICK_MD"
	[ "$output" -ge 10 ]
}

@test "the launcher table measures the baseline, bare fork+exec and the installed peers" {
	for v in bare baseline prlimit; do
		grep -Eq "^\| $v \| [0-9.]+ (µs|ms) \|" "$QUICK_MD" || { echo "no figure for $v"; false; }
	done
}

@test "every target is reported as met, not met, or not measured with a reason" {
	run sed -n '/^## Targets/,/^## Raw/p' "$QUICK_MD"
	rows=$(grep '^| [a-z]' <<<"$output" | grep -vc '^| bench |')
	[ "$rows" -ge 14 ]
	good=$(grep -cE '\*\*(met|not met)\*\* \|$|not measured: .+ \|$' <<<"$output")
	[ "$good" -eq "$rows" ]
	grep -Eq '^[0-9]+ met, [0-9]+ not met, [0-9]+ not measured\.$' <<<"$output"
}

@test "the raw figures are kept in the file" {
	grep -qx '## Raw figures' "$QUICK_MD"
	grep -qE $'^R\tlaunch\tbaseline\twall\tns\t[0-9]' "$QUICK_MD"
}

@test "a peer that cannot start is reported as not run, with the reason" {
	spec=$BATS_TEST_TMPDIR/spec
	printf 'ok\t/bin/true\nmissing\t/nonexistent/peer --flag\nfails\t/bin/false\n' >"$spec"
	run "$RUNNER" -n 2 -w 0 probe "$spec"
	[ "$status" -eq 0 ]
	grep -qE $'^R\tprobe\tok\twall\tns\t[0-9.e+]+,[0-9.e+]+$' <<<"$output"
	grep -qxF $'N\tprobe\tmissing\texit status 127: cannot execute /nonexistent/peer: not installed or not built' <<<"$output"
	grep -qxF $'N\tprobe\tfails\texit status 1' <<<"$output"
}

@test "a missed target is printed as not met with its ratio" {
	raw=$BATS_TEST_TMPDIR/raw.tsv
	{
		printf 'H\tx\tX\tdescription\n'
		printf 'B\tx\twall\tbase\tWall\n'
		printf 'R\tx\tbase\twall\tns\t100,110,90\n'
		printf 'R\tx\tslow\twall\tns\t300,310,290\n'
		printf 'R\tx\tfast\twall\tns\t50,55,45\n'
		printf 'T\tx\twall\tslow\tbase\t1.2\tslow within 1.2x\n'
		printf 'T\tx\twall\tfast\tbase\t1.2\tfast within 1.2x\n'
	} >"$raw"
	run "$REPORT" "$raw"
	[ "$status" -eq 0 ]
	grep -qF '| x | slow within 1.2x | 3.000× (limit 1.2×): **not met** |' <<<"$output"
	grep -qF '| x | fast within 1.2x | 0.500× (limit 1.2×): **met** |' <<<"$output"
	grep -qF '| slow | 300.0 ns | 295.0 ns – 305.0 ns | 3 | 3.000× |' <<<"$output"
	grep -qxF '1 met, 1 not met, 0 not measured.' <<<"$output"
}
