/*
 * bench_util.h - the small helpers every benchmark program shares: a
 * monotonic clock, CPU time, and the "metric value unit" lines that
 * bench/runner collects from a benchmark's stdout (see docs/performance.md).
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

/* Monotonic wall time in nanoseconds. Cannot fail on Linux. */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CPU time (user + system) of the calling process in nanoseconds. */
static inline uint64_t bench_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Print one measurement for bench/runner: "metric value unit". Metric
 * names are single words; unit is one of ns, B, count.
 */
static inline void bench_emit(const char *metric, double value, const char *unit)
{
	printf("%s %.6g %s\n", metric, value, unit);
}

/* A stopwatch over both clocks. */
struct bench_clock {
	uint64_t wall, cpu;
};

static inline struct bench_clock bench_start(void)
{
	struct bench_clock c = {bench_now_ns(), bench_cpu_ns()};
	return c;
}

/*
 * Print the time since `start` divided by n twice: as "METRIC" (wall
 * clock) and "METRIC_cpu" (CPU time of the process, all its threads).
 * CPU time leaves out the time the process spent descheduled, which on a
 * busy machine is most of the noise in the wall figure.
 */
static inline void bench_emit_per(const char *metric, struct bench_clock start, double n)
{
	uint64_t wall = bench_now_ns() - start.wall, cpu = bench_cpu_ns() - start.cpu;
	char name[64];
	snprintf(name, sizeof name, "%s_cpu", metric);
	bench_emit(metric, (double)wall / n, "ns");
	bench_emit(name, (double)cpu / n, "ns");
}

/*
 * Parse a positive count argument ("100000", "1e6" is not accepted) or
 * exit 2 with a message naming it; benchmark programs are run by the
 * harness, so a bad argument is a harness bug worth stopping for.
 */
static inline long bench_count_arg(const char *what, const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0) {
		fprintf(stderr, "bench: %s: %s: not a positive count\n", what, s);
		exit(2);
	}
	return v;
}

#endif
