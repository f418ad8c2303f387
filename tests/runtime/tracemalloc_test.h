/*
 * tracemalloc_test.h - allocation helpers shared by the tracer's tests
 * (test_tracemalloc.c, test_tracemalloc_dump.c): blocks at a chosen site,
 * and a two-frame call path to one site.
 */
#ifndef PGC_TRACEMALLOC_TEST_H
#define PGC_TRACEMALLOC_TEST_H

#include "runtime/internal.h"

/* Loop bounds the compiler cannot see, so calls are not unrolled into
 * several call sites (each with its own return address). */
static volatile int three __attribute__((unused)) = 3, two __attribute__((unused)) = 2;

/* Allocates n blocks of size bytes at file:line; returns them in out. */
static __attribute__((noinline)) void alloc_at(void **out, int n, size_t size, const char *file,
					       int line)
{
	for (volatile int i = 0; i < n; i++) {
		out[i] = pgc__alloc(size, file, line, "alloc_at");
		assert_non_null(out[i]);
	}
}

static void free_all(void **v, int n, size_t size)
{
	for (int i = 0; i < n; i++)
		pgc__free(v[i], size);
}

/* Two call paths to one site: distinct tracebacks, one line. */
static __attribute__((noinline)) void *leaf(void)
{
	void *p = pgc__alloc(24, "leaf.c", 7, "leaf");
	__asm__ volatile("" ::: "memory"); /* keep the call a call, not a tail call */
	return p;
}

static __attribute__((noinline)) void *path_one(void)
{
	void *p = leaf();
	__asm__ volatile("" ::: "memory");
	return p;
}

#endif
