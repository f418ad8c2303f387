/*
 * statspage.h - how the stats-page writer (statspage.c), the stack-overflow
 * recorder (stackguard.c) and the tracer (tracemalloc.c) talk to each other.
 * The page layout itself is include/paddock_stats.h.
 */
#ifndef PGC_STATSPAGE_H
#define PGC_STATSPAGE_H

#include <stddef.h>

#include "paddock_stats.h"
#include "runtime/internal.h"

/* 1 while this process writes a mapped stats page. */
extern PGC__HIDDEN int pgc__statspage_mapped;

/* The allocation hook of the page alone: republishes every
 * PGC__STATSPAGE_EVERY allocations or PGC__STATSPAGE_BYTES bytes. The
 * tracer's own hook calls it when the page is mapped. */
#define PGC__STATSPAGE_EVERY 1024u
#define PGC__STATSPAGE_BYTES (1u << 20)
PGC__HIDDEN void pgc__statspage_on_alloc(void *p, size_t size, const char *file, int line,
					 const char *func);

/* Copies the live counters (and, when tracing, the top sites) to the page.
 * Allocates nothing, so it is safe when memory is exhausted. */
PGC__HIDDEN void pgc__statspage_publish(void);

/* Points pgc__hooks.on_alloc/on_free at the tracer's hooks, the page's, or
 * nothing, after either module changed state (tracemalloc.c). */
PGC__HIDDEN void pgc__tm_update_hooks(void);

/* Seqlock write brackets for the page (see paddock_stats.h). Both are
 * async-signal-safe. */
PGC__HIDDEN void pgc__statspage_write_begin(struct paddock_stats_page *page);
PGC__HIDDEN void pgc__statspage_write_end(struct paddock_stats_page *page);

/* Installs the SIGSEGV recorder (stackguard.c) for page; 0 or -errno. It
 * does nothing (returns 0) when the program already handles SIGSEGV. */
PGC__HIDDEN int pgc__stackguard_install(struct paddock_stats_page *page);
/* Removes the recorder if it is still ours (after fork in the child). */
PGC__HIDDEN void pgc__stackguard_remove(void);

#endif
