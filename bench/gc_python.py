"""gc_python.py - CPython's side of the GC benchmarks (docs/performance.md).

The same shapes as bench/gc_pgc.c, with __slots__ objects:
  rings N K      N rings of K objects built with the collector disabled,
                 dropped, then one timed gc.collect()
  pauses LIVE C W  LIVE objects kept alive in rings of 10 while C rings of
                 10 are built, each kept until W newer rings exist (so some
                 survive into older generations); every collection's pause
                 is timed from gc.callbacks' start/stop
  overhead       header + GC bookkeeping bytes of one tracked object
Prints "metric value unit" lines for bench/runner.
"""
import gc
import sys
import time


class Node:
    __slots__ = ("next",)


def build_ring(k):
    first = Node()
    prev = first
    for _ in range(k - 1):
        o = Node()
        prev.next = o
        prev = o
    prev.next = first
    return first


def rings(n, k):
    gc.collect()
    gc.disable()
    for _ in range(n):
        build_ring(k)
    t0, c0 = time.perf_counter_ns(), time.process_time_ns()
    found = gc.collect()
    dt, dc = time.perf_counter_ns() - t0, time.process_time_ns() - c0
    if found < n * k:
        sys.exit("gc_python: collect found %d of %d objects" % (found, n * k))
    print("per_object %.6g ns" % (dt / (n * k)))
    print("per_object_cpu %.6g ns" % (dc / (n * k)))


def percentile(sorted_values, p):
    if not sorted_values:
        return 0
    i = min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))
    return sorted_values[i]


def pauses(live, churn, window):
    keep = [build_ring(10) for _ in range(live // 10)]
    gc.collect()
    per_gen = {0: [], 1: [], 2: []}
    started = [0]

    def callback(phase, info):
        now = time.perf_counter_ns()
        if phase == "start":
            started[0] = now
        else:
            per_gen[info["generation"]].append(now - started[0])

    gc.callbacks.append(callback)
    recent = [None] * window
    for i in range(churn):
        recent[i % window] = build_ring(10)
    gc.callbacks.remove(callback)
    for g in range(3):
        v = sorted(per_gen[g])
        print("gen%d_count %d count" % (g, len(v)))
        if v:
            print("gen%d_p50 %d ns" % (g, percentile(v, 50)))
            print("gen%d_p99 %d ns" % (g, percentile(v, 99)))
            print("gen%d_max %d ns" % (g, v[-1]))
    del keep, recent


def overhead():
    # sys.getsizeof includes the GC header; subtract the one slot's pointer.
    print("header_bytes %d B" % (sys.getsizeof(Node()) - 8))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "rings":
        rings(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "pauses":
        pauses(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 2 and sys.argv[1] == "overhead":
        overhead()
    else:
        sys.exit("usage: gc_python.py rings N K | pauses LIVE CHURN WINDOW | overhead")


if __name__ == "__main__":
    main()
