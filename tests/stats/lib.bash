# tests/stats/lib.bash - helpers shared by tests/stats/ and tests/workloads/:
# run paddock with all three report formats into files, read them back, and
# check that each is well formed whatever the stats page held.
# Load after tests/lib/common.bash: `load ../lib/common; load ../stats/lib`.

bats_require_minimum_version 1.5.0

HOSTILE="$HELPERS/stats_hostile"
WL="$BUILD/workloads"

# pd_run [PADDOCK-RUN-ARGS...] -- COMMAND [ARGS...]
# Runs `paddock run` with the text report on stderr, the JSON report in
# $JSON and the meta report in $META. Sets bats' $status, $output (the
# command's stdout) and $stderr.
pd_run() {
	JSON="$BATS_TEST_TMPDIR/report.json"
	META="$BATS_TEST_TMPDIR/report.meta"
	rm -f "$JSON" "$META"
	run --separate-stderr "$PADDOCK" run --json "$JSON" -p "Format=text json meta" \
		-p "MetaPath=$META" "$@"
}

# jqr FILTER: FILTER applied to the JSON report, raw output.
jqr() {
	jq -r "$1" "$JSON"
}

# The JSON report parses; the text report and the meta file hold only
# printable ASCII, tabs and newlines; every meta line is key:value.
assert_reports_well_formed() {
	[ -s "$JSON" ] || { echo "no JSON report" >&2; return 1; }
	jq -e . "$JSON" >/dev/null || { echo "JSON report does not parse" >&2; cat "$JSON" >&2; return 1; }
	if printf '%s' "$stderr" | LC_ALL=C grep -q '[^[:print:][:space:]]'; then
		echo "text report holds a non-printable byte:" >&2
		printf '%s' "$stderr" | od -c | head -20 >&2
		return 1
	fi
	[ -s "$META" ] || { echo "no meta report" >&2; return 1; }
	if LC_ALL=C grep -vq '^[A-Za-z0-9_-]*:[[:print:]]*$' "$META"; then
		echo "meta report has a malformed line:" >&2
		LC_ALL=C grep -vn '^[A-Za-z0-9_-]*:[[:print:]]*$' "$META" >&2
		return 1
	fi
}

# need_built FILE...: fail (not skip: `make test` builds everything first)
# when a helper or workload is missing.
need_built() {
	for f in "$@"; do
		[ -x "$f" ] || { echo "$f is not built (run make)" >&2; return 1; }
	done
}
