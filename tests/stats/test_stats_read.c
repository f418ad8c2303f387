/*
 * test_stats_read.c - unit tests of the stats-page reader (stats_read.c) at
 * the edges of every validation rule, and of the verdicts and notes that
 * rest on the page (report_gc.c). The end-to-end cases, through a real
 * memfd and a real writer, are in the .bats files beside this one.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "launcher/report_gc.h"
#include "launcher/stats_read.h"
#include "paddock_stats.h"

static struct paddock_stats_page page;
static struct pd_gc_report gc;

static void make_valid(void)
{
	memset(&page, 0, sizeof(page));
	page.magic = PADDOCK_STATS_MAGIC;
	page.version = PADDOCK_STATS_VERSION;
	page.size = sizeof(page);
	page.pid = 1;
	page.flags = PADDOCK_STATS_F_GC_ENABLED;
	page.live_bytes = 10;
	page.peak_bytes = 20;
}

static void validate(void)
{
	memset(&gc, 0xa5, sizeof(gc)); /* stale contents must not survive */
	pd_stats_validate(&page, sizeof(page), &gc);
}

static void assert_rejected(const char *reason)
{
	validate();
	assert_false(gc.present);
	assert_non_null(strstr(gc.invalid, reason));
	assert_int_equal(gc.live_objects, 0);
}

static void test_all_zero_page_is_absent_not_invalid(void **state)
{
	memset(&page, 0, sizeof(page));
	validate();
	assert_false(gc.present);
	assert_string_equal(gc.invalid, "");
}

static void test_valid_page_is_copied(void **state)
{
	make_valid();
	page.pid = 4194304; /* PID_MAX_LIMIT itself is a pid */
	page.live_objects = 5;
	page.gen[0].count = (uint64_t)-7;
	page.gen[2].collections = 3;
	page.pause_total_ns = 9;
	page.pause_max_ns = 9;
	page.alloc_failures = 2;
	page.failed_size = UINT64_MAX; /* any size can fail */
	page.flags |= PADDOCK_STATS_F_STACK_OVERFLOW | PADDOCK_STATS_F_EXITED;
	validate();
	assert_true(gc.present);
	assert_string_equal(gc.invalid, "");
	assert_int_equal(gc.writer_pid, 4194304);
	assert_int_equal(gc.live_objects, 5);
	assert_int_equal(gc.gen[0].count, -7);
	assert_int_equal(gc.gen[2].collections, 3);
	assert_true(gc.enabled);
	assert_false(gc.tracing);
	assert_true(gc.stack_overflow);
	assert_true(gc.exited);
	assert_true(gc.failed_size == UINT64_MAX);
	assert_int_equal(gc.nsites, 0);
}

static void test_header_rules(void **state)
{
	make_valid();
	page.magic ^= 1;
	assert_rejected("bad magic");
	make_valid();
	page.version = 2;
	assert_rejected("unsupported version 2");
	make_valid();
	page.size = sizeof(page) - 8;
	assert_rejected("does not match version 1");
	make_valid();
	page.pid = 0;
	assert_rejected("implausible writer pid 0");
	make_valid();
	page.pid = 4194305;
	assert_rejected("implausible writer pid 4194305");
	make_valid();
	page.flags = 1u << 4;
	assert_rejected("unknown flags 0x10");
	/* magic unset but other bytes written: not "absent" */
	make_valid();
	page.magic = 0;
	assert_rejected("bad magic 0x0000000000000000");
}

static void test_counter_bounds(void **state)
{
	const uint64_t max_ok = (UINT64_C(1) << 56) - 1;

	make_valid();
	page.live_objects = max_ok;
	page.peak_bytes = max_ok;
	page.live_bytes = max_ok;
	page.gen[1].collected = max_ok;
	page.gen[0].count = (uint64_t) - (int64_t)max_ok;
	validate();
	assert_true(gc.present);

	make_valid();
	page.live_objects = max_ok + 1;
	assert_rejected("live_objects is implausible");
	make_valid();
	page.gen[1].uncollectable = max_ok + 1;
	assert_rejected("generation uncollectable is implausible");
	make_valid();
	page.gen[0].count = (uint64_t) - (int64_t)(max_ok + 1);
	assert_rejected("generation 0 count is implausible");
	make_valid();
	page.alloc_failures = UINT64_MAX;
	assert_rejected("alloc_failures is implausible");
}

static void test_relations(void **state)
{
	make_valid();
	page.live_bytes = 21;
	assert_rejected("live_bytes 21 exceeds peak_bytes 20");
	make_valid();
	page.pause_max_ns = 2;
	page.pause_total_ns = 1;
	assert_rejected("pause_max_ns 2 exceeds pause_total_ns 1");
}

static void test_sites_bounds_and_strings(void **state)
{
	make_valid();
	page.nsites = PADDOCK_STATS_NSITES;
	for (unsigned i = 0; i < PADDOCK_STATS_NSITES; i++) {
		/* the longest name that still has its NUL inside the field */
		memset(page.sites[i].file, 'a', PADDOCK_STATS_FILELEN - 1);
		page.sites[i].line = i;
	}
	validate();
	assert_true(gc.present);
	assert_int_equal(gc.nsites, PADDOCK_STATS_NSITES);
	assert_int_equal(strlen(gc.sites[7].file), PADDOCK_STATS_FILELEN - 1);

	page.nsites = PADDOCK_STATS_NSITES + 1;
	assert_rejected("nsites 9 exceeds 8");

	page.nsites = 2;
	memset(page.sites[1].file, 'b', PADDOCK_STATS_FILELEN); /* no NUL */
	assert_rejected("site 1: file name is not NUL-terminated");

	/* entries past nsites are never read */
	page.nsites = 1;
	validate();
	assert_true(gc.present);
	assert_int_equal(gc.nsites, 1);
}

static void test_file_names_are_sanitised(void **state)
{
	make_valid();
	page.nsites = 2;
	static const char name[] = "a\tb\n\x1b[31m\xc3\xa9\x7f\"\\.c";
	memcpy(page.sites[0].file, name, sizeof(name));
	validate();
	assert_true(gc.present);
	assert_string_equal(gc.sites[0].file, "a?b??[31m???\"\\.c");
	assert_string_equal(gc.sites[1].file, "?"); /* empty */
}

static void test_short_copy_is_rejected(void **state)
{
	make_valid();
	memset(&gc, 0, sizeof(gc));
	pd_stats_validate(&page, sizeof(page) - 1, &gc);
	assert_false(gc.present);
	assert_non_null(strstr(gc.invalid, "short page"));
}

static void test_read_from_a_real_page(void **state)
{
	int fd = pd_stats_create();
	assert_true(fd >= 3);
	/* sealed: neither shrinkable nor growable */
	assert_int_equal(ftruncate(fd, 0), -1);
	assert_int_equal(ftruncate(fd, 8192), -1);

	pd_stats_read(fd, &gc);
	assert_false(gc.present);
	assert_string_equal(gc.invalid, "");

	make_valid();
	page.seq = 5; /* odd: the writer died mid-update */
	assert_int_equal(pwrite(fd, &page, sizeof(page), 0), (ssize_t)sizeof(page));
	pd_stats_read(fd, &gc);
	assert_true(gc.present);
	assert_true(gc.torn);

	page.seq = 6;
	assert_int_equal(pwrite(fd, &page, sizeof(page), 0), (ssize_t)sizeof(page));
	pd_stats_read(fd, &gc);
	assert_true(gc.present);
	assert_false(gc.torn);
	close(fd);

	pd_stats_read(-1, &gc);
	assert_false(gc.present);
}

static void test_envp_replaces_inherited_values(void **state)
{
	char *const env[] = {"A=1", "PADDOCK_STATS_FD=99", "PGC_TRACEMALLOC=7",
			     "PADDOCK_STATS_FDX=keep", NULL};
	char **out = pd_stats_envp_or_die(env, 12, 0);
	assert_string_equal(out[0], "A=1");
	assert_string_equal(out[1], "PGC_TRACEMALLOC=7");
	assert_string_equal(out[2], "PADDOCK_STATS_FDX=keep");
	assert_string_equal(out[3], "PADDOCK_STATS_FD=12");
	assert_null(out[4]);
	free(out);

	out = pd_stats_envp_or_die(env, 12, 3);
	assert_string_equal(out[1], "PADDOCK_STATS_FDX=keep");
	assert_string_equal(out[2], "PADDOCK_STATS_FD=12");
	assert_string_equal(out[3], "PGC_TRACEMALLOC=3");
	assert_null(out[4]);
	free(out);
}

/* A finished result as the launcher's own verdict logic leaves it. */
static struct pd_result res;

static void make_result(enum pd_verdict v, int exited, int code_or_signal)
{
	memset(&res, 0, sizeof(res));
	res.verdict = v;
	res.exited = exited;
	if (exited)
		res.exit_code = code_or_signal;
	else
		res.signal = code_or_signal;
	make_valid();
	validate();
	res.gc = gc;
}

static void set_limit(enum pd_rl which, rlim_t v)
{
	res.limits.rl[which].set = 1;
	res.limits.rl[which].soft = res.limits.rl[which].hard = v;
}

static void test_memory_limit_needs_failure_limit_and_failed_command(void **state)
{
	make_result(PD_V_EXIT_NONZERO, 1, 1);
	res.gc.alloc_failures = 1;
	res.gc.failed_size = 4096;
	set_limit(PD_RL_AS, 256u << 20);
	strcpy(res.note, "peak address space 255 MiB was within 5% of LimitAS=256M");
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_MEMORY_LIMIT);
	assert_string_equal(res.note, "libpgc recorded 1 failed allocation, last of 4096 bytes, "
				      "with LimitAS=256M; peak address space 255 MiB was within "
				      "5% of LimitAS=256M");

	/* no limit: never guessed */
	make_result(PD_V_EXIT_NONZERO, 1, 1);
	res.gc.alloc_failures = 3;
	set_limit(PD_RL_AS, RLIM_INFINITY);
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_EXIT_NONZERO);
	assert_string_equal(res.note, "");

	/* LimitDATA= counts too */
	make_result(PD_V_SIGNALED, 0, SIGSEGV);
	res.gc.alloc_failures = 2;
	set_limit(PD_RL_DATA, 3u << 30);
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_MEMORY_LIMIT);
	assert_non_null(strstr(res.note, "2 failed allocations"));
	assert_non_null(strstr(res.note, "with LimitDATA=3G"));

	/* a command that recovered and succeeded stays ok; a paddock kill
	 * keeps its own verdict */
	make_result(PD_V_OK, 1, 0);
	res.gc.alloc_failures = 1;
	set_limit(PD_RL_AS, 1u << 20);
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_OK);
	make_result(PD_V_WALL_TIMEOUT, 0, SIGKILL);
	res.gc.alloc_failures = 1;
	set_limit(PD_RL_AS, 1u << 20);
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_WALL_TIMEOUT);

	/* a rejected page decides nothing */
	make_result(PD_V_EXIT_NONZERO, 1, 1);
	res.gc.present = 0;
	res.gc.alloc_failures = 1;
	set_limit(PD_RL_AS, 1u << 20);
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_EXIT_NONZERO);
}

static void test_stack_limit_needs_overflow_and_sigsegv(void **state)
{
	make_result(PD_V_SIGNALED, 0, SIGSEGV);
	res.gc.stack_overflow = 1;
	set_limit(PD_RL_STACK, 1u << 20);
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_STACK_LIMIT);
	assert_string_equal(res.note, "libpgc recorded a stack overflow (SIGSEGV on the guard "
				      "page) with LimitSTACK=1M");

	make_result(PD_V_SIGNALED, 0, SIGABRT);
	res.gc.stack_overflow = 1;
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_SIGNALED);

	make_result(PD_V_EXIT_NONZERO, 1, 139);
	res.gc.stack_overflow = 1;
	pd_gc_verdict(&res);
	assert_int_equal(res.verdict, PD_V_EXIT_NONZERO);
}

static void test_long_note_keeps_the_evidence(void **state)
{
	make_result(PD_V_EXIT_NONZERO, 1, 1);
	res.gc.alloc_failures = 1;
	set_limit(PD_RL_AS, 1u << 20);
	memset(res.note, 'x', sizeof(res.note) - 1);
	pd_gc_verdict(&res);
	assert_int_equal(strlen(res.note), sizeof(res.note) - 1);
	assert_memory_equal(res.note, "libpgc recorded 1 failed allocation", 35);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_all_zero_page_is_absent_not_invalid),
	    cmocka_unit_test(test_valid_page_is_copied),
	    cmocka_unit_test(test_header_rules),
	    cmocka_unit_test(test_counter_bounds),
	    cmocka_unit_test(test_relations),
	    cmocka_unit_test(test_sites_bounds_and_strings),
	    cmocka_unit_test(test_file_names_are_sanitised),
	    cmocka_unit_test(test_short_copy_is_rejected),
	    cmocka_unit_test(test_read_from_a_real_page),
	    cmocka_unit_test(test_envp_replaces_inherited_values),
	    cmocka_unit_test(test_memory_limit_needs_failure_limit_and_failed_command),
	    cmocka_unit_test(test_stack_limit_needs_overflow_and_sigsegv),
	    cmocka_unit_test(test_long_note_keeps_the_evidence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
