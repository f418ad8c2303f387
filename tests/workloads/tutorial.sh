#!/usr/bin/env bash
# tutorial.sh - keep docs/tutorial.md honest. Every example in the tutorial
# that is marked `<!-- check -->` is a ```console block: a `$ paddock run ...`
# line, then the output shown to the reader. This script runs each command
# for real and compares its stable lines (below) with the shown ones.
#
#   tests/workloads/tutorial.sh check  [TUTORIAL]  exit 1 on any difference
#   tests/workloads/tutorial.sh update [TUTORIAL]  rewrite the shown outputs
#   tests/workloads/tutorial.sh list   [TUTORIAL]  the checked commands
#
# Stable lines: the report's verdict, status, note (without the clauses
# that rest on sampling, "... was within 5% of ...") and gc lines (gc, gc
# failures, gc stack, gc top sites), and the command's own output lines,
# with every number replaced by N (pids, sizes and counts vary a little
# from run to run; verdicts, signals, notes and sites do not).
# Commands run in a scratch directory where build/ points at $BUILD, so a
# core file never lands in the tree. BUILD defaults to <repo>/build.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
mode=${1:-check}
doc=${2:-$ROOT/docs/tutorial.md}

# The checked blocks as records: "CMD<TAB>line1<US>line2..." one per line.
blocks() {
	awk '
	/^<!-- check -->$/ { armed = 1; next }
	armed && /^```console$/ { inblk = 1; armed = 0; cmd = ""; out = ""; next }
	inblk && /^```$/ { printf "%s\t%s\n", cmd, out; inblk = 0; next }
	inblk && cmd == "" && /^\$ / { cmd = substr($0, 3); next }
	inblk { out = out $0 "\037" }
	' "$doc"
}

# Stable lines of a transcript on stdin, normalised and sorted.
stable() {
	LC_ALL=C awk '
	/^-- paddock report --$/ { report = 1; next }
	report && /^  gc top sites / { print; sites = 1; next }
	report && sites && /^               [^ ]/ { print; next }
	{ sites = 0 }
	report && /^  note / {
		# drop the clauses that rest on sampling ("... was within 5% of ...")
		n = split(substr($0, 16), part, "; "); keep = ""
		for (i = 1; i <= n; i++)
			if (part[i] !~ /was within|probably/)
				keep = keep (keep == "" ? "" : "; ") part[i]
		if (keep != "") print "  note         " keep
		next
	}
	report {
		label = substr($0, 3, 12); sub(/ +$/, "", label)
		if (label ~ /^(verdict|status|gc|gc failures|gc stack)$/)
			print
	}
	!report && NF { print }
	' | sed -E 's/[0-9]+(\.[0-9]+)?/N/g' | LC_ALL=C sort
}

# Run one tutorial command as a reader would, in a scratch directory.
run_cmd() {
	local scratch
	scratch=$(mktemp -d)
	chmod 755 "$scratch" # a DynamicUser= command must reach build/ through it
	ln -s "$BUILD" "$scratch/build"
	(cd "$scratch" && PATH="$BUILD:$PATH" bash -c "$1" 2>&1)
	rm -rf "$scratch"
}

status=0
case $mode in
list)
	blocks | cut -f1
	;;
check)
	n=0
	while IFS=$'\t' read -r cmd shown; do
		n=$((n + 1))
		want=$(printf '%s' "$shown" | tr '\037' '\n' | stable)
		got=$(run_cmd "$cmd" | stable)
		if [ "$want" != "$got" ]; then
			echo "tutorial example $n is stale: \$ $cmd" >&2
			diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/    /' >&2
			status=1
		fi
	done < <(blocks)
	[ "$n" -gt 0 ] || { echo "no checked examples in $doc" >&2; status=1; }
	;;
update)
	tmp=$(mktemp)
	armed=0 inblk=0 skip=0
	while IFS= read -r line; do
		if [ "$inblk" = 1 ]; then
			if [ "$line" = '```' ]; then
				printf '%s\n' "$line" >>"$tmp"
				inblk=0
			elif [ "$skip" = 0 ] && [[ "$line" == '$ '* ]]; then
				printf '%s\n' "$line" >>"$tmp"
				run_cmd "${line#\$ }" >>"$tmp"
				skip=1
			fi
			continue
		fi
		printf '%s\n' "$line" >>"$tmp"
		if [ "$line" = '<!-- check -->' ]; then
			armed=1
		elif [ "$armed" = 1 ] && [ "$line" = '```console' ]; then
			inblk=1 armed=0 skip=0
		fi
	done <"$doc"
	mv "$tmp" "$doc"
	;;
*)
	echo "usage: $0 check|update|list [TUTORIAL]" >&2
	exit 2
	;;
esac
exit $status
