#!/usr/bin/env bats
# docs/tutorial.md cannot go stale: every checked example is re-run and its
# stable lines compared (tests/workloads/tutorial.sh), and every workload
# has an example.

load ../lib/common

TUTORIAL_SH="$BATS_TEST_DIRNAME/tutorial.sh"
TUTORIAL="$BATS_TEST_DIRNAME/../../docs/tutorial.md"

@test "every workload has a checked example in the tutorial" {
	run "$TUTORIAL_SH" list "$TUTORIAL"
	[ "$status" -eq 0 ]
	for src in "$BATS_TEST_DIRNAME"/../../workloads/*.c; do
		name=$(basename "$src" .c)
		[[ "$output" == *"build/workloads/$name"* ]] || { echo "no example for $name" >&2; return 1; }
	done
}

@test "every checked example in the tutorial matches a real run" {
	run "$TUTORIAL_SH" check "$TUTORIAL"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "the checker notices a stale example" {
	stale="$BATS_TEST_TMPDIR/stale.md"
	printf '%s\n' '<!-- check -->' '```console' '$ paddock run build/workloads/intern' \
		'-- paddock report --' '  verdict      signaled' '```' >"$stale"
	run "$TUTORIAL_SH" check "$stale"
	[ "$status" -eq 1 ]
	[[ "$output" == *"tutorial example 1 is stale"* ]]
	[[ "$output" == *"verdict      signaled"* ]]
}
