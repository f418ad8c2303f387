/*
 * internal.h - libpgc's private interface: the object header bits, the one
 * allocator, the tracer hooks, the live counters and the init sequence.
 * Nothing here is exported (-fvisibility=hidden). Design: docs/gc-design.md.
 */
#ifndef PGC_INTERNAL_H
#define PGC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "pgc.h"

#define PGC__HIDDEN	 __attribute__((visibility("hidden")))
#define PGC__LIKELY(x)	 __builtin_expect(!!(x), 1)
#define PGC__UNLIKELY(x) __builtin_expect(!!(x), 0)

/*
 * The 24-byte object header (struct pgc_object in pgc.h), field by field:
 *
 *   gc_next  tracked: the next object in its generation list (a circular,
 *            doubly linked list with a sentinel head). 0 means untracked.
 *            While queued for deferred deallocation: the next queued object.
 *   gc_prev  tracked, outside a collection: the previous object in the list.
 *            During a collection, for objects of the collected generations:
 *            gc_refs, the copy of the reference count that subtract_refs
 *            lowers (the CPython trick: the link is restored afterwards).
 *   refcnt   the reference count (32 bits; see pgc_getrefcount).
 *   tflags   bits 0-23: the type's index in the type table;
 *            bits 24-31: the PGC__F_* flags below.
 *
 * Flags:
 *   FINALIZED    the finalizer has run (PEP 442: never run it again).
 *   COLLECTING   the object belongs to the generations being collected and
 *                its gc_prev holds gc_refs. Cleared once proven reachable.
 *   UNREACHABLE  the object is on the collector's unreachable list.
 *   WEAKREFS     the weakref side table holds a list for this object.
 *   INTERNED     a str that is the canonical entry of the intern table.
 *   VARSIZE      a pgc_new_var object: its block size sits 16 bytes before it.
 *   GEN (2 bits) the generation of a tracked object: 0, 1, 2; 3 means
 *                permanent (frozen) or untracked. A collection of
 *                generation g treats exactly the objects with GEN <= g as
 *                its set (subtract_refs needs no separate marking pass).
 */
#define PGC__TYPE_MASK	   0x00ffffffu
#define PGC__F_FINALIZED   (1u << 24)
#define PGC__F_COLLECTING  (1u << 25)
#define PGC__F_UNREACHABLE (1u << 26)
#define PGC__F_WEAKREFS	   (1u << 27)
#define PGC__F_INTERNED	   (1u << 28)
#define PGC__F_VARSIZE	   (1u << 29)
#define PGC__GEN_SHIFT	   30
#define PGC__GEN_MASK	   (3u << PGC__GEN_SHIFT)
#define PGC__GEN_NONE	   (3u << PGC__GEN_SHIFT) /* untracked or permanent */

#define PGC__NGEN 3

/* ---------------------------------------------------------------- memory */

/*
 * The allocator used for EVERY runtime allocation (objects and buffers).
 * Keeps live/peak byte counts; calls pgc__hooks.on_alloc when set.
 * On failure it collects every generation once (unless a collection is
 * running) and retries; if that fails too it counts the failure, records
 * the size, calls pgc__hooks.on_alloc_failure, sets PGC_ENOMEM and returns
 * NULL. It never aborts. size 0 is treated as 1. The memory is not zeroed.
 * file/line/func name the allocation site (the tracer records them).
 */
PGC__HIDDEN void *pgc__alloc(size_t size, const char *file, int line, const char *func);
/* Like pgc__alloc, but the memory is zeroed. */
PGC__HIDDEN void *pgc__calloc(size_t size, const char *file, int line, const char *func);
/* Releases p (NULL is a no-op); size must be the size it was allocated with. */
PGC__HIDDEN void pgc__free(void *p, size_t size);
/*
 * Resizes p from old_size to new_size bytes, keeping the common prefix.
 * On failure returns NULL and p is untouched (still owned by the caller).
 * The tracer sees a free of p and an allocation of the result.
 */
PGC__HIDDEN void *pgc__realloc(void *p, size_t old_size, size_t new_size, const char *file,
			       int line, const char *func);

/*
 * The allocator's size classes (alloc.c): 16-byte steps up to 512 bytes,
 * each a freelist plus the uncarved rest of its newest 64 KiB chunk. Under
 * AddressSanitizer every block is its own malloc instead, so ASan sees each
 * object's lifetime (use-after-free, leaks).
 */
#if defined(__SANITIZE_ADDRESS__)
#define PGC__POOLS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PGC__POOLS 0
#endif
#endif
#ifndef PGC__POOLS
#define PGC__POOLS 1
#endif
#define PGC__GRAIN     16u
#define PGC__MAX_SMALL 512u
#define PGC__NCLASS    (PGC__MAX_SMALL / PGC__GRAIN)

struct pgc__freeblock {
	struct pgc__freeblock *next;
};
struct pgc__sizeclass {
	struct pgc__freeblock *free; /* freed blocks of this class */
	char *bump, *end;	     /* the uncarved rest of the newest chunk */
};
extern PGC__HIDDEN struct pgc__sizeclass pgc__classes[PGC__NCLASS];

#define PGC__ALLOC(size)  pgc__alloc((size), __FILE__, __LINE__, __func__)
#define PGC__CALLOC(size) pgc__calloc((size), __FILE__, __LINE__, __func__)

/*
 * Hooks for the tracer and the stats page. Each is called only when non-NULL
 * (one predictable branch when off). on_alloc/on_free see every block that
 * pgc__alloc/pgc__free hand out/take back. on_alloc_failure sees the size
 * of a failed allocation (after the retry). on_collect_end runs after every
 * collection, outside the collector's critical section. Hooks must not
 * allocate through pgc__alloc (the tracer uses its own malloc'd memory).
 */
struct pgc__hooks {
	void (*on_alloc)(void *p, size_t size, const char *file, int line, const char *func);
	void (*on_free)(void *p, size_t size);
	void (*on_alloc_failure)(size_t size);
	void (*on_collect_end)(void);
};
extern PGC__HIDDEN struct pgc__hooks pgc__hooks;

/* ---------------------------------------------------------------- counters */

struct pgc__gen_counters {
	int64_t count; /* CPython's gen count (never below 0) */
	uint64_t collections;
	uint64_t collected;
	uint64_t uncollectable;
};

/* Live counters, updated in place; read them through pgc__counters(). */
struct pgc__counters {
	uint64_t live_objects; /* every live pgc object, tracked or not */
	uint64_t live_bytes;   /* bytes handed out by pgc__alloc and not freed */
	uint64_t peak_bytes;   /* max of live_bytes (pgc__reset_peak lowers it) */
	struct pgc__gen_counters gen[PGC__NGEN];
	uint64_t pause_total_ns; /* wall time spent in collections */
	uint64_t pause_max_ns;	 /* the longest single collection */
	uint64_t alloc_failures; /* allocations that failed after the retry */
	uint64_t failed_size;	 /* size of the most recent failed allocation */
	int enabled;		 /* 1 when automatic collection is enabled */
};
extern PGC__HIDDEN struct pgc__counters pgc__stats;

static inline void pgc__count_alloc(size_t size)
{
	pgc__stats.live_bytes += size;
	if (pgc__stats.live_bytes > pgc__stats.peak_bytes)
		pgc__stats.peak_bytes = pgc__stats.live_bytes;
}

/* pgc__free's fast path, same contract (the allocation fast path is
 * object.c's new_fast, which also builds the header). */
static inline void pgc__free_inline(void *p, size_t size)
{
#if PGC__POOLS
	if (PGC__LIKELY(size - 1 < PGC__MAX_SMALL && !pgc__hooks.on_free)) {
		struct pgc__sizeclass *c = &pgc__classes[(size - 1) / PGC__GRAIN];
		struct pgc__freeblock *b = p;
		b->next = c->free;
		c->free = b;
		pgc__stats.live_bytes -= size;
		return;
	}
#endif
	pgc__free(p, size);
}

/* Read-only view of the live counters; never NULL, cannot fail. */
PGC__HIDDEN const struct pgc__counters *pgc__counters(void);

/* ---------------------------------------------------------------- init */

/*
 * pgc_init() (run lazily by every constructor) does, once: the type table,
 * the small-int cache, PGC_GC=0 (disables the collector), then
 * pgc__tracemalloc_init_from_env() and pgc__statspage_init_from_env(),
 * both implemented by the tracer/stats modules, then registers the atexit
 * handler (weakref.finalize "call at exit", final stats publish).
 */
PGC__HIDDEN void pgc__tracemalloc_init_from_env(void);
PGC__HIDDEN void pgc__statspage_init_from_env(void);

extern PGC__HIDDEN int pgc__initialized;
#define PGC__ENSURE_INIT()                                                                         \
	do {                                                                                       \
		if (PGC__UNLIKELY(!pgc__initialized))                                              \
			pgc_init();                                                                \
	} while (0)

/* ---------------------------------------------------------------- objects */

struct pgc__obj {
	uintptr_t gc_next;
	uintptr_t gc_prev;
	uint32_t refcnt;
	uint32_t tflags;
};
_Static_assert(sizeof(struct pgc__obj) == sizeof(pgc_object), "header layout");
_Static_assert(sizeof(pgc_object) <= 24, "per-object overhead must stay <= 24 bytes");

#define PGC__H(o) ((struct pgc__obj *)(o))

extern PGC__HIDDEN pgc_type **pgc__types; /* index -> type; 0 unused */

static inline pgc_type *pgc__type_of(const pgc_object *o)
{
	return pgc__types[((const struct pgc__obj *)o)->tflags & PGC__TYPE_MASK];
}
static inline int pgc__has_flag(const pgc_object *o, uint32_t f)
{
	return (((const struct pgc__obj *)o)->tflags & f) != 0;
}
static inline void pgc__set_flag(pgc_object *o, uint32_t f) { PGC__H(o)->tflags |= f; }
static inline void pgc__clear_flag(pgc_object *o, uint32_t f) { PGC__H(o)->tflags &= ~f; }
/* Size of the object's block (type size + variable part). */
PGC__HIDDEN size_t pgc__object_size(const pgc_object *o);
/* Variable-size user objects (pgc_new_var) carry their block size in a
 * 16-byte prefix, flagged by PGC__F_VARSIZE; str and tuple know their own. */
#define PGC__VAR_PREFIX 16u

/* A new object of built-in type t occupying `block` bytes (zeroed; header
 * at the start), tracked if t is. NULL with PGC_ENOMEM. */
PGC__HIDDEN pgc_object *pgc__new_sized(pgc_type *t, size_t block, const char *file, int line,
				       const char *func);
PGC__HIDDEN size_t pgc__str_block_size(const pgc_object *o);
PGC__HIDDEN size_t pgc__tuple_block_size(const pgc_object *o);

/* Registers t in the type table on first use; 0, or -1 with PGC_ENOMEM/EINVAL. */
PGC__HIDDEN int pgc__type_ready(pgc_type *t);

/* Sets the thread's (the runtime's) last error; returns -1 for convenience. */
PGC__HIDDEN int pgc__set_error(int err);

/* The collector's view (gc.c). */
PGC__HIDDEN void pgc__gc_track(pgc_object *o);
PGC__HIDDEN void pgc__gc_untrack(pgc_object *o);
PGC__HIDDEN void pgc__gc_maybe_collect(void);
PGC__HIDDEN int pgc__gc_is_collecting(void);
PGC__HIDDEN void pgc__gc_init(void);

/* Weak references (weakref.c): clears o's weakrefs and runs their callbacks. */
PGC__HIDDEN void pgc__weakref_clear_all(pgc_object *o);
/* Collector support. clear_for_gc clears every weakref to o (garbage) and
 * appends the ones whose callback must run (they have one and are not
 * garbage themselves) to *chain, each with a new reference, keeping each
 * object's newest-first order. run_callbacks runs and releases a chain and
 * returns how many ran. detach_garbage_ref clears a weakref that is itself
 * garbage so its callback can never run. */
struct pgc__wr_chain {
	pgc_object *head, *tail;
};
PGC__HIDDEN void pgc__weakref_clear_for_gc(pgc_object *o, struct pgc__wr_chain *chain);
PGC__HIDDEN size_t pgc__weakref_run_callbacks(struct pgc__wr_chain *chain);
PGC__HIDDEN void pgc__weakref_detach_garbage_ref(pgc_object *wr);
/* weakref.finalize: calls every alive finalizer with atexit set (newest first). */
PGC__HIDDEN void pgc__finalize_at_exit(void);

/* Built-in types, with fixed indices in the type table (object.c). */
#define PGC__STR_INDEX	 2u
#define PGC__TUPLE_INDEX 3u
extern PGC__HIDDEN pgc_type pgc__int_type, pgc__str_type, pgc__tuple_type, pgc__list_type,
    pgc__dict_type, pgc__weakref_type, pgc__proxy_type, pgc__finalize_type;

/* Builtins setup and introspection used across files. */
PGC__HIDDEN void pgc__int_init(void);
PGC__HIDDEN void pgc__intern_remove(pgc_object *s);
/* The proxy target: a new reference, or NULL with PGC_EREFERENCE. */
PGC__HIDDEN pgc_object *pgc__proxy_target(pgc_object *o);
PGC__HIDDEN int pgc__is_proxy(const pgc_object *o);

/*
 * Resolves o to built-in type t, forwarding through a proxy. Returns the
 * object to use, or NULL with PGC_ETYPE/PGC_EREFERENCE. *hold is NULL or a
 * reference (to a proxy's target) that the caller releases with pgc__release.
 */
static inline pgc_object *pgc__resolve(pgc_object *o, const pgc_type *t, pgc_object **hold)
{
	*hold = NULL;
	if (PGC__LIKELY(o && pgc__type_of(o) == t))
		return o;
	if (o && pgc__is_proxy(o)) {
		pgc_object *target = pgc__proxy_target(o);
		if (!target)
			return NULL;
		if (pgc__type_of(target) == t)
			return *hold = target;
		pgc_decref(target);
	}
	pgc__set_error(PGC_ETYPE);
	return NULL;
}
static inline void pgc__release(pgc_object *hold)
{
	if (hold)
		pgc_decref(hold);
}

/* The debug stream (gcapi.c): stderr unless pgc_gc_set_debug_stream chose one. */
PGC__HIDDEN void *pgc__debug_stream(void);

#endif
