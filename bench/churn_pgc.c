/*
 * churn_pgc.c - libpgc's allocation churn, with and without the tracer:
 * N tracked, acyclic objects of the churn sizes (bench/shapes.h) created
 * with pgc_new, BATCH at a time: a batch is created, then released by
 * refcount. The collector runs as it decides (default thresholds).
 * Usage: churn_pgc N BATCH [TRACE]
 *   TRACE none   the tracer is never started (the default)
 *         off    started with 1 frame and stopped before the churn
 *         F      tracing with F frames during the churn; afterwards the
 *                tracer's own bytes per traced block are measured on
 *                100,000 live objects
 * Prints: per_object ns; with F also tracer_bytes_per_block B.
 */
#include <string.h>

#include "bench_util.h"
#include "pgc.h"
#include "pgc_tracemalloc.h"
#include "shapes.h"

struct blob {
	pgc_object ob;
	pgc_object *slot[];
};

/* Number of slots of a blob, from its type's size. */
static size_t blob_slots(pgc_object *self)
{
	return (pgc_type_of(self)->size - sizeof(pgc_object)) / sizeof(pgc_object *);
}

static int blob_traverse(pgc_object *self, pgc_visitfn visit, void *arg)
{
	struct blob *b = (struct blob *)self;
	for (size_t i = 0, n = blob_slots(self); i < n; i++)
		if (b->slot[i]) {
			int rc = visit(b->slot[i], arg);
			if (rc)
				return rc;
		}
	return 0;
}

static void blob_clear(pgc_object *self)
{
	struct blob *b = (struct blob *)self;
	for (size_t i = 0, n = blob_slots(self); i < n; i++) {
		pgc_object *o = b->slot[i];
		b->slot[i] = NULL;
		pgc_decref(o);
	}
}

static pgc_type blob_types[CHURN_KINDS];

static void init_types(void)
{
	static const char *const names[CHURN_KINDS] = {"blob1", "blob3", "blob5", "blob9"};
	for (size_t k = 0; k < CHURN_KINDS; k++) {
		blob_types[k] = (pgc_type){
		    .name = names[k],
		    .size = churn_size(k),
		    .flags = PGC_TF_GC,
		    .traverse = blob_traverse,
		    .clear = blob_clear,
		};
		if (blob_types[k].size !=
		    sizeof(struct blob) + churn_slots[k] * sizeof(pgc_object *)) {
			fprintf(stderr,
				"churn_pgc: header is not 24 bytes; shapes.h needs updating\n");
			exit(2);
		}
	}
}

static pgc_object *new_blob(size_t i)
{
	pgc_object *o = pgc_new(&blob_types[i % CHURN_KINDS]);
	if (!o) {
		fprintf(stderr, "churn_pgc: pgc_new: %s\n", pgc_strerror(pgc_error()));
		exit(2);
	}
	return o;
}

static void tracer_bytes_per_block(void)
{
	enum { LIVE = 100000 };
	static pgc_object *keep[LIVE];
	pgc_tracemalloc_snapshot *s0, *s1;
	size_t mem0 = pgc_tracemalloc_get_tracemalloc_memory();
	if (pgc_tracemalloc_take_snapshot(&s0) < 0)
		exit(2);
	for (size_t i = 0; i < LIVE; i++)
		keep[i] = new_blob(i);
	size_t mem1 = pgc_tracemalloc_get_tracemalloc_memory();
	if (pgc_tracemalloc_take_snapshot(&s1) < 0)
		exit(2);
	size_t traces = pgc_tracemalloc_snapshot_ntraces(s1) - pgc_tracemalloc_snapshot_ntraces(s0);
	if (!traces) {
		fprintf(stderr, "churn_pgc: the tracer recorded no allocation\n");
		exit(3);
	}
	bench_emit("tracer_bytes_per_block", (double)(mem1 - mem0) / (double)traces, "B");
	pgc_tracemalloc_snapshot_free(s0);
	pgc_tracemalloc_snapshot_free(s1);
	for (size_t i = 0; i < LIVE; i++)
		pgc_decref(keep[i]);
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: churn_pgc N BATCH [none|off|FRAMES]\n");
		return 2;
	}
	size_t n = (size_t)bench_count_arg("N", argv[1]);
	size_t batch = (size_t)bench_count_arg("BATCH", argv[2]);
	const char *trace = argc == 4 ? argv[3] : "none";
	int frames = 0;
	init_types();
	pgc_init();
	if (strcmp(trace, "off") == 0) {
		if (pgc_tracemalloc_start(1) < 0)
			return 2;
		pgc_tracemalloc_stop();
	} else if (strcmp(trace, "none") != 0) {
		frames = (int)bench_count_arg("FRAMES", trace);
		if (pgc_tracemalloc_start(frames) < 0) {
			fprintf(stderr, "churn_pgc: pgc_tracemalloc_start(%d) failed\n", frames);
			return 2;
		}
	}
	pgc_object **objs = malloc(batch * sizeof *objs);
	if (!objs)
		return 2;
	struct bench_clock t0 = bench_start();
	for (size_t done = 0; done < n; done += batch) {
		for (size_t i = 0; i < batch; i++)
			objs[i] = new_blob(i);
		for (size_t i = 0; i < batch; i++)
			pgc_decref(objs[i]);
	}
	bench_emit_per("per_object", t0, (double)n);
	if (frames)
		tracer_bytes_per_block();
	free(objs);
	return 0;
}
