/*
 * tracemalloc_impl.h - what the tracer's files share: the live tables of
 * tracemalloc.c (read by the snapshot code and the stats page) and the
 * snapshot representation (tracemalloc_snapshot.c, tracemalloc_dump.c).
 */
#ifndef PGC_TRACEMALLOC_IMPL_H
#define PGC_TRACEMALLOC_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "pgc_tracemalloc.h"
#include "runtime/internal.h"

/* An allocation site, interned by its (file, line, func) pointers. size and
 * count are the live totals of the traced blocks allocated there, kept
 * incrementally so the stats page can publish the top sites cheaply. */
struct pgc__tm_site {
	const char *file;
	const char *func;
	uint32_t line;
	uint32_t tb0; /* traceback with no return-address frames, or UINT32_MAX */
	uint64_t size;
	uint64_t count;
};

/* An interned traceback: the site plus nraw return addresses. */
struct pgc__tm_tb {
	uint32_t site;
	uint32_t nraw;
	uint64_t hash;
	uintptr_t raw[];
};

/* An open-addressing table of uint32 indexes, used to intern sites and
 * tracebacks. UINT32_MAX marks an empty slot. */
struct pgc__tm_index {
	uint32_t *slot;
	size_t cap; /* power of two */
};

/* The interned sites and tracebacks (tracemalloc_intern.c). Invariants:
 * sites[0..nsites) and tbs[0..ntbs) are never reordered while tracing, so
 * their indexes stay valid in traces; tb_site[i] == tbs[i]->site. */
struct pgc__tm_interned {
	size_t memory; /* bytes the whole tracer holds (pgc__tm_alloc) */
	struct pgc__tm_site *sites;
	size_t nsites, site_cap;
	struct pgc__tm_index site_index;
	uint32_t last_site; /* one-entry cache for the common loop-allocates case */
	struct pgc__tm_tb **tbs;
	size_t ntbs, tb_cap;
	struct pgc__tm_index tb_index;
	uint32_t *tb_site; /* dense, for the free path */
	size_t tb_site_cap;
};
extern PGC__HIDDEN struct pgc__tm_interned pgc__tm_in;

/* malloc/free that count the tracer's own bytes in pgc__tm_in.memory. */
PGC__HIDDEN void *pgc__tm_alloc(size_t n);
PGC__HIDDEN void pgc__tm_free(void *p, size_t n);
/* The index of the site or traceback, interned on first use; UINT32_MAX on
 * ENOMEM. A site is keyed by its pointers, as the allocation macros pass
 * them; a traceback by its site and return addresses. */
PGC__HIDDEN uint32_t pgc__tm_site_intern(const char *file, unsigned line, const char *func);
PGC__HIDDEN uint32_t pgc__tm_tb_intern(uint32_t site, const uintptr_t *raw, uint32_t nraw);
/* Forgets every site and traceback (the memory counter keeps running). */
PGC__HIDDEN void pgc__tm_intern_reset(void);

/* Read-only views of the live tables, for take_snapshot and the stats page. */
size_t pgc__tm_nsites(void);
const struct pgc__tm_site *pgc__tm_site_at(size_t i);
size_t pgc__tm_ntbs(void);
const struct pgc__tm_tb *pgc__tm_tb_at(size_t i);
/* Calls fn for every live trace; stops early when fn returns non-zero. */
void pgc__tm_foreach_trace(int (*fn)(void *arg, uintptr_t ptr, uint64_t size, uint32_t tb),
			   void *arg);
size_t pgc__tm_ntraces(void);

/* A snapshot's strings, owned and deduplicated by content: v[i] is string
 * i (the index dump writes); slot is an open-addressing index into v. */
struct pgc__tm_strings {
	char **v;
	size_t n, cap;
	uint32_t *slot;
	size_t slot_cap;
};

struct pgc__snap_trace {
	uint64_t size;
	uint32_t tb;
};

struct pgc_tracemalloc_snapshot {
	int traceback_limit;
	int symbolised;
	size_t ntraces;
	struct pgc__snap_trace *traces;
	size_t ntbs;
	struct pgc_tracemalloc_traceback *tbs;
	struct pgc_tracemalloc_frame *frames; /* all tracebacks' frames */
	size_t nframes;
	struct pgc__tm_strings owned; /* strings this snapshot owns */
};

/* Allocate an empty snapshot with room for the given counts. NULL on ENOMEM. */
pgc_tracemalloc_snapshot *pgc__snap_new(size_t ntraces, size_t ntbs, size_t nframes);
/* The snapshot's own copy of str (deduplicated); NULL on ENOMEM. When
 * index is not NULL it receives the string's index in s->owned.v. */
const char *pgc__snap_strdup(pgc_tracemalloc_snapshot *s, const char *str, uint32_t *index);
/* Fill in filename/function of return-address frames (dladdr). -ENOMEM. */
int pgc__snap_symbolise(pgc_tracemalloc_snapshot *s);

/* One malloc'd block holding tb, its frames and their strings; freed by
 * free(). NULL on ENOMEM. */
struct pgc_tracemalloc_traceback *pgc__traceback_copy(const struct pgc_tracemalloc_traceback *tb);

#endif
