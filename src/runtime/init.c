/*
 * init.c - runtime initialisation (lazy, once) and the exit handler:
 * collector lists, the small-int cache, PGC_GC=0, the tracer and stats page
 * from the environment, and weakref.finalize's "call at exit".
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"

PGC__HIDDEN int pgc__initialized;

static void at_exit(void) { pgc__finalize_at_exit(); }

int pgc_init(void)
{
	if (pgc__initialized)
		return 0;
	pgc__initialized = 1;
	pgc__gc_init();
	pgc__int_init();
	const char *gc = getenv("PGC_GC");
	if (gc && strcmp(gc, "0") == 0)
		pgc_gc_disable();
	pgc__tracemalloc_init_from_env();
	pgc__statspage_init_from_env();
	/* atexit handlers run in reverse registration order: a stats-page
	 * handler registered above runs after the finalizers. */
	atexit(at_exit);
	return 0;
}
