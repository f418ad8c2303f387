/*
 * weakdict_key.c - weakref.WeakKeyDictionary: weakly held keys, strong
 * values. The dict is keyed by weakrefs to the keys: a live weakref hashes
 * and compares as its referent, a dead one only as itself (weakref.c), so a
 * lookup with a temporary weakref finds the entry of an equal live key.
 */
#include "pgc_weakcontainers.h"
#include "runtime/weakdict.h"

#define CAST(o, fail)                                                                              \
	struct pgc__wc *c = pgc__wc_cast((o), PGC__WC_KEY);                                        \
	if (!c)                                                                                    \
		return fail;

/* The key died: drop the entry of this very weakref (never a newer one). */
static void key_died(pgc_object *wr)
{
	struct pgc__wc *c = pgc__wc_owner(pgc_weakref_data(wr));
	if (!c)
		return; /* the container died first */
	pgc__wc_entry_died(c, wr);
	pgc_decref(&c->ob);
}

int pgc__wkd_set(struct pgc__wc *c, pgc_object *key, pgc_object *value)
{
	if (!key || !value)
		return pgc__set_error(PGC_EINVAL);
	/* An equal key already present keeps its weakref (dicts keep the
	 * first key): this one then dies unused, and its callback with it. */
	pgc_object *wr = pgc_weakref_new_data(key, key_died, c->selfref);
	if (!wr)
		return -1;
	int r = pgc_dict_set(c->data, wr, value);
	pgc_decref(wr);
	return r;
}

pgc_object *pgc__wkd_lookup(struct pgc__wc *c, pgc_object *key)
{
	if (!key)
		return pgc__set_error(PGC_EINVAL), NULL;
	pgc_object *probe = pgc_weakref_new(key, NULL);
	if (!probe)
		return NULL;
	pgc_object *v = pgc_dict_get(c->data, probe);
	pgc_decref(probe);
	return v;
}

int pgc__wkd_del(struct pgc__wc *c, pgc_object *key)
{
	if (!key)
		return pgc__set_error(PGC_EINVAL);
	pgc_object *probe = pgc_weakref_new(key, NULL);
	if (!probe)
		return -1;
	int r = pgc_dict_del(c->data, probe);
	pgc_decref(probe);
	return r;
}

pgc_object *pgc_weakkeydict_new_at(const char *file, int line, const char *func)
{
	return pgc__wc_new(PGC__WC_KEY, file, line, func);
}

int pgc_weakkeydict_check(const pgc_object *o) { return pgc__wc_check(o, PGC__WC_KEY); }

int pgc_weakkeydict_set(pgc_object *d, pgc_object *key, pgc_object *value)
{
	CAST(d, -1);
	return pgc__wkd_set(c, key, value);
}

pgc_object *pgc_weakkeydict_get(pgc_object *d, pgc_object *key)
{
	CAST(d, NULL);
	pgc_object *v = pgc__wkd_lookup(c, key);
	pgc_incref(v);
	return v;
}

int pgc_weakkeydict_del(pgc_object *d, pgc_object *key)
{
	CAST(d, -1);
	return pgc__wkd_del(c, key);
}

int pgc_weakkeydict_contains(pgc_object *d, pgc_object *key)
{
	CAST(d, -1);
	if (pgc__wkd_lookup(c, key))
		return 1;
	return pgc_error() ? -1 : 0;
}

size_t pgc_weakkeydict_len(pgc_object *d)
{
	CAST(d, 0);
	return pgc__wc_len(c);
}

pgc_object *pgc_weakkeydict_keyrefs(pgc_object *d)
{
	CAST(d, NULL);
	return pgc__wc_weakrefs(c, 1);
}

int pgc_weakkeydict_clear(pgc_object *d)
{
	CAST(d, -1);
	return pgc__wc_clear(c);
}

int pgc_weakkeydict_next(pgc_object *d, size_t *pos, pgc_object **key, pgc_object **value)
{
	CAST(d, 0);
	return pgc__wc_next(c, pos, key, value);
}

void pgc_weakkeydict_iter_end(pgc_object *d, size_t *pos)
{
	struct pgc__wc *c = pgc__wc_cast(d, PGC__WC_KEY);
	if (c)
		pgc__wc_iter_end(c, pos);
}
