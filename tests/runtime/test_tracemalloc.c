/*
 * test_tracemalloc.c - the allocation tracer: start/stop, current and peak
 * against known allocations, object tracebacks, statistics by file, line and
 * traceback (cumulative too), compare_to after a leak, filters, dump/load
 * round trips and corrupt dump files, PGC_TRACEMALLOC, and the tracer's own
 * memory per block. Dump files: test_tracemalloc_dump.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pgc.h"
#include "pgc_tracemalloc.h"
#include "runtime/internal.h"
#include "tracemalloc_test.h"

static int setup(void **state)
{
	pgc_init();
	return 0;
}

static int teardown(void **state)
{
	pgc_tracemalloc_stop();
	return 0;
}

static void start_rejects_bad_frame_counts(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(0), -EINVAL);
	assert_int_equal(pgc_tracemalloc_start(PGC_TRACEMALLOC_MAX_NFRAME + 1), -EINVAL);
	assert_int_equal(pgc_tracemalloc_is_tracing(), 0);
	assert_int_equal(pgc_tracemalloc_start(3), 0);
	assert_int_equal(pgc_tracemalloc_is_tracing(), 1);
	assert_int_equal(pgc_tracemalloc_get_traceback_limit(), 3);
	pgc_tracemalloc_stop();
	assert_int_equal(pgc_tracemalloc_is_tracing(), 0);
	assert_int_equal(pgc_tracemalloc_get_traceback_limit(), 0);
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), -EINVAL);
	assert_null(s);
}

static size_t nframes_of(void *p)
{
	struct pgc_tracemalloc_traceback *tb = pgc_tracemalloc_get_object_traceback(p);
	assert_non_null(tb);
	size_t n = tb->nframes;
	pgc_tracemalloc_traceback_free(tb);
	return n;
}

/* start(n) while tracing changes the depth of later tracebacks only. */
static void a_new_frame_limit_applies_to_later_allocations(void **state)
{
	void *p[4];
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	for (int i = 0; i < 2; i++)
		p[i] = pgc__alloc(8, "depth.c", 1, "f");
	assert_int_equal(pgc_tracemalloc_start(5), 0);
	p[2] = pgc__alloc(8, "depth.c", 1, "f");
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	p[3] = pgc__alloc(8, "depth.c", 1, "f");
	assert_int_equal(nframes_of(p[0]), 1);
	assert_true(nframes_of(p[2]) > 1);
	assert_int_equal(nframes_of(p[3]), 1);
	for (int i = 0; i < 4; i++)
		pgc__free(p[i], 8);
}

static void current_and_peak_follow_known_allocations(void **state)
{
	void *before = pgc__alloc(64, "pre.c", 1, "f"); /* not traced */
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	size_t cur, peak;
	void *a = pgc__alloc(100, "a.c", 1, "f");
	void *b = pgc__alloc(200, "a.c", 2, "f");
	pgc_tracemalloc_get_traced_memory(&cur, &peak);
	assert_int_equal(cur, 300);
	assert_int_equal(peak, 300);
	pgc__free(b, 200);
	pgc__free(before, 64); /* untraced: no effect */
	pgc_tracemalloc_get_traced_memory(&cur, &peak);
	assert_int_equal(cur, 100);
	assert_int_equal(peak, 300);
	pgc_tracemalloc_reset_peak();
	pgc_tracemalloc_get_traced_memory(&cur, &peak);
	assert_int_equal(peak, 100);
	pgc_tracemalloc_clear_traces();
	pgc_tracemalloc_get_traced_memory(&cur, &peak);
	assert_int_equal(cur, 0);
	assert_int_equal(peak, 0);
	assert_int_equal(pgc_tracemalloc_is_tracing(), 1);
	pgc__free(a, 100); /* forgotten by clear_traces: no effect */
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, 0);
	pgc_tracemalloc_stop();
	pgc_tracemalloc_get_traced_memory(&cur, &peak);
	assert_int_equal(cur + peak, 0);
}

static void blocks_larger_than_4gib_keep_their_size(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	/* Drive the hooks directly: nothing this big can be allocated here.
	 * The address is never dereferenced. */
	void *fake = (void *)(uintptr_t)0x7f0000001000;
	size_t big = (size_t)5 << 30, cur;
	pgc__hooks.on_alloc(fake, big, "big.c", 9, "f");
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, big);
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	assert_int_equal(pgc_tracemalloc_snapshot_size(s), big);
	pgc_tracemalloc_snapshot_free(s);
	pgc__hooks.on_free(fake, big);
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, 0);
}

static void the_tracer_never_allocates_through_the_traced_allocator(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(4), 0);
	uint64_t live = pgc__counters()->live_bytes;
	void *v[2000];
	alloc_at(v, 2000, 48, "own.c", 1);
	assert_int_equal(pgc__counters()->live_bytes - live, 2000 * 48);
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	struct pgc_tracemalloc_stats *st;
	assert_int_equal(
	    pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_TRACEBACK, 0, &st), 0);
	assert_int_equal(pgc__counters()->live_bytes - live, 2000 * 48);
	assert_true(pgc_tracemalloc_get_tracemalloc_memory() > 0);
	pgc_tracemalloc_stats_free(st);
	pgc_tracemalloc_snapshot_free(s);
	free_all(v, 2000, 48);
}

static void the_tracer_uses_at_most_48_bytes_per_live_block(void **state)
{
	enum { N = 100000 };
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	static void *v[N];
	for (int i = 0; i < N; i++)
		v[i] = pgc__alloc(32, "mem.c", i % 50, "f");
	size_t mem = pgc_tracemalloc_get_tracemalloc_memory();
	print_message("# tracer memory: %zu bytes for %d blocks = %.1f B/block\n", mem, N,
		      (double)mem / N);
	assert_true(mem <= (size_t)48 * N);
	/* Freeing most blocks shrinks the table: still <= 48 per live block. */
	for (int i = 0; i < N - N / 10; i++)
		pgc__free(v[i], 32);
	mem = pgc_tracemalloc_get_tracemalloc_memory();
	assert_true(mem <= (size_t)48 * (N / 10));
	for (int i = N - N / 10; i < N; i++)
		pgc__free(v[i], 32);
}

/* Whether p is traced, with its allocation site at line. */
static int traced_at(void *p, unsigned line)
{
	struct pgc_tracemalloc_traceback *tb = pgc_tracemalloc_get_object_traceback(p);
	if (!tb)
		return 0;
	int ok = tb->frames[0].lineno == line;
	pgc_tracemalloc_traceback_free(tb);
	return ok;
}

/* Growth, shrinking and deletion in any order keep every live block findable
 * and the totals exact (the table deletes by shifting probe runs back). */
static void the_trace_table_survives_growth_shrinking_and_random_frees(void **state)
{
	enum { N = 40000 };
	static void *v[N];
	static size_t sz[N];
	static int live[N];
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	size_t expect = 0;
	for (int i = 0; i < N; i++) {
		sz[i] = 16 + (size_t)(i % 7) * 16;
		v[i] = pgc__alloc(sz[i], "grow.c", 1 + i % 3, "g");
		assert_non_null(v[i]);
		live[i] = 1;
		expect += sz[i];
	}
	size_t cur;
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, expect);
	/* Free 90% in a scrambled order (an LCG over the indexes). */
	uint32_t x = 12345;
	for (int k = 0; k < N - N / 10; k++) {
		int i;
		do {
			x = x * 1664525u + 1013904223u;
			i = (int)(x % N);
		} while (!live[i]);
		pgc__free(v[i], sz[i]);
		live[i] = 0;
		expect -= sz[i];
	}
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, expect);
	for (int i = 0; i < N; i++)
		if (live[i])
			assert_true(traced_at(v[i], 1 + (unsigned)i % 3));
	/* The table shrank with the live count: at most 48 bytes per block. */
	assert_true(pgc_tracemalloc_get_tracemalloc_memory() <= (size_t)48 * (N / 10));
	for (int i = N - 1; i >= 0; i--)
		if (live[i]) {
			pgc__free(v[i], sz[i]);
			expect -= sz[i];
		}
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, 0);
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	assert_int_equal(pgc_tracemalloc_snapshot_ntraces(s), 0);
	pgc_tracemalloc_snapshot_free(s);
}

/* An address handed out again while the tracer still holds it (its free
 * was never seen) is recorded once, with its new size and site. The hook is
 * called directly: which address an allocator reuses is its own business. */
static void a_reused_address_whose_free_was_missed_is_recorded_once(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	void *p = pgc__alloc(64, "old.c", 1, "f");
	assert_non_null(p);
	pgc__hooks.on_alloc(p, 48, "new.c", 2, "g");
	size_t cur;
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, 48);
	assert_true(traced_at(p, 2));
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	assert_int_equal(pgc_tracemalloc_snapshot_ntraces(s), 1);
	pgc_tracemalloc_snapshot_free(s);
	pgc__free(p, 64);
	pgc_tracemalloc_get_traced_memory(&cur, NULL);
	assert_int_equal(cur, 0);
}

static void an_objects_traceback_names_its_allocation_site(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	void *p = pgc__alloc(40, "site.c", 42, "make_thing");
	struct pgc_tracemalloc_traceback *tb = pgc_tracemalloc_get_object_traceback(p);
	assert_non_null(tb);
	assert_int_equal(tb->nframes, 1);
	assert_string_equal(tb->frames[0].filename, "site.c");
	assert_string_equal(tb->frames[0].function, "make_thing");
	assert_int_equal(tb->frames[0].lineno, 42);
	pgc_tracemalloc_traceback_free(tb);
	int line = __LINE__ + 1;
	pgc_object *l = pgc_list_new();
	assert_non_null(l);
	tb = pgc_tracemalloc_get_object_traceback(l);
	assert_non_null(tb);
	assert_string_equal(tb->frames[0].filename, __FILE__);
	assert_int_equal(tb->frames[0].lineno, line);
	pgc_tracemalloc_traceback_free(tb);
	pgc_decref(l);
	pgc__free(p, 40);
	assert_null(pgc_tracemalloc_get_object_traceback(p));
	int local;
	assert_null(pgc_tracemalloc_get_object_traceback(&local));
}

static const struct pgc_tracemalloc_stat *find_stat(const struct pgc_tracemalloc_stats *st,
						    const char *file, unsigned line)
{
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->items[i].traceback.frames[0].filename, file) &&
		    st->items[i].traceback.frames[0].lineno == line)
			return &st->items[i];
	return NULL;
}

static void statistics_group_by_line_and_by_file(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	void *a[3], *b[2], *c[1], *d[1];
	/* A second copy of "a.c" at another address: keys compare by content. */
	static const char other_a[] = "a.c";
	alloc_at(a, 3, 100, "a.c", 1);
	alloc_at(b, 2, 50, "a.c", 2);
	alloc_at(c, 1, 1000, "b.c", 5);
	alloc_at(d, 1, 100, other_a, 1);
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	assert_int_equal(pgc_tracemalloc_snapshot_ntraces(s), 7);
	assert_int_equal(pgc_tracemalloc_snapshot_size(s), 1500);
	struct pgc_tracemalloc_stats *st;
	assert_int_equal(pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_LINENO, 0, &st),
			 0);
	assert_int_equal(st->n, 3);
	assert_string_equal(st->items[0].traceback.frames[0].filename, "b.c");
	assert_int_equal(st->items[0].size, 1000);
	assert_int_equal(st->items[1].traceback.frames[0].lineno, 1);
	assert_int_equal(st->items[1].size, 400);
	assert_int_equal(st->items[1].count, 4);
	assert_int_equal(st->items[2].size, 100);
	assert_int_equal(st->items[2].count, 2);
	char line[256];
	pgc_tracemalloc_stats_format(st, 1, line, sizeof line);
	assert_string_equal(line, "a.c:1: size=400 B, count=4, average=100 B");
	assert_int_equal(pgc_tracemalloc_stats_format(st, 3, line, sizeof line), -EINVAL);
	pgc_tracemalloc_stats_free(st);

	assert_int_equal(
	    pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_FILENAME, 0, &st), 0);
	assert_int_equal(st->n, 2);
	assert_string_equal(st->items[0].traceback.frames[0].filename, "b.c");
	assert_string_equal(st->items[1].traceback.frames[0].filename, "a.c");
	assert_int_equal(st->items[1].size, 500);
	assert_int_equal(st->items[1].count, 6);
	pgc_tracemalloc_stats_free(st);
	assert_int_equal(pgc_tracemalloc_snapshot_statistics(s, 7, 0, &st), -EINVAL);
	pgc_tracemalloc_snapshot_free(s);
	free_all(a, 3, 100);
	free_all(b, 2, 50);
	free_all(c, 1, 1000);
	free_all(d, 1, 100);
}

static __attribute__((noinline)) void *path_two(void)
{
	two = 2; /* a different body: not folded into path_one */
	void *p = leaf();
	__asm__ volatile("" ::: "memory");
	return p;
}

static void cumulative_statistics_count_every_frame_once(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(6), 0);
	void *v[5];
	for (int i = 0; i < three; i++)
		v[i] = path_one();
	for (int i = 3; i < 3 + two; i++)
		v[i] = path_two();
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	assert_int_equal(pgc_tracemalloc_snapshot_traceback_limit(s), 6);
	struct pgc_tracemalloc_stats *st;
	assert_int_equal(
	    pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_TRACEBACK, 0, &st), 0);
	assert_int_equal(st->n, 2);
	assert_int_equal(st->items[0].count, 3);
	assert_int_equal(st->items[1].count, 2);
	assert_true(st->items[0].traceback.nframes > 1);
	assert_true(st->items[0].traceback.nframes <= 6);
	assert_int_equal(st->items[0].traceback.frames[0].lineno, 7);
	assert_true(st->items[0].traceback.frames[1].address != 0);
	assert_non_null(st->items[0].traceback.frames[1].filename);
	pgc_tracemalloc_stats_free(st);

	assert_int_equal(pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_LINENO, 0, &st),
			 0);
	assert_int_equal(st->n, 1);
	assert_int_equal(st->items[0].count, 5);
	pgc_tracemalloc_stats_free(st);

	assert_int_equal(pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_LINENO, 1, &st),
			 0);
	assert_true(st->n > 2);
	const struct pgc_tracemalloc_stat *site = find_stat(st, "leaf.c", 7);
	assert_non_null(site);
	assert_int_equal(site->count, 5);
	assert_int_equal(site->size, 5 * 24);
	/* Every frame key counts a trace at most once. */
	for (size_t i = 0; i < st->n; i++)
		assert_true(st->items[i].count <= 5);
	/* The two callers are distinct frames: one has 3 traces, one 2. */
	int saw3 = 0, saw2 = 0;
	for (size_t i = 0; i < st->n; i++) {
		saw3 |= st->items[i].count == 3;
		saw2 |= st->items[i].count == 2;
	}
	assert_true(saw3 && saw2);
	pgc_tracemalloc_stats_free(st);
	assert_int_equal(
	    pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_TRACEBACK, 1, &st), -EINVAL);
	pgc_tracemalloc_snapshot_free(s);
	free_all(v, 5, 24);
}

static void compare_to_shows_a_known_leak_first(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	void *keep[4], *gone[2], *leak[10];
	alloc_at(keep, 4, 16, "keep.c", 1);
	alloc_at(gone, 2, 300, "gone.c", 2);
	pgc_tracemalloc_snapshot *old, *now;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&old), 0);
	free_all(gone, 2, 300);
	alloc_at(leak, 10, 64, "leak.c", 7);
	assert_int_equal(pgc_tracemalloc_take_snapshot(&now), 0);
	struct pgc_tracemalloc_stats *d;
	assert_int_equal(
	    pgc_tracemalloc_snapshot_compare_to(now, old, PGC_TRACEMALLOC_KEY_LINENO, 0, &d), 0);
	assert_int_equal(d->n, 3);
	assert_string_equal(d->items[0].traceback.frames[0].filename, "leak.c");
	assert_int_equal(d->items[0].size, 640);
	assert_int_equal(d->items[0].size_diff, 640);
	assert_int_equal(d->items[0].count_diff, 10);
	assert_string_equal(d->items[1].traceback.frames[0].filename, "gone.c");
	assert_int_equal(d->items[1].size, 0);
	assert_int_equal(d->items[1].size_diff, -600);
	assert_int_equal(d->items[1].count_diff, -2);
	assert_string_equal(d->items[2].traceback.frames[0].filename, "keep.c");
	assert_int_equal(d->items[2].size_diff, 0);
	assert_int_equal(d->items[2].size, 64);
	char line[256];
	pgc_tracemalloc_stats_format(d, 0, line, sizeof line);
	assert_string_equal(line, "leak.c:7: size=640 B (+640 B), count=10 (+10), average=64 B");
	pgc_tracemalloc_stats_free(d);
	pgc_tracemalloc_snapshot_free(old);
	pgc_tracemalloc_snapshot_free(now);
	free_all(keep, 4, 16);
	free_all(leak, 10, 64);
}

static size_t filtered_ntraces(pgc_tracemalloc_snapshot *s, const struct pgc_tracemalloc_filter *f,
			       size_t n)
{
	pgc_tracemalloc_snapshot *out;
	assert_int_equal(pgc_tracemalloc_snapshot_filter_traces(s, f, n, &out), 0);
	size_t k = pgc_tracemalloc_snapshot_ntraces(out);
	pgc_tracemalloc_snapshot_free(out);
	return k;
}

static void filters_include_and_exclude_by_filename_pattern(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(3), 0);
	void *a[3], *b[2], *c[1];
	alloc_at(a, 3, 8, "src/app/a.c", 1);
	alloc_at(b, 2, 8, "src/app/b.c", 2);
	alloc_at(c, 1, 8, "lib/c.c", 3);
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	struct pgc_tracemalloc_filter inc_app = {1, "src/app/*", 0, 0};
	struct pgc_tracemalloc_filter exc_a = {0, "*/a.c", 0, 0};
	struct pgc_tracemalloc_filter inc_line2 = {1, "*", 2, 0};
	struct pgc_tracemalloc_filter inc_lib = {1, "lib/*", 0, 0};
	struct pgc_tracemalloc_filter exc_all_frames = {0, "src/app/b.c", 0, 1};
	assert_int_equal(filtered_ntraces(s, NULL, 0), 6);
	assert_int_equal(filtered_ntraces(s, &inc_app, 1), 5);
	assert_int_equal(filtered_ntraces(s, &exc_a, 1), 3);
	assert_int_equal(filtered_ntraces(s, (struct pgc_tracemalloc_filter[]){inc_app, exc_a}, 2),
			 2);
	assert_int_equal(filtered_ntraces(s, &inc_line2, 1), 2);
	/* Two inclusive filters: a trace passing either is kept. */
	assert_int_equal(
	    filtered_ntraces(s, (struct pgc_tracemalloc_filter[]){inc_lib, inc_line2}, 2), 3);
	assert_int_equal(filtered_ntraces(s, &exc_all_frames, 1), 4);
	struct pgc_tracemalloc_filter bad = {1, NULL, 0, 0};
	pgc_tracemalloc_snapshot *out;
	assert_int_equal(pgc_tracemalloc_snapshot_filter_traces(s, &bad, 1, &out), -EINVAL);
	pgc_tracemalloc_snapshot_free(s);
	free_all(a, 3, 8);
	free_all(b, 2, 8);
	free_all(c, 1, 8);
}

static void a_snapshot_outlives_stop(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	void *v[2];
	alloc_at(v, 2, 10, "live.c", 3);
	pgc_tracemalloc_snapshot *s;
	assert_int_equal(pgc_tracemalloc_take_snapshot(&s), 0);
	pgc_tracemalloc_stop();
	free_all(v, 2, 10);
	struct pgc_tracemalloc_stats *st;
	assert_int_equal(
	    pgc_tracemalloc_snapshot_statistics(s, PGC_TRACEMALLOC_KEY_FILENAME, 0, &st), 0);
	assert_int_equal(st->n, 1);
	assert_string_equal(st->items[0].traceback.frames[0].filename, "live.c");
	pgc_tracemalloc_stats_free(st);
	pgc_tracemalloc_snapshot_free(s);
}

static void pgc_tracemalloc_env_starts_tracing(void **state)
{
	static const struct {
		const char *value;
		int limit;
	} cases[] = {{"5", 5},	{"1", 1},   {"0", 0},
		     {"", 0},	{"abc", 0}, {"3x", 0},
		     {"-2", 0}, {"65", 0},  {"99999999999999999999", 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pgc_tracemalloc_stop();
		setenv("PGC_TRACEMALLOC", cases[i].value, 1);
		pgc__tracemalloc_init_from_env();
		assert_int_equal(pgc_tracemalloc_get_traceback_limit(), cases[i].limit);
	}
	unsetenv("PGC_TRACEMALLOC");
	pgc_tracemalloc_stop();
	pgc__tracemalloc_init_from_env();
	assert_int_equal(pgc_tracemalloc_is_tracing(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(start_rejects_bad_frame_counts, teardown),
	    cmocka_unit_test_teardown(a_new_frame_limit_applies_to_later_allocations, teardown),
	    cmocka_unit_test_teardown(current_and_peak_follow_known_allocations, teardown),
	    cmocka_unit_test_teardown(blocks_larger_than_4gib_keep_their_size, teardown),
	    cmocka_unit_test_teardown(the_tracer_never_allocates_through_the_traced_allocator,
				      teardown),
	    cmocka_unit_test_teardown(the_tracer_uses_at_most_48_bytes_per_live_block, teardown),
	    cmocka_unit_test_teardown(the_trace_table_survives_growth_shrinking_and_random_frees,
				      teardown),
	    cmocka_unit_test_teardown(a_reused_address_whose_free_was_missed_is_recorded_once,
				      teardown),
	    cmocka_unit_test_teardown(an_objects_traceback_names_its_allocation_site, teardown),
	    cmocka_unit_test_teardown(statistics_group_by_line_and_by_file, teardown),
	    cmocka_unit_test_teardown(cumulative_statistics_count_every_frame_once, teardown),
	    cmocka_unit_test_teardown(compare_to_shows_a_known_leak_first, teardown),
	    cmocka_unit_test_teardown(filters_include_and_exclude_by_filename_pattern, teardown),
	    cmocka_unit_test_teardown(a_snapshot_outlives_stop, teardown),
	    cmocka_unit_test_teardown(pgc_tracemalloc_env_starts_tracing, teardown),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
