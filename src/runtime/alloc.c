/*
 * alloc.c - the one allocator behind every libpgc allocation: size-class
 * freelists carved from 64 KiB chunks for small blocks, malloc for large
 * ones, live/peak byte counters, tracer hooks, and collect-and-retry on failure.
 */
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"

PGC__HIDDEN struct pgc__hooks pgc__hooks;
PGC__HIDDEN struct pgc__counters pgc__stats = {.enabled = 1};

/* A chunk is never returned to the system; freed blocks go to their class's
 * freelist. The chunk list keeps every chunk reachable for leak checkers. */
struct chunk {
	struct chunk *next;
};

#define CHUNK_SIZE (64u * 1024u)

#if PGC__POOLS
PGC__HIDDEN struct pgc__sizeclass pgc__classes[PGC__NCLASS];
static struct chunk *chunks;
#endif

const struct pgc__counters *pgc__counters(void) { return &pgc__stats; }

#if PGC__POOLS
/* Carves from a fresh chunk; NULL when malloc fails. */
static void *refill(struct pgc__sizeclass *c, size_t bsize)
{
	struct chunk *ch = malloc(CHUNK_SIZE);
	if (!ch)
		return NULL;
	ch->next = chunks;
	chunks = ch;
	/* The chunk link takes the first GRAIN bytes; blocks follow. */
	c->bump = (char *)ch + PGC__GRAIN;
	c->end = (char *)ch + CHUNK_SIZE;
	void *p = c->bump;
	c->bump += bsize;
	return p;
}
#endif

/* One attempt, no retry, no accounting. */
static void *raw_alloc(size_t size)
{
#if PGC__POOLS
	if (size <= PGC__MAX_SMALL) {
		size_t ci = (size - 1) / PGC__GRAIN;
		struct pgc__sizeclass *c = &pgc__classes[ci];
		struct pgc__freeblock *b = c->free;
		if (PGC__LIKELY(b != NULL)) {
			c->free = b->next;
			return b;
		}
		size_t bsize = (ci + 1) * PGC__GRAIN;
		if (PGC__LIKELY(c->bump && c->bump + bsize <= c->end)) {
			void *p = c->bump;
			c->bump += bsize;
			return p;
		}
		return refill(c, bsize);
	}
#endif
	return malloc(size);
}

static void raw_free(void *p, size_t size)
{
#if PGC__POOLS
	if (size <= PGC__MAX_SMALL) {
		struct pgc__sizeclass *c = &pgc__classes[(size - 1) / PGC__GRAIN];
		struct pgc__freeblock *b = p;
		b->next = c->free;
		c->free = b;
		return;
	}
#endif
	free(p);
}

/* The slow path: collect every generation once, retry, then give up. */
static void *alloc_after_failure(size_t size)
{
	void *p = NULL;
	/* A disabled collector (pgc_gc_disable, PGC_GC=0) stays off here too:
	 * "collector off" must let cyclic garbage exhaust LimitAS= (issue 7). */
	if (pgc__initialized && pgc__stats.enabled && !pgc__gc_is_collecting()) {
		pgc_gc_collect(2);
		p = raw_alloc(size);
	}
	if (!p) {
		pgc__stats.alloc_failures++;
		pgc__stats.failed_size = size;
		if (pgc__hooks.on_alloc_failure)
			pgc__hooks.on_alloc_failure(size);
		pgc__set_error(PGC_ENOMEM);
	}
	return p;
}

void *pgc__alloc(size_t size, const char *file, int line, const char *func)
{
	if (size == 0)
		size = 1;
	void *p = raw_alloc(size);
	if (PGC__UNLIKELY(!p)) {
		p = alloc_after_failure(size);
		if (!p)
			return NULL;
	}
	pgc__count_alloc(size);
	if (PGC__UNLIKELY(pgc__hooks.on_alloc != NULL))
		pgc__hooks.on_alloc(p, size, file, line, func);
	return p;
}

void *pgc__calloc(size_t size, const char *file, int line, const char *func)
{
	void *p = pgc__alloc(size, file, line, func);
	if (p)
		memset(p, 0, size ? size : 1);
	return p;
}

void pgc__free(void *p, size_t size)
{
	if (!p)
		return;
	if (size == 0)
		size = 1;
	if (PGC__UNLIKELY(pgc__hooks.on_free != NULL))
		pgc__hooks.on_free(p, size);
	pgc__stats.live_bytes -= size;
	raw_free(p, size);
}

void *pgc__realloc(void *p, size_t old_size, size_t new_size, const char *file, int line,
		   const char *func)
{
	void *q = pgc__alloc(new_size, file, line, func);
	if (!q)
		return NULL;
	if (p) {
		memcpy(q, p, old_size < new_size ? old_size : new_size);
		pgc__free(p, old_size);
	}
	return q;
}
