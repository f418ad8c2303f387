/*
 * spin.c - a CPU-bound command for the report/monitor overhead benchmark:
 * ITERATIONS rounds of xorshift arithmetic, no syscalls in the loop.
 * "spin -c MS" prints the iteration count that takes about MS milliseconds
 * here, so the harness can size the command once and then run it bare and
 * under paddock with the same argument.
 */
#include <stdio.h>
#include <string.h>

#include "bench_util.h"

static unsigned long long work(long iterations)
{
	unsigned long long x = 88172645463325252ull;
	for (long i = 0; i < iterations; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	return x;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "-c") == 0) {
		long ms = bench_count_arg("MS", argv[2]);
		long n = 1000000;
		for (;;) {
			uint64_t t0 = bench_cpu_ns();
			volatile unsigned long long r = work(n);
			(void)r;
			uint64_t dt = bench_cpu_ns() - t0;
			if (dt > 100000000u) { /* 100 ms: enough to extrapolate */
				printf("%ld\n", (long)((double)n * (double)ms * 1e6 / (double)dt));
				return 0;
			}
			n *= 2;
		}
	}
	if (argc != 2) {
		fprintf(stderr, "usage: spin ITERATIONS | spin -c MILLISECONDS\n");
		return 2;
	}
	volatile unsigned long long r = work(bench_count_arg("ITERATIONS", argv[1]));
	(void)r;
	return 0;
}
