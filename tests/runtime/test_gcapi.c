/*
 * test_gcapi.c - the pgc_gc_* functions (src/runtime/gcapi.c): counts,
 * stats, thresholds, debug output, get_objects, referrers and referents,
 * tracking, freeze/unfreeze, callbacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testtypes.h"

static int list_has(pgc_object *l, pgc_object *o)
{
	for (size_t i = 0; i < pgc_list_size(l); i++)
		if (pgc_list_get(l, i) == o)
			return 1;
	return 0;
}

static void thresholds_default_to_700_10_10_and_can_be_set(void **state)
{
	long t[3];
	pgc_gc_get_threshold(t);
	assert_int_equal(t[0], 700);
	assert_int_equal(t[1], 10);
	assert_int_equal(t[2], 10);
	assert_int_equal(pgc_gc_set_threshold(100, 5, 3), 0);
	pgc_gc_get_threshold(t);
	assert_int_equal(t[0], 100);
	assert_int_equal(t[2], 3);
	assert_int_equal(pgc_gc_set_threshold(-1, 5, 3), -1);
	assert_int_equal(pgc_error(), PGC_EINVAL);
}

static void counts_follow_allocations_and_deallocations(void **state)
{
	long c0[3], c1[3], c2[3];
	pgc_gc_get_count(c0);
	pgc_object *a = tnew(&tnode_type, 1), *b = tnew(&tnode_type, 2);
	pgc_gc_get_count(c1);
	assert_int_equal(c1[0] - c0[0], 2);
	pgc_decref(a);
	pgc_gc_get_count(c2);
	assert_int_equal(c2[0] - c0[0], 1);
	pgc_decref(b);
	/* Untracked types (int, str) do not count. */
	pgc_object *i = pgc_int(1 << 20);
	pgc_gc_get_count(c1);
	assert_int_equal(c1[0], c0[0]);
	pgc_decref(i);
}

static void stats_count_collections_collected_and_uncollectable_per_generation(void **state)
{
	struct pgc_gc_genstats s0[3], s1[3];
	pgc_gc_get_stats(s0);
	pgc_decref(ring_of(&tnode_type, 3, 0));
	assert_int_equal(pgc_gc_collect(1), 3);
	pgc_gc_get_stats(s1);
	assert_int_equal(s1[1].collections - s0[1].collections, 1);
	assert_int_equal(s1[1].collected - s0[1].collected, 3);
	assert_int_equal(s1[1].uncollectable, s0[1].uncollectable);
	assert_int_equal(s1[0].collections, s0[0].collections);
	assert_int_equal(s1[2].collections, s0[2].collections);
}

static void a_bad_generation_is_an_error(void **state)
{
	assert_int_equal(pgc_gc_collect(3), -1);
	assert_int_equal(pgc_error(), PGC_EINVAL);
	assert_null(pgc_gc_get_objects(7));
	assert_int_equal(pgc_gc_collect(-1), 0); /* -1 means the oldest */
}

static void debug_output_goes_to_the_chosen_stream_only_on_request(void **state)
{
	char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(f);
	pgc_gc_set_debug_stream(f);
	pgc_decref(ring_of(&tnode_type, 2, 0));
	pgc_gc_collect(2); /* debug off: nothing written */
	assert_int_equal(ftell(f), 0);
	pgc_gc_set_debug(PGC_DEBUG_STATS | PGC_DEBUG_COLLECTABLE);
	assert_int_equal(pgc_gc_get_debug(), PGC_DEBUG_STATS | PGC_DEBUG_COLLECTABLE);
	pgc_decref(ring_of(&tnode_type, 2, 0));
	pgc_gc_collect(2);
	pgc_gc_set_debug(0);
	pgc_gc_set_debug_stream(NULL);
	fclose(f);
	assert_non_null(strstr(buf, "gc: collecting generation 2..."));
	assert_non_null(strstr(buf, "gc: collectable <tnode 0x"));
	assert_non_null(strstr(buf, "gc: done, 2 unreachable, 0 uncollectable"));
	assert_int_equal(PGC_DEBUG_LEAK,
			 PGC_DEBUG_COLLECTABLE | PGC_DEBUG_UNCOLLECTABLE | PGC_DEBUG_SAVEALL);
}

static void uncollectable_objects_are_reported_in_debug_output(void **state)
{
	char buf[1024];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	pgc_gc_set_debug_stream(f);
	pgc_gc_set_debug(PGC_DEBUG_UNCOLLECTABLE);
	pgc_decref(ring_of(&tlegacy_type, 1, 0));
	assert_int_equal(pgc_gc_collect(2), 1);
	pgc_gc_set_debug(0);
	fclose(f);
	pgc_gc_set_debug_stream(NULL);
	assert_non_null(strstr(buf, "gc: uncollectable <tlegacy 0x"));
	pgc_object *g = pgc_gc_garbage();
	assert_int_equal(pgc_list_size(g), 1);
	pgc_object *o = pgc_list_get(g, 0);
	pgc_incref(o);
	pgc_list_clear(g);
	set_ref(o, 0, NULL); /* the program breaks the cycle */
	pgc_decref(o);
}

static void get_objects_lists_tracked_objects_by_generation(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1);
	pgc_object *i = pgc_int(99999);
	pgc_object *all = pgc_gc_get_objects(-1);
	assert_true(list_has(all, a));
	assert_false(list_has(all, i)); /* ints are not tracked */
	assert_false(list_has(all, all));
	pgc_decref(all);
	pgc_object *g2 = pgc_gc_get_objects(2);
	assert_false(list_has(g2, a));
	pgc_decref(g2);
	pgc_decref(a);
	pgc_decref(i);
}

static void referrers_and_referents_follow_traverse(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1), *b = tnew(&tnode_type, 2), *c = tnew(&tnode_type, 3);
	set_ref(a, 0, c);
	set_ref(b, 1, c);
	pgc_object *targets[] = {c};
	pgc_object *rr = pgc_gc_get_referrers(targets, 1);
	assert_int_equal(pgc_list_size(rr), 2);
	assert_true(list_has(rr, a));
	assert_true(list_has(rr, b));
	pgc_decref(rr);
	pgc_object *srcs[] = {a, b};
	pgc_object *re = pgc_gc_get_referents(srcs, 2);
	assert_int_equal(pgc_list_size(re), 2);
	assert_ptr_equal(pgc_list_get(re, 0), c);
	assert_ptr_equal(pgc_list_get(re, 1), c);
	pgc_decref(re);
	pgc_object *none[] = {c};
	re = pgc_gc_get_referents(none, 1);
	assert_int_equal(pgc_list_size(re), 0);
	pgc_decref(re);
	pgc_decref(a);
	pgc_decref(b);
	pgc_decref(c);
}

static void tracking_follows_the_type_flag(void **state)
{
	pgc_object *l = pgc_list_new(), *s = pgc_str("hello world!"), *i = pgc_int(1000);
	assert_true(pgc_gc_is_tracked(l));
	assert_false(pgc_gc_is_tracked(s));
	assert_false(pgc_gc_is_tracked(i));
	pgc_decref(l);
	pgc_decref(s);
	pgc_decref(i);
}

static void frozen_objects_are_never_scanned_and_invisible(void **state)
{
	pgc_object *keep = tnew(&tnode_type, 1);
	pgc_object *r = ring_of(&tnode_type, 2, 0);
	pgc_decref(r); /* garbage, but frozen before any collection */
	pgc_gc_freeze();
	assert_true(pgc_gc_get_freeze_count() >= 3);
	long c[3];
	pgc_gc_get_count(c);
	assert_int_equal(c[0], 0);
	assert_int_equal(pgc_gc_collect(2), 0);
	pgc_object *all = pgc_gc_get_objects(-1);
	assert_false(list_has(all, keep));
	pgc_decref(all);
	pgc_object *targets[] = {r};
	pgc_object *rr = pgc_gc_get_referrers(targets, 1);
	assert_int_equal(pgc_list_size(rr), 0);
	pgc_decref(rr);
	pgc_gc_unfreeze();
	assert_int_equal(pgc_gc_get_freeze_count(), 0);
	pgc_object *g2 = pgc_gc_get_objects(2);
	assert_true(list_has(g2, keep));
	pgc_decref(g2);
	assert_int_equal(pgc_gc_collect(2), 2);
	pgc_decref(keep);
}

struct cb_log {
	int starts, stops;
	int last_gen;
	size_t last_collected, last_uncollectable;
	char order[16];
};

static void log_cb(const char *phase, const struct pgc_gc_info *info, void *arg)
{
	struct cb_log *log = arg;
	size_t n = strlen(log->order);
	if (strcmp(phase, "start") == 0) {
		log->starts++;
		assert_int_equal(info->collected, 0);
		if (n < 15)
			log->order[n] = 's';
	} else {
		assert_string_equal(phase, "stop");
		log->stops++;
		log->last_collected = info->collected;
		log->last_uncollectable = info->uncollectable;
		if (n < 15)
			log->order[n] = 'p';
	}
	log->last_gen = info->generation;
}

static void callbacks_see_start_and_stop_with_the_result(void **state)
{
	struct cb_log log = {0};
	assert_int_equal(pgc_gc_callbacks_add(log_cb, &log), 0);
	pgc_decref(ring_of(&tnode_type, 4, 0));
	assert_int_equal(pgc_gc_collect(1), 4);
	assert_int_equal(log.starts, 1);
	assert_int_equal(log.stops, 1);
	assert_int_equal(log.last_gen, 1);
	assert_int_equal(log.last_collected, 4);
	assert_int_equal(log.last_uncollectable, 0);
	assert_string_equal(log.order, "sp");
	assert_int_equal(pgc_gc_callbacks_remove(log_cb, &log), 0);
	pgc_gc_collect(0);
	assert_int_equal(log.starts, 1);
	assert_int_equal(pgc_gc_callbacks_remove(log_cb, &log), -1);
	assert_int_equal(pgc_error(), PGC_EINVAL);
}

static const char *self_path; /* argv[0]: /proc/self/exe is valgrind's under valgrind */

/* Runs this binary again as `--report-isenabled` with PGC_GC set to
 * `value` (NULL: unset); returns the child's exit status. */
static int child_isenabled(const char *value)
{
	fflush(NULL); /* the child must not repeat buffered test output */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (value)
			setenv("PGC_GC", value, 1);
		else
			unsetenv("PGC_GC");
		execl(self_path, "test_gcapi", "--report-isenabled", (char *)NULL);
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void pgc_gc_0_in_the_environment_starts_with_the_collector_disabled(void **state)
{
	assert_int_equal(child_isenabled("0"), 0);
	assert_int_equal(child_isenabled("1"), 1);
	assert_int_equal(child_isenabled(NULL), 1);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--report-isenabled") == 0)
		return pgc_gc_isenabled(); /* 0: disabled, 1: enabled */
	self_path = argv[0];
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(thresholds_default_to_700_10_10_and_can_be_set, reset_runtime),
	    cmocka_unit_test_setup(counts_follow_allocations_and_deallocations, reset_runtime),
	    cmocka_unit_test_setup(
		stats_count_collections_collected_and_uncollectable_per_generation, reset_runtime),
	    cmocka_unit_test_setup(a_bad_generation_is_an_error, reset_runtime),
	    cmocka_unit_test_setup(debug_output_goes_to_the_chosen_stream_only_on_request,
				   reset_runtime),
	    cmocka_unit_test_setup(uncollectable_objects_are_reported_in_debug_output,
				   reset_runtime),
	    cmocka_unit_test_setup(get_objects_lists_tracked_objects_by_generation, reset_runtime),
	    cmocka_unit_test_setup(referrers_and_referents_follow_traverse, reset_runtime),
	    cmocka_unit_test_setup(tracking_follows_the_type_flag, reset_runtime),
	    cmocka_unit_test_setup(frozen_objects_are_never_scanned_and_invisible, reset_runtime),
	    cmocka_unit_test_setup(callbacks_see_start_and_stop_with_the_result, reset_runtime),
	    cmocka_unit_test_setup(pgc_gc_0_in_the_environment_starts_with_the_collector_disabled,
				   reset_runtime),
	};
	return cmocka_run_group_tests_name("gcapi", tests, NULL, NULL);
}
