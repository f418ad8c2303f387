/*
 * test_statspage.c - the runtime's side of paddock's stats page: silence
 * without PADDOCK_STATS_FD, validation of the fd, the header, publishing on
 * collection, periodically on allocation, on allocation failure and at exit,
 * the top tracer sites, forked children, and the stack-overflow recorder.
 * The tests run in order in one process: the page stays mapped once mapped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paddock_stats.h"
#include "pgc.h"
#include "pgc_tracemalloc.h"
#include "runtime/internal.h"
#include "runtime/statspage.h"

/* A failed allocation must return NULL under AddressSanitizer too. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

static int page_fd = -1;
static void *volatile child_blocks[4]; /* reachable at a child's exit: not leaks */

static int new_page_fd(size_t size)
{
	int fd = memfd_create("test-stats", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	return fd;
}

static void set_env_fd(int fd)
{
	char v[16];
	snprintf(v, sizeof v, "%d", fd);
	setenv(PADDOCK_STATS_ENV, v, 1);
}

/* Reads the page as paddock does: pread into a copy, seq must be even. */
static struct paddock_stats_page read_page(int fd)
{
	struct paddock_stats_page p;
	assert_int_equal(pread(fd, &p, sizeof p, 0), sizeof p);
	assert_int_equal(p.seq % 2, 0);
	return p;
}

static void the_page_is_ignored_without_a_valid_fd(void **state)
{
	unsetenv(PADDOCK_STATS_ENV);
	pgc__statspage_init_from_env();
	assert_int_equal(pgc__statspage_mapped, 0);
	assert_null(pgc__hooks.on_alloc);
	assert_null(pgc__hooks.on_collect_end);
	assert_null(pgc__hooks.on_alloc_failure);

	int small = new_page_fd(PADDOCK_STATS_MAP_SIZE - 1);
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	char small_s[16], pipe_s[16];
	snprintf(small_s, sizeof small_s, "%d", small);
	snprintf(pipe_s, sizeof pipe_s, "%d", pipefd[0]);
	const char *bad[] = {"",   "abc",	  "-1",	  "+3",	   " 3",
			     "3x", "99999999999", "1000", small_s, pipe_s};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		setenv(PADDOCK_STATS_ENV, bad[i], 1);
		pgc__statspage_init_from_env();
		assert_int_equal(pgc__statspage_mapped, 0);
		assert_null(pgc__hooks.on_collect_end);
	}
	close(small);
	close(pipefd[0]);
	close(pipefd[1]);
}

static void init_writes_the_header_and_the_counters(void **state)
{
	page_fd = new_page_fd(PADDOCK_STATS_MAP_SIZE);
	set_env_fd(page_fd);
	pgc__statspage_init_from_env();
	assert_int_equal(pgc__statspage_mapped, 1);
	struct paddock_stats_page p = read_page(page_fd);
	assert_true(p.magic == PADDOCK_STATS_MAGIC);
	assert_int_equal(p.version, PADDOCK_STATS_VERSION);
	assert_int_equal(p.size, sizeof(struct paddock_stats_page));
	assert_int_equal(p.size, 1280);
	assert_int_equal(p.pid, getpid());
	assert_true(p.seq >= 4);
	assert_int_equal(p.live_bytes, pgc__counters()->live_bytes);
	assert_int_equal(!!(p.flags & PADDOCK_STATS_F_GC_ENABLED), !!pgc__counters()->enabled);
	assert_int_equal(p.flags & ~(uint32_t)PADDOCK_STATS_F_GC_ENABLED, 0);
}

static void allocations_republish_the_counters_periodically(void **state)
{
	enum { N = 2 * PGC__STATSPAGE_EVERY + 10 };
	static void *v[N];
	uint64_t seq0 = read_page(page_fd).seq;
	for (int i = 0; i < N; i++)
		v[i] = pgc__alloc(16, __FILE__, __LINE__, __func__);
	struct paddock_stats_page p = read_page(page_fd);
	assert_true(p.seq >= seq0 + 4); /* at least two publishes */
	assert_true(p.live_bytes + 16 * PGC__STATSPAGE_EVERY >= pgc__counters()->live_bytes);
	assert_true(p.live_bytes <= pgc__counters()->live_bytes);
	/* A big block publishes at once. */
	void *big = pgc__alloc(PGC__STATSPAGE_BYTES, __FILE__, __LINE__, __func__);
	assert_non_null(big);
	p = read_page(page_fd);
	assert_int_equal(p.live_bytes, pgc__counters()->live_bytes);
	assert_int_equal(p.peak_bytes, pgc__counters()->peak_bytes);
	pgc__free(big, PGC__STATSPAGE_BYTES);
	for (int i = 0; i < N; i++)
		pgc__free(v[i], 16);
}

static void a_collection_publishes_every_generation(void **state)
{
	assert_true(pgc_gc_collect(2) >= 0);
	struct paddock_stats_page p = read_page(page_fd);
	const struct pgc__counters *c = pgc__counters();
	assert_true(c->gen[2].collections >= 1);
	for (int g = 0; g < 3; g++) {
		assert_int_equal((int64_t)p.gen[g].count, c->gen[g].count);
		assert_int_equal(p.gen[g].collections, c->gen[g].collections);
		assert_int_equal(p.gen[g].collected, c->gen[g].collected);
		assert_int_equal(p.gen[g].uncollectable, c->gen[g].uncollectable);
	}
	assert_int_equal(p.live_objects, c->live_objects);
	assert_int_equal(p.live_bytes, c->live_bytes);
	assert_int_equal(p.pause_total_ns, c->pause_total_ns);
	assert_int_equal(p.pause_max_ns, c->pause_max_ns);
	assert_true(p.pause_max_ns <= p.pause_total_ns);
}

static void an_allocation_failure_is_recorded(void **state)
{
	size_t huge = SIZE_MAX / 4;
	assert_null(pgc__alloc(huge, __FILE__, __LINE__, __func__));
	struct paddock_stats_page p = read_page(page_fd);
	assert_true(p.alloc_failures >= 1);
	assert_int_equal(p.alloc_failures, pgc__counters()->alloc_failures);
	assert_int_equal(p.failed_size, huge);
}

static void tracing_publishes_the_top_sites(void **state)
{
	assert_int_equal(pgc_tracemalloc_start(1), 0);
	char longname[300];
	memset(longname, 'x', sizeof longname);
	memcpy(longname + sizeof longname - 8, "/tail.c", 8);
	void *big[10], *small[5], *other[12], *lng;
	for (int i = 0; i < 10; i++)
		big[i] = pgc__alloc(100, "big.c", 1, "f");
	for (int i = 0; i < 5; i++)
		small[i] = pgc__alloc(10, "small.c", 2, "f");
	for (int i = 0; i < 12; i++) /* 12 more sites: only the top 8 fit */
		other[i] = pgc__alloc(1 + i, "other.c", 100 + i, "f");
	lng = pgc__alloc(90, longname, 3, "f");
	pgc_gc_collect(0);
	struct paddock_stats_page p = read_page(page_fd);
	assert_true(p.flags & PADDOCK_STATS_F_TRACING);
	assert_int_equal(p.nsites, PADDOCK_STATS_NSITES);
	assert_string_equal(p.sites[0].file, "big.c");
	assert_int_equal(p.sites[0].line, 1);
	assert_int_equal(p.sites[0].size, 1000);
	assert_int_equal(p.sites[0].count, 10);
	assert_int_equal(p.sites[1].size, 90);
	assert_non_null(memchr(p.sites[1].file, 0, PADDOCK_STATS_FILELEN));
	assert_int_equal(strncmp(p.sites[1].file, "...", 3), 0);
	assert_string_equal(p.sites[1].file + strlen(p.sites[1].file) - 7, "/tail.c");
	assert_string_equal(p.sites[2].file, "small.c");
	assert_int_equal(p.sites[2].size, 50);
	for (uint32_t i = 1; i < p.nsites; i++)
		assert_true(p.sites[i - 1].size >= p.sites[i].size);
	/* Freed blocks leave the site totals. */
	for (int i = 0; i < 10; i++)
		pgc__free(big[i], 100);
	pgc_gc_collect(0);
	p = read_page(page_fd);
	assert_int_equal(p.sites[0].size, 90);
	pgc_tracemalloc_stop();
	pgc_gc_collect(0);
	p = read_page(page_fd);
	assert_int_equal(p.nsites, 0);
	assert_false(p.flags & PADDOCK_STATS_F_TRACING);
	for (int i = 0; i < 5; i++)
		pgc__free(small[i], 10);
	for (int i = 0; i < 12; i++)
		pgc__free(other[i], 1 + (size_t)i);
	pgc__free(lng, 90);
}

static int wait_child(pid_t pid)
{
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void a_forked_child_leaves_the_page_alone(void **state)
{
	struct paddock_stats_page before = read_page(page_fd);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (int i = 0; i < 4; i++)
			child_blocks[i] =
			    pgc__alloc(PGC__STATSPAGE_BYTES, __FILE__, __LINE__, __func__);
		pgc_gc_collect(2);
		exit(pgc__statspage_mapped ? 1 : 0);
	}
	int st = wait_child(pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct paddock_stats_page after = read_page(page_fd);
	assert_int_equal(after.seq, before.seq);
	assert_int_equal(after.pid, getpid());
}

static void exit_publishes_and_sets_the_exited_flag(void **state)
{
	int fd = new_page_fd(PADDOCK_STATS_MAP_SIZE);
	set_env_fd(fd);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pgc__statspage_init_from_env(); /* as a freshly exec'd program would */
		child_blocks[0] = pgc__alloc(4000, __FILE__, __LINE__, __func__);
		exit(child_blocks[0] && pgc__statspage_mapped ? 0 : 1);
	}
	int st = wait_child(pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct paddock_stats_page p = read_page(fd);
	assert_int_equal(p.pid, pid);
	assert_true(p.flags & PADDOCK_STATS_F_EXITED);
	assert_true(p.live_bytes >= pgc__counters()->live_bytes + 4000);
	close(fd);
	set_env_fd(page_fd);
}

static volatile int never = -1;

static __attribute__((noinline)) int recurse(int depth)
{
	volatile char frame[512];
	frame[0] = (char)depth;
	if (depth == never)
		return 0;
	return recurse(depth + 1) + frame[0];
}

/* Runs fn in a child with a fresh page, SIGSEGV at its default and a 1 MiB
 * stack; returns the child's wait status and the page in *out. */
static int run_child(void (*fn)(void), struct paddock_stats_page *out)
{
	int fd = new_page_fd(PADDOCK_STATS_MAP_SIZE);
	set_env_fd(fd);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL); /* cmocka's own handler is the harness's */
		struct rlimit core = {0, 0}, stack;
		setrlimit(RLIMIT_CORE, &core);
		getrlimit(RLIMIT_STACK, &stack);
		stack.rlim_cur = 1 << 20;
		setrlimit(RLIMIT_STACK, &stack);
		pgc__statspage_init_from_env();
		fn();
		_exit(pgc__statspage_mapped ? 0 : 2);
	}
	int st = wait_child(pid);
	*out = read_page(fd);
	close(fd);
	set_env_fd(page_fd);
	return st;
}

static void overflow_the_stack(void) { recurse(0); }

static volatile uintptr_t bad_address = 16;

static void dereference_a_bad_pointer(void) { *(volatile int *)bad_address = 1; }

static void a_stack_overflow_is_recorded_before_the_process_dies(void **state)
{
	struct paddock_stats_page p;
	int st = run_child(overflow_the_stack, &p);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSEGV);
	assert_true(p.flags & PADDOCK_STATS_F_STACK_OVERFLOW);
	assert_true(p.magic == PADDOCK_STATS_MAGIC);
}

static void another_segfault_is_not_a_stack_overflow(void **state)
{
	struct paddock_stats_page p;
	int st = run_child(dereference_a_bad_pointer, &p);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSEGV);
	assert_false(p.flags & PADDOCK_STATS_F_STACK_OVERFLOW);
	assert_true(p.magic == PADDOCK_STATS_MAGIC);
}

static void on_segv_mine(int sig) { _exit(42); }

static void a_program_segv_handler_is_never_replaced(void **state)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, on_segv_mine);
		pgc__statspage_init_from_env();
		struct sigaction sa;
		sigaction(SIGSEGV, NULL, &sa);
		if (!pgc__statspage_mapped || sa.sa_handler != on_segv_mine)
			_exit(1);
		/* A handler installed after init replaces the recorder. */
		signal(SIGSEGV, SIG_DFL);
		pgc__statspage_init_from_env();
		signal(SIGSEGV, on_segv_mine);
		raise(SIGSEGV);
		_exit(3);
	}
	int st = wait_child(pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 42);
}

int main(void)
{
	pgc_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_page_is_ignored_without_a_valid_fd),
	    cmocka_unit_test(init_writes_the_header_and_the_counters),
	    cmocka_unit_test(allocations_republish_the_counters_periodically),
	    cmocka_unit_test(a_collection_publishes_every_generation),
	    cmocka_unit_test(an_allocation_failure_is_recorded),
	    cmocka_unit_test(tracing_publishes_the_top_sites),
	    cmocka_unit_test(a_forked_child_leaves_the_page_alone),
	    cmocka_unit_test(exit_publishes_and_sets_the_exited_flag),
	    cmocka_unit_test(a_stack_overflow_is_recorded_before_the_process_dies),
	    cmocka_unit_test(another_segfault_is_not_a_stack_overflow),
	    cmocka_unit_test(a_program_segv_handler_is_never_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
