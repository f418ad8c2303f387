/*
 * weakdict.h - the core shared by WeakValueDictionary (weakdict_value.c),
 * WeakKeyDictionary (weakdict_key.c) and WeakSet (weakset.c): the container
 * object, its iteration guard and its pending removals (weakdict.c).
 */
#ifndef PGC_WEAKDICT_H
#define PGC_WEAKDICT_H

#include "runtime/internal.h"

enum pgc__wc_kind { PGC__WC_VALUE, PGC__WC_KEY, PGC__WC_SET, PGC__WC_NKINDS };

/*
 * A weak container. Invariants:
 *   data      a dict. VALUE: key -> weakref(value) whose data is the tuple
 *             (selfref, key). KEY and SET: weakref(key) whose data is
 *             selfref -> value (SET: the int 1).
 *   selfref   a weak reference to this container, shared by every entry's
 *             callback, which so finds a live container or none.
 *   iterating the number of open iterations. While > 0 a dying entry is not
 *             removed but queued in pending (VALUE: its key; KEY and SET:
 *             its dead weakref); the last iteration to end removes them.
 */
struct pgc__wc {
	pgc_object ob;
	int kind;
	size_t iterating;
	pgc_object *data;
	pgc_object *selfref;
	pgc_object *pending; /* a list, or NULL when nothing waits */
};

/* A new empty container of kind; NULL with PGC_ENOMEM. */
PGC__HIDDEN pgc_object *pgc__wc_new(int kind, const char *file, int line, const char *func);
/* o as a container of kind, or NULL with PGC_ETYPE. */
PGC__HIDDEN struct pgc__wc *pgc__wc_cast(const pgc_object *o, int kind);
PGC__HIDDEN int pgc__wc_check(const pgc_object *o, int kind);
/* The live container a callback's selfref names (a NEW reference), or NULL. */
PGC__HIDDEN struct pgc__wc *pgc__wc_owner(pgc_object *selfref);
/* Called by an entry's weakref callback: removes the entry now, or queues
 * item for the end of the open iterations. Keeps pgc_error() unchanged. */
PGC__HIDDEN void pgc__wc_entry_died(struct pgc__wc *c, pgc_object *item);
/* Removes the queued entries unless an iteration is open. */
PGC__HIDDEN void pgc__wc_commit(struct pgc__wc *c);
/* len(): entries minus those waiting for removal. */
PGC__HIDDEN size_t pgc__wc_len(struct pgc__wc *c);
PGC__HIDDEN int pgc__wc_clear(struct pgc__wc *c);
/* keyrefs()/valuerefs(): a new list of the weak references held as the
 * data dict's keys (WEAK_IS_KEY) or its values. NULL on ENOMEM. */
PGC__HIDDEN pgc_object *pgc__wc_weakrefs(struct pgc__wc *c, int weak_is_key);
/* The guarded iteration behind every _next: NEW references to the live
 * referent in *weak and the other side in *strong (may be NULL). */
PGC__HIDDEN int pgc__wc_next(struct pgc__wc *c, size_t *pos, pgc_object **weak,
			     pgc_object **strong);
PGC__HIDDEN void pgc__wc_iter_end(struct pgc__wc *c, size_t *pos);

/* WeakKeyDictionary operations, shared with WeakSet (weakdict_key.c). */
PGC__HIDDEN int pgc__wkd_set(struct pgc__wc *c, pgc_object *key, pgc_object *value);
/* Borrowed value for key, or NULL (missing: pgc_error() == PGC_OK). */
PGC__HIDDEN pgc_object *pgc__wkd_lookup(struct pgc__wc *c, pgc_object *key);
PGC__HIDDEN int pgc__wkd_del(struct pgc__wc *c, pgc_object *key);

#endif
