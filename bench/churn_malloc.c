/*
 * churn_malloc.c - the allocation-churn baseline: N blocks of the churn
 * sizes (bench/shapes.h) allocated with malloc and zeroed (as pgc_new
 * zeroes), BATCH at a time: a batch is allocated, then freed.
 * Usage: churn_malloc N BATCH
 * Prints: per_object ns (allocation + release, divided by N).
 */
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "shapes.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: churn_malloc N BATCH\n");
		return 2;
	}
	size_t n = (size_t)bench_count_arg("N", argv[1]);
	size_t batch = (size_t)bench_count_arg("BATCH", argv[2]);
	void **objs = malloc(batch * sizeof *objs);
	if (!objs)
		return 2;
	unsigned sink = 0; /* reads keep the zeroing from being optimised away */
	struct bench_clock t0 = bench_start();
	for (size_t done = 0; done < n; done += batch) {
		for (size_t i = 0; i < batch; i++) {
			size_t size = churn_size(i);
			objs[i] = malloc(size);
			if (!objs[i])
				return 2;
			memset(objs[i], 0, size);
		}
		for (size_t i = 0; i < batch; i++) {
			sink += ((unsigned char *)objs[i])[churn_size(i) - 1];
			free(objs[i]);
		}
	}
	bench_emit_per("per_object", t0, (double)n);
	free(objs);
	return sink != 0;
}
