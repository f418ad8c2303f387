/*
 * crash - aborts with live objects on the heap. The kernel writes a core
 * file (core_pattern `core`: into the working directory) only when
 * LimitCORE= allows it; the report names the signal and, when a core
 * appeared, its path and size. The stats page survives the crash: it
 * shows the heap as last published (every 1024 allocations), since an
 * abort runs no exit handler.
 *
 *   paddock run -p LimitCORE=infinity build/workloads/crash
 */
#include <stdlib.h>

#include "pgc.h"

int main(void)
{
	pgc_object *keep = pgc_list_new();
	for (int i = 0; keep && i < 10000; i++) {
		pgc_object *s = pgc_int(100000 + i);
		pgc_list_append(keep, s);
		pgc_decref(s);
	}
	abort(); /* SIGABRT: the heap above is what a debugger would find in the core */
}
