/*
 * gc_pgc.c - libpgc's side of the collection, memory and pause benchmarks,
 * on the shapes of bench/shapes.h (CPython's side: bench/gc_python.py):
 *   rings N K        N rings of K nodes built with automatic collection
 *                    off, dropped, then one timed pgc_gc_collect(2)
 *   memory N         header + bookkeeping bytes per tracked object, from the
 *                    runtime's live-bytes counter, and the heap bytes per
 *                    object (mallinfo2) against malloc of the payload alone
 *   pauses LIVE C W  LIVE objects kept in rings of 10 while C rings of 10
 *                    are built, each kept until W newer rings exist; every
 *                    collection is timed from pgc_gc_callbacks start/stop
 * Prints "metric value unit" lines for bench/runner.
 */
#include <malloc.h>
#include <string.h>

#include "bench_util.h"
#include "pgc.h"
#include "runtime/internal.h"

struct node {
	pgc_object ob;
	pgc_object *next;
};

static int node_traverse(pgc_object *self, pgc_visitfn visit, void *arg)
{
	pgc_object *next = ((struct node *)self)->next;
	return next ? visit(next, arg) : 0;
}

static void node_clear(pgc_object *self)
{
	struct node *n = (struct node *)self;
	pgc_object *next = n->next;
	n->next = NULL;
	pgc_decref(next);
}

static pgc_type node_type = {
    .name = "node",
    .size = sizeof(struct node),
    .flags = PGC_TF_GC,
    .traverse = node_traverse,
    .clear = node_clear,
};

static struct node *new_node(void)
{
	struct node *o = (struct node *)pgc_new(&node_type);
	if (!o) {
		fprintf(stderr, "gc_pgc: pgc_new: %s\n", pgc_strerror(pgc_error()));
		exit(2);
	}
	return o;
}

/* A ring of k nodes; returns a new reference to its first node. */
static pgc_object *build_ring(size_t k)
{
	struct node *first = new_node(), *prev = first;
	for (size_t i = 1; i < k; i++) {
		struct node *o = new_node();
		prev->next = &o->ob; /* the reference from pgc_new moves here */
		prev = o;
	}
	pgc_incref(&first->ob);
	prev->next = &first->ob;
	return &first->ob;
}

static void rings(size_t n, size_t k)
{
	pgc_gc_collect(2);
	pgc_gc_disable();
	for (size_t r = 0; r < n; r++)
		pgc_decref(build_ring(k));
	struct bench_clock t0 = bench_start();
	ssize_t found = pgc_gc_collect(2);
	if (found < (ssize_t)(n * k)) {
		fprintf(stderr, "gc_pgc: collect found %zd of %zu objects\n", found, n * k);
		exit(3);
	}
	bench_emit_per("per_object", t0, (double)(n * k));
}

/* Bytes glibc has handed out: heap chunks plus direct mmaps (big blocks). */
static size_t heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

static void memory(size_t n)
{
	const size_t payload = sizeof(struct node) - sizeof(pgc_object);
	pgc_object **keep = malloc(n * sizeof *keep);
	void **plain = malloc(n * sizeof *plain);
	if (!keep || !plain)
		exit(2);
	pgc_init();
	uint64_t live0 = pgc__counters()->live_bytes;
	size_t heap0 = heap_bytes();
	for (size_t i = 0; i < n; i++)
		keep[i] = &new_node()->ob;
	uint64_t live1 = pgc__counters()->live_bytes;
	size_t heap1 = heap_bytes();
	for (size_t i = 0; i < n; i++)
		if (!(plain[i] = malloc(payload)))
			exit(2);
	size_t heap2 = heap_bytes();
	bench_emit("header_bytes", (double)(live1 - live0) / (double)n - (double)payload, "B");
	bench_emit("heap_per_object", (double)(heap1 - heap0) / (double)n, "B");
	bench_emit("malloc_per_payload", (double)(heap2 - heap1) / (double)n, "B");
	for (size_t i = 0; i < n; i++) {
		pgc_decref(keep[i]);
		free(plain[i]);
	}
	free(keep);
	free(plain);
}

/* Pause recording: one growable array of durations per generation. */
static struct {
	uint64_t start;
	uint64_t *ns[3];
	size_t n[3], cap[3];
} pause;

static void on_gc(const char *phase, const struct pgc_gc_info *info, void *arg)
{
	uint64_t now = bench_now_ns();
	if (strcmp(phase, "start") == 0) {
		pause.start = now;
		return;
	}
	int g = info->generation;
	if (g < 0 || g > 2)
		return;
	if (pause.n[g] == pause.cap[g]) {
		pause.cap[g] = pause.cap[g] ? 2 * pause.cap[g] : 1024;
		pause.ns[g] = realloc(pause.ns[g], pause.cap[g] * sizeof *pause.ns[g]);
		if (!pause.ns[g])
			exit(2);
	}
	pause.ns[g][pause.n[g]++] = now - pause.start;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void pauses(size_t live, size_t churn, size_t window)
{
	size_t nkeep = live / 10;
	pgc_object **keep = malloc(nkeep * sizeof *keep);
	pgc_object **recent = calloc(window, sizeof *recent);
	if (!keep || !recent)
		exit(2);
	for (size_t i = 0; i < nkeep; i++)
		keep[i] = build_ring(10);
	pgc_gc_collect(2);
	if (pgc_gc_callbacks_add(on_gc, NULL) < 0)
		exit(2);
	for (size_t i = 0; i < churn; i++) {
		pgc_decref(recent[i % window]);
		recent[i % window] = build_ring(10);
	}
	pgc_gc_callbacks_remove(on_gc, NULL);
	for (int g = 0; g < 3; g++) {
		char name[32];
		size_t n = pause.n[g];
		snprintf(name, sizeof name, "gen%d_count", g);
		bench_emit(name, (double)n, "count");
		if (!n)
			continue;
		qsort(pause.ns[g], n, sizeof *pause.ns[g], cmp_u64);
		snprintf(name, sizeof name, "gen%d_p50", g);
		bench_emit(name, (double)pause.ns[g][n / 2], "ns");
		snprintf(name, sizeof name, "gen%d_p99", g);
		bench_emit(name, (double)pause.ns[g][n * 99 / 100], "ns");
		snprintf(name, sizeof name, "gen%d_max", g);
		bench_emit(name, (double)pause.ns[g][n - 1], "ns");
	}
	for (size_t i = 0; i < window; i++)
		pgc_decref(recent[i]);
	for (size_t i = 0; i < nkeep; i++)
		pgc_decref(keep[i]);
	free(keep);
	free(recent);
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "rings") == 0)
		rings((size_t)bench_count_arg("N", argv[2]), (size_t)bench_count_arg("K", argv[3]));
	else if (argc == 3 && strcmp(argv[1], "memory") == 0)
		memory((size_t)bench_count_arg("N", argv[2]));
	else if (argc == 5 && strcmp(argv[1], "pauses") == 0)
		pauses((size_t)bench_count_arg("LIVE", argv[2]),
		       (size_t)bench_count_arg("CHURN", argv[3]),
		       (size_t)bench_count_arg("WINDOW", argv[4]));
	else {
		fprintf(stderr, "usage: gc_pgc rings N K | memory N | pauses LIVE CHURN WINDOW\n");
		return 2;
	}
	return 0;
}
