/*
 * test_finalize.c - weakref.finalize (src/runtime/finalize.c): called once
 * on death, by the collector, on demand; alive, peek, detach; and "call at
 * exit" newest first, checked in a child process that really exits.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testtypes.h"

static int calls;
static pgc_object *last_arg;

static void fin_fn(pgc_object *arg)
{
	calls++;
	last_arg = arg;
}

static int setup(void **state)
{
	calls = 0;
	last_arg = NULL;
	return reset_runtime(state);
}

static void it_runs_once_when_the_object_dies(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1), *arg = pgc_str("argument!");
	pgc_object *f = pgc_weakref_finalize(o, fin_fn, arg);
	assert_true(pgc_weakref_finalize_alive(f));
	assert_int_equal(pgc_weakref_finalize_get_atexit(f), 1);
	pgc_decref(o);
	assert_int_equal(calls, 1);
	assert_ptr_equal(last_arg, arg);
	assert_false(pgc_weakref_finalize_alive(f));
	assert_int_equal(pgc_weakref_finalize_call(f), 0);
	assert_int_equal(calls, 1);
	pgc_decref(f);
	assert_int_equal(pgc_getrefcount(arg), 2);
	pgc_decref(arg);
}

static void it_runs_when_the_collector_frees_a_cycle(void **state)
{
	pgc_object *r = ring_of(&tnode_type, 3, 0);
	pgc_object *f = pgc_weakref_finalize(r, fin_fn, NULL);
	pgc_decref(r);
	assert_int_equal(calls, 0);
	pgc_gc_collect(2);
	assert_int_equal(calls, 1);
	pgc_decref(f);
}

static void calling_it_runs_it_once_and_kills_it(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_object *f = pgc_weakref_finalize(o, fin_fn, NULL);
	assert_int_equal(pgc_weakref_finalize_call(f), 1);
	assert_int_equal(pgc_weakref_finalize_call(f), 0);
	assert_int_equal(calls, 1);
	pgc_decref(o);
	assert_int_equal(calls, 1);
	pgc_decref(f);
}

static void peek_and_detach_return_the_registration(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1), *arg = pgc_int(4242);
	pgc_object *f = pgc_weakref_finalize(o, fin_fn, arg);
	pgc_object *po = NULL, *parg = NULL;
	pgc_finalize_fn pfn = NULL;
	assert_int_equal(pgc_weakref_finalize_peek(f, &po, &pfn, &parg), 1);
	assert_ptr_equal(po, o);
	assert_ptr_equal(pfn, fin_fn);
	assert_ptr_equal(parg, arg);
	pgc_decref(po);
	pgc_decref(parg);
	assert_true(pgc_weakref_finalize_alive(f));
	assert_int_equal(pgc_weakref_finalize_detach(f, &po, &pfn, &parg), 1);
	pgc_decref(po);
	pgc_decref(parg);
	assert_false(pgc_weakref_finalize_alive(f));
	assert_int_equal(pgc_weakref_finalize_detach(f, &po, &pfn, &parg), 0);
	assert_int_equal(pgc_weakref_finalize_peek(f, &po, NULL, NULL), 0);
	pgc_decref(o);
	assert_int_equal(calls, 0);
	pgc_decref(f);
	pgc_decref(arg);
}

static void the_registry_keeps_it_alive_without_a_reference(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_decref(pgc_weakref_finalize(o, fin_fn, NULL));
	pgc_gc_collect(2);
	pgc_decref(o);
	assert_int_equal(calls, 1);
}

static int exit_fd;

static void write_arg(pgc_object *arg)
{
	const char *s = pgc_str_data(arg);
	(void)!write(exit_fd, s, strlen(s));
}

static void alive_finalizers_run_at_exit_newest_first(void **state)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL); /* the child must not repeat buffered test output */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		exit_fd = fds[1];
		static pgc_object *keep[4];
		const char *names[] = {"A", "B", "C", "D"};
		for (int i = 0; i < 4; i++) {
			keep[i] = tnew(&tnode_type, i);
			pgc_object *s = pgc_str(names[i]);
			pgc_object *f = pgc_weakref_finalize(keep[i], write_arg, s);
			if (i == 1)
				pgc_weakref_finalize_set_atexit(f, 0);
			pgc_decref(s);
			pgc_decref(f);
		}
		exit(0); /* keep[] stays alive: only the atexit path can run them */
	}
	close(fds[1]);
	char buf[16] = {0};
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(buf) - 1 && (r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)r;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status));
	assert_string_equal(buf, "DCA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(it_runs_once_when_the_object_dies, setup),
	    cmocka_unit_test_setup(it_runs_when_the_collector_frees_a_cycle, setup),
	    cmocka_unit_test_setup(calling_it_runs_it_once_and_kills_it, setup),
	    cmocka_unit_test_setup(peek_and_detach_return_the_registration, setup),
	    cmocka_unit_test_setup(the_registry_keeps_it_alive_without_a_reference, setup),
	    cmocka_unit_test_setup(alive_finalizers_run_at_exit_newest_first, setup),
	};
	return cmocka_run_group_tests_name("finalize", tests, NULL, NULL);
}
