/*
 * test_alloc.c - the runtime allocator (src/runtime/alloc.c): live and peak
 * bytes, the tracer hooks with the allocation site, and failure handling
 * (collect every generation, retry, count, never abort) under RLIMIT_AS.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testtypes.h"

#include "runtime/internal.h"

static void live_and_peak_bytes_follow_allocations(void **state)
{
	const struct pgc__counters *c = pgc__counters();
	uint64_t live = c->live_bytes;
	pgc_object *a = pgc_new_var(&tnode_type, 100000);
	assert_true(c->live_bytes >= live + 100000);
	assert_true(c->peak_bytes >= c->live_bytes);
	uint64_t peak = c->peak_bytes;
	pgc_decref(a);
	assert_int_equal(c->live_bytes, live);
	assert_int_equal(c->peak_bytes, peak);
	uint64_t objs = c->live_objects;
	pgc_object *b = tnew(&tnode_type, 1);
	assert_int_equal(c->live_objects, objs + 1);
	pgc_decref(b);
	assert_int_equal(c->live_objects, objs);
}

static int hook_allocs, hook_frees, hook_site_ok;
static size_t hook_bytes;

static void on_alloc(void *p, size_t size, const char *file, int line, const char *func)
{
	hook_allocs++;
	hook_bytes += size;
	if (strstr(file, "test_alloc.c") && line > 0 &&
	    strcmp(func, "hooks_see_every_block_with_its_site") == 0)
		hook_site_ok = 1;
}

static void on_free(void *p, size_t size)
{
	hook_frees++;
	hook_bytes -= size;
}

static void hooks_see_every_block_with_its_site(void **state)
{
	struct pgc__hooks saved = pgc__hooks;
	pgc__hooks.on_alloc = on_alloc;
	pgc__hooks.on_free = on_free;
	pgc_object *o = pgc_new(&tnode_type);
	pgc_object *l = pgc_list_new();
	pgc_list_append(l, o);
	pgc_decref(o);
	pgc_decref(l);
	pgc__hooks = saved;
	assert_true(hook_allocs >= 3); /* node, list, list items */
	assert_int_equal(hook_allocs, hook_frees);
	assert_int_equal(hook_bytes, 0);
	assert_true(hook_site_ok);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#else
#define UNDER_ASAN 0
#endif

static int failure_hook_calls;
static void on_failure(size_t size) { failure_hook_calls++; }

/* Child: exits 0 when every expectation held, else the failed step. */
static int failure_child(void)
{
	struct rlimit rl = {512u << 20, 512u << 20};
	if (setrlimit(RLIMIT_AS, &rl) != 0)
		return 10;
	/* Threshold 0 turns automatic collection off (as in Python) while the
	 * collector stays enabled: only the allocator's retry may collect. A
	 * disabled collector (pgc_gc_disable, PGC_GC=0) does not retry. */
	pgc_gc_set_threshold(0, 10, 10);
	pgc__hooks.on_alloc_failure = on_failure;
	/* 2 GiB of cyclic garbage in 1 MiB objects under a 512 MiB limit:
	 * possible only if failures collect and retry. */
	for (int i = 0; i < 2048; i++) {
		pgc_object *o = pgc_new_var(&tnode_type, 1u << 20);
		if (!o)
			return 11;
		set_ref(o, 0, o);
		pgc_decref(o);
	}
	if (pgc__counters()->alloc_failures != 0)
		return 12;
	struct pgc_gc_genstats st[3];
	pgc_gc_get_stats(st);
	if (st[2].collections == 0)
		return 13;
	/* A request that cannot fit even after collecting: NULL, counted. */
	pgc_object *huge = pgc_new_var(&tnode_type, (size_t)1 << 30);
	if (huge)
		return 14;
	if (pgc_error() != PGC_ENOMEM)
		return 15;
	if (pgc__counters()->alloc_failures != 1 || failure_hook_calls != 1)
		return 16;
	if (pgc__counters()->failed_size < ((size_t)1 << 30))
		return 17;
	/* The runtime still works afterwards. */
	pgc_object *ok = tnew(&tnode_type, 1);
	pgc_decref(ok);
	return 0;
}

static void allocation_failure_collects_retries_then_returns_null(void **state)
{
	if (UNDER_ASAN)
		skip(); /* ASan reserves terabytes of shadow: RLIMIT_AS cannot apply */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(failure_child());
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(live_and_peak_bytes_follow_allocations, reset_runtime),
	    cmocka_unit_test_setup(hooks_see_every_block_with_its_site, reset_runtime),
	    cmocka_unit_test_setup(allocation_failure_collects_retries_then_returns_null,
				   reset_runtime),
	};
	return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
