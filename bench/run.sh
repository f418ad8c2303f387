#!/bin/bash
# bench/run.sh - the `make bench` / `make bench-quick` harness. Runs every
# benchmark of docs/performance.md with bench/runner (variants interleaved,
# round after round), collects the raw TSV, and has bench/report print the
# Markdown tables and write them, with the raw figures, to OUT.
#
# Usage: bench/run.sh full|quick BENCHDIR PADDOCK OUT
#   BENCHDIR  the optimised bench programs (runner, report, gc_pgc, ...)
#   PADDOCK   the optimised paddock binary
#   OUT       the Markdown report to write (build/bench.md)
# Environment: PYTHON (default /usr/bin/python3, else python3 on PATH).
set -u

mode=${1:?mode}
B=$(realpath -m "${2:?bench dir}")
PADDOCK=$(realpath -m "${3:?paddock}")
OUT=${4:?output file}
here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 || echo python3)}

case $mode in
full) quick=0 ;;
quick) quick=1 ;;
*) echo "bench/run.sh: mode: $mode: expected full or quick" >&2; exit 2 ;;
esac

raw=$B/raw-$mode.tsv
spec=$B/spec.tsv
: >"$raw"
tab=$'\t'

# rounds N [W]: N measured rounds after W warm-up rounds (default 1; the
# runner's probe run already warms caches, so long benchmarks use 0).
# bench-quick runs everything once.
rounds() { if ((quick)); then echo "-n 1 -w 0"; else echo "-n $1 -w ${2:-1}"; fi; }
emit() { local IFS=$tab; printf '%s\n' "$*" >>"$raw"; }
# variant NAME COMMAND...: one line of the runner's spec file.
variant() { local name=$1; shift; printf '%s\t%s\n' "$name" "$*" >>"$spec"; }
run() { # run BENCH RUNNER-OPTIONS...
	local bench=$1; shift
	echo "bench: running $bench" >&2
	"$B/runner" "$@" "$bench" "$spec" >>"$raw" || echo "bench: runner failed for $bench" >&2
	: >"$spec"
}
: >"$spec"

# The benchmarks run from main(), which bash parses whole before running:
# editing this file during a run cannot change the run.
main() {
	# ---------------------------------------------------------------- machine
	emit M "date" "$(date -u '+%Y-%m-%d %H:%M UTC')"
	emit M "CPU" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
	emit M "cores" "$(nproc)"
	emit M "kernel" "$(uname -sr)"
	emit M "memory" "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
	emit M "python3" "$PYTHON ($("$PYTHON" -c 'import sys; print(sys.version.split()[0])' 2>&1))"
	emit M "mode" "$mode$( ((quick)) && echo ' (each benchmark once: a smoke test, not a measurement)')"

	# ---------------------------------------------------------------- 1. launch
	true_bin=$(type -P true)
	limits="--as=4294967296 --core=0 --cpu=60 --data=4294967296 --fsize=1073741824 --nofile=1024 --stack=8388608"
	emit H launch "1. Launcher overhead" \
		"Wall time of one launch of \`$true_bin\`, from fork() to wait4() in bench/runner. \`baseline\` is bench/baseline_launch.c: fork, 7 rlimits, a 50-rule libseccomp allowlist loaded with seccomp_load(), exec, wait. \`bare\` is fork+exec+wait alone. paddock runs with \`--quiet\`; every variant's stdout and stderr go to /dev/null."
	variant bare "$true_bin"
	variant baseline "$B/baseline_launch" "$true_bin"
	variant paddock-default "$PADDOCK" run --quiet -- "$true_bin"
	variant paddock-untrusted "$PADDOCK" run --quiet --profile untrusted -- "$true_bin"
	variant prlimit prlimit $limits "$true_bin"
	variant bwrap-devbind bwrap --dev-bind / / "$true_bin"
	variant bwrap-unshare-all bwrap --unshare-all --dev-bind / / "$true_bin"
	variant firejail firejail --noprofile --quiet "$true_bin"
	run launch $(rounds 150)
	emit B launch wall baseline "Wall time per launch"
	emit B launch cpu baseline "CPU time per launch (user+system of the whole tree, from wait4)"
	emit T launch wall paddock-default baseline 1.2 "default profile within 1.2× of the baseline"
	emit T launch wall paddock-default bwrap-devbind 1.0 "default profile faster than bwrap --dev-bind / /"
	emit T launch wall paddock-default firejail 1.0 "default profile faster than firejail --noprofile"

	# ---------------------------------------------------------------- 2. seccomp
	calls=$( ((quick)) && echo 100000 || echo 10000000)
	emit H seccomp "2. Seccomp cost per syscall" \
		"$calls getppid() calls timed inside bench/seccomp_cost.c (CPU and wall clock around the loop; CPU time leaves out time spent descheduled): unfiltered, and under paddock's \`untrusted\` profile (its allowlist; its CPU and wall limits lifted with -p)."
	variant unfiltered "$B/seccomp_cost" "$calls" none
	# The profile's LimitCPU=10s and RuntimeMaxSec=30s are lifted: a slow or busy
	# machine may need longer for 10M calls, and limits do not touch the filter.
	variant paddock-untrusted "$PADDOCK" run --quiet --profile untrusted -p LimitCPU=infinity \
		-p RuntimeMaxSec=infinity -- "$B/seccomp_cost" "$calls" none
	# Five rounds: on this machine a round's syscall cost drifts by a few
	# percent, about the filter's own cost, so three were not enough.
	run seccomp $(rounds 5 0) -c
	emit B seccomp per_call_cpu unfiltered "CPU time per getppid() call"
	emit B seccomp per_call unfiltered "Wall time per getppid() call"
	emit T seccomp per_call_cpu paddock-untrusted unfiltered 1.10 "untrusted allowlist at most 1.10× unfiltered"

	rcalls=$( ((quick)) && echo 100000 || echo 1000000)
	emit H rules "2b. Seccomp cost and the number of rules" \
		"$rcalls getppid() calls under an allowlist of N syscalls built with libseccomp in bench/seccomp_cost.c (\`all\`: every syscall libseccomp names on this architecture), as a linear chain (opt0) and with SCMP_FLTATR_CTL_OPTIMIZE=2 (opt2, binary tree)."
	variant none "$B/seccomp_cost" "$rcalls" none
	for n in 10 100 all; do
		for o in 0 2; do variant "rules-$n-opt$o" "$B/seccomp_cost" "$rcalls" "$n" "$o"; done
	done
	run rules $(rounds 3 0) -c
	emit B rules per_call_cpu none "CPU time per getppid() call"
	emit C rules rules "Rules actually loaded"

	# ---------------------------------------------------------------- 3. monitor
	ms=$( ((quick)) && echo 200 || echo 2000)
	iters=$("$B/spin" -c "$ms")
	emit H monitor "3. Report and monitor overhead" \
		"A CPU-bound command (bench/spin.c, $iters iterations, about $ms ms here) run bare and under \`paddock run --quiet\` (default profile), which samples /proc while it runs and reports after. CPU is user+system of the whole tree, paddock included, from wait4."
	variant bare "$B/spin" "$iters"
	variant paddock "$PADDOCK" run --quiet -- "$B/spin" "$iters"
	run monitor $(rounds 7 0)
	emit B monitor wall bare "Wall time"
	emit B monitor cpu bare "CPU time"
	emit T monitor wall paddock bare 1.02 "wall time under paddock at most 1.02× bare"
	emit T monitor cpu paddock bare 1.02 "CPU time under paddock at most 1.02× bare"

	# ---------------------------------------------------------------- 4. GC
	emit H gc "4. GC collection" \
		"100,000 rings of 10 objects (1,000,000 objects, one reference each) built with automatic collection off, dropped, then one full collection, timed in CPU and wall time: libpgc's pgc_gc_collect(2) (bench/gc_pgc.c), CPython's gc.collect() on __slots__ objects (bench/gc_python.py), and Boehm GC's GC_gcollect() on the same graph while it is live (bench/gc_boehm.c; a tracing collector's work is the live graph)."
	variant python3 "$PYTHON" "$here/gc_python.py" rings 100000 10
	variant pgc "$B/gc_pgc" rings 100000 10
	variant boehm "$B/gc_boehm" rings 100000 10
	run gc $(rounds 7) -c
	emit B gc per_object_cpu python3 "Collection CPU time per object"
	emit B gc per_object python3 "Collection wall time per object"
	emit T gc per_object_cpu pgc python3 0.25 "libpgc at most 0.25× CPython's gc.collect() (CPU)"
	emit T gc per_object_cpu pgc boehm 1.0 "libpgc no slower than Boehm's GC_gcollect() (CPU)"

	emit H scaling "4b. GC collection scaling" \
		"The same ring benchmark with libpgc at 10k, 100k, 1M and 10M objects, as time per object. \"Flat\" is taken to mean at most 1.5× the 10k figure."
	variant pgc-10k "$B/gc_pgc" rings 1000 10
	variant pgc-100k "$B/gc_pgc" rings 10000 10
	variant pgc-1M "$B/gc_pgc" rings 100000 10
	((quick)) || variant pgc-10M "$B/gc_pgc" rings 1000000 10
	run scaling $(rounds 3 0) -c
	((quick)) && emit N scaling pgc-10M "skipped in bench-quick: 10M objects take seconds and about 0.5 GiB"
	emit B scaling per_object_cpu pgc-10k "Collection CPU time per object"
	emit T scaling per_object_cpu pgc-10M pgc-10k 1.5 "time per object flat from 10k to 10M (≤1.5×)"

	# ---------------------------------------------------------------- 5. churn
	emit H churn "5. Allocation churn" \
		"1,000,000 acyclic objects of 32, 48, 64 and 96 bytes (24-byte header included) allocated 1,000 at a time and released: libpgc creates them tracked with pgc_new and releases them by refcount, the collector running as it decides; malloc/free (zeroed, as pgc_new zeroes) and Boehm GC_MALLOC (dropped; Boehm collects as it decides) of the same sizes."
	variant malloc "$B/churn_malloc" 1000000 1000
	variant pgc "$B/churn_pgc" 1000000 1000
	variant boehm "$B/gc_boehm" churn 1000000 1000
	run churn $(rounds 9) -c
	emit B churn per_object_cpu malloc "CPU time per object (allocate + release)"
	emit B churn per_object malloc "Wall time per object (allocate + release)"
	emit T churn per_object_cpu pgc malloc 1.5 "libpgc at most 1.5× malloc/free"

	# ---------------------------------------------------------------- 6. memory
	emit H memory "6. Memory per object" \
		"header_bytes: libpgc's header and collector bookkeeping per tracked object, from the runtime's live-bytes counter over 1,000,000 one-reference objects, minus the 8-byte payload; CPython's is sys.getsizeof() of a one-slot __slots__ object minus the slot. heap_per_object: what glibc's heap grew by per libpgc object (mallinfo2); malloc_per_payload: the same for a bare malloc of the payload."
	variant python3 "$PYTHON" "$here/gc_python.py" overhead
	variant pgc "$B/gc_pgc" memory 1000000
	run memory $(rounds 3) -c
	emit C memory header_bytes,heap_per_object,malloc_per_payload "Bytes per object"
	emit A memory header_bytes pgc 24 "header + bookkeeping at most 24 bytes per object"

	# ---------------------------------------------------------------- 7. pauses
	emit H pauses "7. Pauses" \
		"1,000,000 objects kept alive (rings of 10) while 100,000 rings of 10 are built, each dropped once 1,000 newer rings exist. Every collection is timed from the collector's own start/stop callbacks (pgc_gc_callbacks_add; gc.callbacks for CPython), default thresholds."
	variant pgc "$B/gc_pgc" pauses 1000000 100000 1000
	variant python3 "$PYTHON" "$here/gc_python.py" pauses 1000000 100000 1000
	run pauses $(rounds 5 0) -c
	for g in 0 1 2; do
		emit C pauses "gen${g}_count,gen${g}_p50,gen${g}_p99,gen${g}_max" "Generation $g pauses, each figure the median over rounds"
	done

	# ---------------------------------------------------------------- 8. tracer
	emit H tracer "8. Tracer" \
		"The allocation churn of benchmark 5 with libpgc's tracer never started (\`untraced\`), started and stopped before the churn (\`off\`), and tracing 1 and 10 frames. Then, with tracing on, the tracer's own bytes (pgc_tracemalloc_get_tracemalloc_memory) per traced block over 100,000 live objects."
	variant untraced "$B/churn_pgc" 1000000 1000 none
	variant off "$B/churn_pgc" 1000000 1000 off
	variant frames-1 "$B/churn_pgc" 1000000 1000 1
	variant frames-10 "$B/churn_pgc" 1000000 1000 10
	run tracer $(rounds 5 0) -c
	emit B tracer per_object_cpu untraced "CPU time per object (allocate + release)"
	emit C tracer tracer_bytes_per_block "Tracer bytes per traced block"
	emit T tracer per_object_cpu off untraced 1.02 "tracing off at most 1.02× untraced"
	emit T tracer per_object_cpu frames-1 untraced 2.0 "tracing 1 frame at most 2× untraced"
	emit A tracer tracer_bytes_per_block frames-1 48 "tracer memory at most 48 bytes per traced block (1 frame)"

	# ---------------------------------------------------------------- report
	mkdir -p "$(dirname "$OUT")"
	"$B/report" --full "$raw" >"$OUT" || exit 1
	"$B/report" "$raw" || exit 1
	echo
	echo "bench: written to $OUT (raw figures: $raw)"
}

main
