/*
 * weakdict_value.c - weakref.WeakValueDictionary: strong keys, weakly held
 * values. Each value is held by a weakref whose data is (selfref, key), so
 * its callback can find the container and the key when the value dies.
 */
#include "pgc_weakcontainers.h"
#include "runtime/weakdict.h"

#define CAST(o, fail)                                                                              \
	struct pgc__wc *c = pgc__wc_cast((o), PGC__WC_VALUE);                                      \
	if (!c)                                                                                    \
		return fail;

pgc_object *pgc_weakvaluedict_new_at(const char *file, int line, const char *func)
{
	return pgc__wc_new(PGC__WC_VALUE, file, line, func);
}

int pgc_weakvaluedict_check(const pgc_object *o) { return pgc__wc_check(o, PGC__WC_VALUE); }

/* The value died: drop its entry unless a newer value replaced it. */
static void value_died(pgc_object *wr)
{
	pgc_object *data = pgc_weakref_data(wr);
	struct pgc__wc *c = data ? pgc__wc_owner(pgc_tuple_get(data, 0)) : NULL;
	if (!c)
		return; /* the dictionary died first */
	pgc__wc_entry_died(c, pgc_tuple_get(data, 1));
	pgc_decref(&c->ob);
}

int pgc_weakvaluedict_set(pgc_object *d, pgc_object *key, pgc_object *value)
{
	CAST(d, -1);
	if (!key || !value)
		return pgc__set_error(PGC_EINVAL);
	pgc_object *pair[2] = {c->selfref, key};
	pgc_object *data = pgc_tuple(2, pair);
	pgc_object *wr = data ? pgc_weakref_new_data(value, value_died, data) : NULL;
	int r = wr ? pgc_dict_set(c->data, key, wr) : -1;
	pgc_decref(wr);
	pgc_decref(data);
	return r;
}

pgc_object *pgc_weakvaluedict_get(pgc_object *d, pgc_object *key)
{
	CAST(d, NULL);
	pgc_object *wr = pgc_dict_get(c->data, key);
	return wr ? pgc_weakref_deref(wr) : NULL;
}

int pgc_weakvaluedict_del(pgc_object *d, pgc_object *key)
{
	CAST(d, -1);
	pgc_object *wr = pgc_dict_get(c->data, key);
	if (!wr)
		return pgc_error() ? -1 : pgc__set_error(PGC_EKEY);
	pgc_object *alive = pgc_weakref_deref(wr);
	if (pgc_dict_del(c->data, key) < 0) {
		pgc_decref(alive);
		return -1;
	}
	pgc_decref(alive);
	return alive ? 0 : pgc__set_error(PGC_EKEY);
}

int pgc_weakvaluedict_contains(pgc_object *d, pgc_object *key)
{
	pgc_object *v = pgc_weakvaluedict_get(d, key);
	if (!v)
		return pgc_error() ? -1 : 0;
	pgc_decref(v);
	return 1;
}

size_t pgc_weakvaluedict_len(pgc_object *d)
{
	CAST(d, 0);
	return pgc__wc_len(c);
}

pgc_object *pgc_weakvaluedict_valuerefs(pgc_object *d)
{
	CAST(d, NULL);
	return pgc__wc_weakrefs(c, 0);
}

int pgc_weakvaluedict_clear(pgc_object *d)
{
	CAST(d, -1);
	return pgc__wc_clear(c);
}

int pgc_weakvaluedict_next(pgc_object *d, size_t *pos, pgc_object **key, pgc_object **value)
{
	CAST(d, 0);
	return pgc__wc_next(c, pos, value, key);
}

void pgc_weakvaluedict_iter_end(pgc_object *d, size_t *pos)
{
	struct pgc__wc *c = pgc__wc_cast(d, PGC__WC_VALUE);
	if (c)
		pgc__wc_iter_end(c, pos);
}
