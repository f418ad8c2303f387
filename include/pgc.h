/*
 * pgc.h - libpgc, CPython's memory model for C programs: reference counting,
 * PEP 442 finalizers, a three-generation cycle collector with the gc API,
 * weak references, interning and built-in containers.
 *
 * Threading: ONE runtime per process, used from ONE thread at a time (as
 * with CPython's GIL). Calls from several threads need the caller's lock.
 *
 * Lifecycle of an object:
 *   1. define a pgc_type (name, size, traverse, clear, optional finalize,
 *      eq, hash, flags) with static storage;
 *   2. o = pgc_new(&type): a zeroed object, reference count 1, tracked by
 *      the collector when the type has PGC_TF_GC;
 *   3. pgc_incref / pgc_decref; at count 0 the runtime runs, in order:
 *      finalize (once), clears weak references (+callbacks), calls clear
 *      (which releases the references) and frees the memory;
 *   4. unreachable cycles are freed by the collector (pgc_gc_collect, or
 *      automatically as allocations accumulate).
 *
 * Ownership: every function returning pgc_object * returns a NEW reference
 * unless its comment says "borrowed". Arguments are borrowed: a function
 * that stores an argument takes its own reference.
 * Errors: functions return NULL or -1 and set pgc_error(); the runtime
 * never prints (except gc debug output on request) and never exits.
 * Python-to-C name map: docs/runtime.md. Algorithm: docs/gc-design.md.
 */
#ifndef PGC_H
#define PGC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PGC_API __attribute__((visibility("default")))

/* The object header: embed it as the FIRST member of every object struct.
 * Its 24 bytes are private to the runtime. */
typedef struct pgc_object {
	uintptr_t pgc_private_[2];
	uint32_t pgc_private_refcnt_;
	uint32_t pgc_private_tflags_;
} pgc_object;

/* traverse's callback: call it on every owned, non-NULL strong reference and
 * return its result at once when it is non-zero. */
typedef int (*pgc_visitfn)(pgc_object *o, void *arg);

/* Type flags. */
#define PGC_TF_GC (1u << 0) /* tracked by the cycle collector */
#define PGC_TF_LEGACY_FINALIZER                                                                    \
	(1u << 1)		     /* finalize is tp_del-like: cycles holding                    \
					such an object are uncollectable and                       \
					land in pgc_gc_garbage() */
#define PGC_TF_WEAKREFABLE (1u << 2) /* weak references to it are allowed */

typedef struct pgc_type {
	const char *name; /* for debug output */
	size_t size;	  /* sizeof the object struct, >= sizeof(pgc_object) */
	unsigned flags;	  /* PGC_TF_* */
	/* Visit every owned strong reference (required with PGC_TF_GC). */
	int (*traverse)(pgc_object *self, pgc_visitfn visit, void *arg);
	/* Drop every owned reference (set the field to NULL, then decref) and
	 * release owned buffers. Must leave the object valid: a later traverse
	 * or clear sees nothing. Called at deallocation and to break cycles. */
	void (*clear)(pgc_object *self);
	/* Optional. PEP 442: runs at most once per object, before any clear of
	 * its cycle; may resurrect the object by storing a reference to it. */
	void (*finalize)(pgc_object *self);
	/* Optional: 1 equal, 0 not, -1 error. Called only for two objects of
	 * this type. */
	int (*eq)(pgc_object *a, pgc_object *b);
	/* Optional: 0 and *out, or -1 error. Without hash: identity hash, unless
	 * eq is set (then unhashable, as in Python). */
	int (*hash)(pgc_object *self, uint64_t *out);
	uint32_t pgc_private_index_; /* assigned by the runtime; leave 0 */
} pgc_type;

/* ------------------------------------------------------------------ errors */

enum pgc_error {
	PGC_OK = 0,
	PGC_ENOMEM,	 /* allocation failed even after a full collection */
	PGC_ETYPE,	 /* wrong object type (Python's TypeError) */
	PGC_EREFERENCE,	 /* proxy to a dead object (Python's ReferenceError) */
	PGC_EUNHASHABLE, /* object has no hash (TypeError: unhashable type) */
	PGC_EINDEX,	 /* index out of range (IndexError) */
	PGC_EKEY,	 /* key not present (KeyError) */
	PGC_EINVAL,	 /* invalid argument (ValueError) */
	PGC_EWEAKREF,	 /* type does not allow weak references (TypeError) */
};

/* The last error set by a failing call; cannot fail. */
PGC_API int pgc_error(void);
/* Resets the last error to PGC_OK; cannot fail. */
PGC_API void pgc_clear_error(void);
/* Static English text for an error code; cannot fail. */
PGC_API const char *pgc_strerror(int err);

/* ------------------------------------------------------------------ runtime */

/* Initialises the runtime; idempotent and called lazily by every
 * constructor. Honours PGC_GC=0 (collector disabled), PGC_TRACEMALLOC=N and
 * PADDOCK_STATS_FD. Returns 0 (initialisation cannot fail: the small-int
 * cache is static). */
PGC_API int pgc_init(void);

/* ------------------------------------------------------------------ objects */

/* New zeroed object of type t (plus `extra` zeroed bytes after t->size for
 * pgc_new_var) with reference count 1, tracked if t has PGC_TF_GC. NULL with
 * PGC_ENOMEM, or PGC_EINVAL if t is malformed (size too small, PGC_TF_GC
 * without traverse/clear). May run a collection first. */
PGC_API pgc_object *pgc_new_at(pgc_type *t, size_t extra, const char *file, int line,
			       const char *func);
#define pgc_new(t)	      pgc_new_at((t), 0, __FILE__, __LINE__, __func__)
#define pgc_new_var(t, extra) pgc_new_at((t), (extra), __FILE__, __LINE__, __func__)

/* Tears down an object whose reference count just reached 0. Only
 * pgc_decref calls it; never call it yourself. */
PGC_API void pgc_dealloc(pgc_object *o);

/* Adds a reference; o may be NULL (no-op). Cannot fail. Inline, like
 * CPython's Py_INCREF: reference counting is the hottest path there is. */
static inline void pgc_incref(pgc_object *o)
{
	if (o)
		o->pgc_private_refcnt_++;
}

/* Drops a reference; at 0 the object is torn down (see the lifecycle).
 * o may be NULL. Deep chains are freed iteratively (no C-stack growth). */
static inline void pgc_decref(pgc_object *o)
{
	if (o && --o->pgc_private_refcnt_ == 0)
		pgc_dealloc(o);
}

/* Borrowed: the object's type. */
PGC_API const pgc_type *pgc_type_of(const pgc_object *o);
/* 1 if a and b are the same object (Python's `is`). */
PGC_API int pgc_is(const pgc_object *a, const pgc_object *b);
/* Python's ==: 1 equal, 0 not, -1 error. Identity implies equality; objects
 * of different types are unequal (except through a proxy, which forwards). */
PGC_API int pgc_eq(pgc_object *a, pgc_object *b);
/* Python's hash(): 0 and *out, or -1 (PGC_EUNHASHABLE; proxies are
 * unhashable as in Python; a dead weakref never hashed gives PGC_ETYPE). */
PGC_API int pgc_hash(pgc_object *o, uint64_t *out);
/* Python's id(): the object's address as an integer, unique among live objects. */
PGC_API uintptr_t pgc_id(const pgc_object *o);
/* sys.getrefcount(): the reference count PLUS ONE, because Python's count
 * includes the reference held by the call's own argument. An object created
 * by pgc_new and held only by the caller gives 2. */
PGC_API size_t pgc_getrefcount(const pgc_object *o);

/* ------------------------------------------------------------------ built-ins */

/* int: values -5..256 come from a preallocated cache (same object). */
PGC_API pgc_object *pgc_int(long long v);
/* 1 if o is an int. */
PGC_API int pgc_int_check(const pgc_object *o);
/* The value; 0 with PGC_ETYPE if o is not an int. */
PGC_API long long pgc_int_value(pgc_object *o);

/* str: immutable bytes (any content, NUL allowed with pgc_str_n) with a
 * cached hash. Strings of only ASCII letters, digits and '_' (length >= 1)
 * are interned on creation: equal ones are the same object. */
PGC_API pgc_object *pgc_str_at(const char *s, size_t len, const char *file, int line,
			       const char *func);
#define pgc_str(s)	  pgc_str_at((s), __builtin_strlen(s), __FILE__, __LINE__, __func__)
#define pgc_str_n(s, len) pgc_str_at((s), (len), __FILE__, __LINE__, __func__)
PGC_API int pgc_str_check(const pgc_object *o);
/* Borrowed NUL-terminated bytes; NULL with PGC_ETYPE. */
PGC_API const char *pgc_str_data(pgc_object *o);
/* Length in bytes; 0 with PGC_ETYPE. */
PGC_API size_t pgc_str_len(pgc_object *o);
/* sys.intern(): the canonical str equal to s (s itself when s becomes the
 * canonical one). The intern table does not own its entries. NULL with
 * PGC_ETYPE/PGC_ENOMEM. */
PGC_API pgc_object *pgc_intern(pgc_object *s);
/* 1 if s is the canonical interned string for its value. */
PGC_API int pgc_is_interned(const pgc_object *s);

/* tuple: immutable; the empty tuple is a singleton. items may be NULL when
 * n == 0; the tuple takes a reference to each item (no NULL items). */
PGC_API pgc_object *pgc_tuple_at(size_t n, pgc_object *const *items, const char *file, int line,
				 const char *func);
#define pgc_tuple(n, items) pgc_tuple_at((n), (items), __FILE__, __LINE__, __func__)
PGC_API int pgc_tuple_check(const pgc_object *o);
/* Number of items; 0 with PGC_ETYPE. */
PGC_API size_t pgc_tuple_size(pgc_object *t);
/* Borrowed item i; NULL with PGC_EINDEX/PGC_ETYPE. */
PGC_API pgc_object *pgc_tuple_get(pgc_object *t, size_t i);

/* list: a growable array of references. */
PGC_API pgc_object *pgc_list_at(const char *file, int line, const char *func);
#define pgc_list_new() pgc_list_at(__FILE__, __LINE__, __func__)
PGC_API int pgc_list_check(const pgc_object *o);
/* Appends item (takes a reference). 0, or -1 (PGC_ENOMEM, PGC_ETYPE). */
PGC_API int pgc_list_append(pgc_object *l, pgc_object *item);
PGC_API size_t pgc_list_size(pgc_object *l);
/* Borrowed item i; NULL with PGC_EINDEX/PGC_ETYPE. */
PGC_API pgc_object *pgc_list_get(pgc_object *l, size_t i);
/* Replaces item i (takes a reference to item, drops the old one). */
PGC_API int pgc_list_set(pgc_object *l, size_t i, pgc_object *item);
/* Removes and returns item i (new reference to the caller). */
PGC_API pgc_object *pgc_list_pop(pgc_object *l, size_t i);
/* Removes every item. 0 or -1 (PGC_ETYPE). */
PGC_API int pgc_list_clear(pgc_object *l);

/* dict: a hash table on pgc_hash/pgc_eq, iterating in insertion order. */
PGC_API pgc_object *pgc_dict_at(const char *file, int line, const char *func);
#define pgc_dict_new() pgc_dict_at(__FILE__, __LINE__, __func__)
PGC_API int pgc_dict_check(const pgc_object *o);
/* d[key] = value (references taken). 0 or -1 (ENOMEM, EUNHASHABLE, ETYPE). */
PGC_API int pgc_dict_set(pgc_object *d, pgc_object *key, pgc_object *value);
/* Borrowed d[key], or NULL: missing (pgc_error() == PGC_OK, error cleared)
 * or an error (EUNHASHABLE, ETYPE). */
PGC_API pgc_object *pgc_dict_get(pgc_object *d, pgc_object *key);
/* del d[key]: 0, or -1 with PGC_EKEY when missing (or another error). */
PGC_API int pgc_dict_del(pgc_object *d, pgc_object *key);
PGC_API size_t pgc_dict_size(pgc_object *d);
/* Iteration: start with *pos = 0; returns 1 with borrowed *key and *value and
 * advances *pos, 0 at the end. Do not add keys while iterating; deleting
 * the current key is allowed. */
PGC_API int pgc_dict_next(pgc_object *d, size_t *pos, pgc_object **key, pgc_object **value);
/* Removes every entry. 0 or -1 (PGC_ETYPE). */
PGC_API int pgc_dict_clear(pgc_object *d);

/* ------------------------------------------------------------------ gc module */

#define PGC_DEBUG_STATS		1
#define PGC_DEBUG_COLLECTABLE	2
#define PGC_DEBUG_UNCOLLECTABLE 4
#define PGC_DEBUG_SAVEALL	32
#define PGC_DEBUG_LEAK		(PGC_DEBUG_COLLECTABLE | PGC_DEBUG_UNCOLLECTABLE | PGC_DEBUG_SAVEALL)

struct pgc_gc_genstats {
	size_t collections;
	size_t collected;
	size_t uncollectable;
};
struct pgc_gc_info {
	int generation;
	size_t collected;
	size_t uncollectable;
};
/* phase is "start" or "stop"; at "start" collected and uncollectable are 0. */
typedef void (*pgc_gc_callback)(const char *phase, const struct pgc_gc_info *info, void *arg);

/* Automatic collection on/off; collection by pgc_gc_collect always works. */
PGC_API void pgc_gc_enable(void);
PGC_API void pgc_gc_disable(void);
PGC_API int pgc_gc_isenabled(void);
/* Collects generation 0..2 and all younger ones (-1 means 2). Returns the
 * number of unreachable objects found (collected + uncollectable), 0 when
 * called from inside a collection (e.g. a finalizer), -1 with PGC_EINVAL
 * for a bad generation. */
PGC_API ssize_t pgc_gc_collect(int generation);
/* The current counts of the three generations: for gen 0, tracked
 * allocations minus deallocations since its last collection (never below
 * 0, as in CPython); for gen 1 and 2, collections of the next younger one. */
PGC_API void pgc_gc_get_count(long out[3]);
PGC_API void pgc_gc_get_threshold(long out[3]);
/* 0, or -1 with PGC_EINVAL for a negative value. Threshold 0 of 0 disables
 * automatic collection, as in Python. */
PGC_API int pgc_gc_set_threshold(long t0, long t1, long t2);
PGC_API void pgc_gc_get_stats(struct pgc_gc_genstats out[3]);
PGC_API void pgc_gc_set_debug(int flags);
PGC_API int pgc_gc_get_debug(void);
/* Where debug output goes (NULL restores stderr). The stream is borrowed. */
PGC_API void pgc_gc_set_debug_stream(FILE *stream);
/* A new list of the tracked objects of generation 0..2, or of all (-1);
 * frozen objects excluded. NULL with PGC_EINVAL/PGC_ENOMEM. */
PGC_API pgc_object *pgc_gc_get_objects(int generation);
/* A new list of the tracked objects that refer (through traverse) to any of
 * objs[0..n-1]; frozen objects excluded. NULL with PGC_ENOMEM. */
PGC_API pgc_object *pgc_gc_get_referrers(pgc_object *const *objs, size_t n);
/* A new list of the objects that objs[0..n-1] refer to through traverse. */
PGC_API pgc_object *pgc_gc_get_referents(pgc_object *const *objs, size_t n);
PGC_API int pgc_gc_is_tracked(const pgc_object *o);
/* 1 once the collector (or deallocation) has run o's finalizer. */
PGC_API int pgc_gc_is_finalized(const pgc_object *o);
/* Moves every tracked object to the permanent generation (never scanned). */
PGC_API void pgc_gc_freeze(void);
/* Moves the permanent generation back into the oldest one. */
PGC_API void pgc_gc_unfreeze(void);
PGC_API size_t pgc_gc_get_freeze_count(void);
/* gc.callbacks.append(cb): 0, or -1 with PGC_ENOMEM. The same (cb, arg) may
 * be registered more than once; callbacks run in registration order. */
PGC_API int pgc_gc_callbacks_add(pgc_gc_callback cb, void *arg);
/* gc.callbacks.remove(cb): removes the first (cb, arg); -1 with PGC_EINVAL
 * when absent. */
PGC_API int pgc_gc_callbacks_remove(pgc_gc_callback cb, void *arg);
/* Borrowed: gc.garbage, the list of uncollectable objects (and, with
 * PGC_DEBUG_SAVEALL, everything the collector found unreachable). The
 * program may clear it with pgc_list_clear. */
PGC_API pgc_object *pgc_gc_garbage(void);

/* ------------------------------------------------------------------ weakref */

/* Called once, after the referent died, with the (now dead) weak reference
 * (borrowed). It is not called if the weak reference died first. */
typedef void (*pgc_weakref_callback)(pgc_object *wr);

/* weakref.ref(obj, callback): a new weak reference. Without a callback an
 * existing callback-less reference to obj is returned (as CPython does).
 * NULL with PGC_EWEAKREF if obj's type lacks PGC_TF_WEAKREFABLE. */
PGC_API pgc_object *pgc_weakref_new(pgc_object *obj, pgc_weakref_callback callback);
/* Like pgc_weakref_new, with `data` (may be NULL) kept as a strong reference
 * by the weak reference, for the callback to read with pgc_weakref_data.
 * Never shared. */
PGC_API pgc_object *pgc_weakref_new_data(pgc_object *obj, pgc_weakref_callback callback,
					 pgc_object *data);
/* Borrowed: the data given to pgc_weakref_new_data (NULL if none). */
PGC_API pgc_object *pgc_weakref_data(pgc_object *wr);
/* wr(): a new reference to the referent, or NULL once it is dead (error
 * PGC_OK). NULL with PGC_ETYPE if wr is not a weak reference. */
PGC_API pgc_object *pgc_weakref_deref(pgc_object *wr);
PGC_API int pgc_weakref_check(const pgc_object *o);
/* weakref.getweakrefcount(obj): weak references and proxies to obj. */
PGC_API size_t pgc_weakref_getweakrefcount(pgc_object *obj);
/* weakref.getweakrefs(obj): a new list of them (newest first). */
PGC_API pgc_object *pgc_weakref_getweakrefs(pgc_object *obj);
/* weakref.proxy(obj, callback): a proxy. Every pgc_ function that wants a
 * built-in type accepts a proxy to one and forwards, as does pgc_eq; on a
 * dead referent they fail with PGC_EREFERENCE. A proxy is unhashable. */
PGC_API pgc_object *pgc_weakref_proxy(pgc_object *obj, pgc_weakref_callback callback);
PGC_API int pgc_weakref_proxy_check(const pgc_object *o);
/* The proxy's referent (new reference), or NULL with PGC_EREFERENCE. */
PGC_API pgc_object *pgc_weakref_proxy_target(pgc_object *proxy);

/* weakref.finalize(obj, func, arg): calls func(arg) once when obj dies, or
 * at exit (if atexit is still set), or on pgc_weakref_finalize_call. The
 * registry keeps the returned finalizer alive until it has run or been
 * detached. arg (may be NULL) is held strongly. */
typedef void (*pgc_finalize_fn)(pgc_object *arg);
PGC_API pgc_object *pgc_weakref_finalize(pgc_object *obj, pgc_finalize_fn func, pgc_object *arg);
/* 1 while the finalizer has neither run nor been detached. */
PGC_API int pgc_weakref_finalize_alive(pgc_object *f);
/* finalize.peek(): if alive, 1 with new references in *obj and *arg (arg may
 * be NULL) and *func; else 0. */
PGC_API int pgc_weakref_finalize_peek(pgc_object *f, pgc_object **obj, pgc_finalize_fn *func,
				      pgc_object **arg);
/* finalize.detach(): like peek, then marks it dead without calling it. */
PGC_API int pgc_weakref_finalize_detach(pgc_object *f, pgc_object **obj, pgc_finalize_fn *func,
					pgc_object **arg);
/* finalize(): if alive, marks it dead, calls func(arg) and returns 1; else 0. */
PGC_API int pgc_weakref_finalize_call(pgc_object *f);
/* finalize.atexit: whether it runs at exit when still alive (default 1).
 * Finalizers still alive at exit run newest first. */
PGC_API void pgc_weakref_finalize_set_atexit(pgc_object *f, int atexit);
PGC_API int pgc_weakref_finalize_get_atexit(pgc_object *f);

#ifdef __cplusplus
}
#endif

/* The allocation tracer (tracemalloc) and the weak containers. */
#include "pgc_tracemalloc.h"
#include "pgc_weakcontainers.h"

#endif
