/*
 * gc_boehm.c - Boehm GC (libgc) as the GC benchmarks' peer, on the shapes
 * of bench/shapes.h:
 *   rings N K   N rings of K nodes kept live from a root array, then one
 *               timed GC_gcollect(): a tracing collector's cost is its live
 *               graph, so this is the "same graph while it is live";
 *               "dead" times a second GC_gcollect after the roots are dropped
 *   churn N B   N churn objects allocated with GC_MALLOC, B at a time: a
 *               batch is allocated, then dropped (collections run as Boehm
 *               decides, during allocation)
 * Prints "metric value unit" lines for bench/runner.
 */
#include <gc.h>
#include <string.h>

#include "bench_util.h"
#include "shapes.h"

struct node {
	struct node *next;
};

static void rings(size_t n, size_t k)
{
	struct node **roots = GC_MALLOC(n * sizeof *roots);
	if (!roots)
		exit(2);
	GC_disable();
	for (size_t r = 0; r < n; r++) {
		struct node *first = GC_MALLOC(sizeof *first), *prev = first;
		for (size_t i = 1; i < k; i++) {
			struct node *o = GC_MALLOC(sizeof *o);
			if (!o)
				exit(2);
			prev->next = o;
			prev = o;
		}
		prev->next = first;
		roots[r] = first;
	}
	GC_enable();
	struct bench_clock t0 = bench_start();
	GC_gcollect();
	bench_emit_per("per_object", t0, (double)(n * k));
	memset(roots, 0, n * sizeof *roots);
	t0 = bench_start();
	GC_gcollect();
	bench_emit_per("dead_per_object", t0, (double)(n * k));
}

static void churn(size_t n, size_t batch)
{
	void **objs = GC_MALLOC(batch * sizeof *objs);
	if (!objs)
		exit(2);
	struct bench_clock t0 = bench_start();
	for (size_t done = 0; done < n; done += batch) {
		for (size_t i = 0; i < batch; i++)
			if (!(objs[i] = GC_MALLOC(churn_size(i))))
				exit(2);
		memset(objs, 0, batch * sizeof *objs);
	}
	bench_emit_per("per_object", t0, (double)n);
}

int main(int argc, char **argv)
{
	GC_INIT();
	if (argc == 4 && strcmp(argv[1], "rings") == 0)
		rings((size_t)bench_count_arg("N", argv[2]), (size_t)bench_count_arg("K", argv[3]));
	else if (argc == 4 && strcmp(argv[1], "churn") == 0)
		churn((size_t)bench_count_arg("N", argv[2]), (size_t)bench_count_arg("B", argv[3]));
	else {
		fprintf(stderr, "usage: gc_boehm rings N K | churn N BATCH\n");
		return 2;
	}
	return 0;
}
