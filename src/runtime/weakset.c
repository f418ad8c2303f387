/*
 * weakset.c - weakref.WeakSet: weakly held members. A WeakKeyDictionary
 * underneath (weakdict_key.c) whose values are all the int 1.
 */
#include "pgc_weakcontainers.h"
#include "runtime/weakdict.h"

#define CAST(o, fail)                                                                              \
	struct pgc__wc *c = pgc__wc_cast((o), PGC__WC_SET);                                        \
	if (!c)                                                                                    \
		return fail;

pgc_object *pgc_weakset_new_at(const char *file, int line, const char *func)
{
	return pgc__wc_new(PGC__WC_SET, file, line, func);
}

int pgc_weakset_check(const pgc_object *o) { return pgc__wc_check(o, PGC__WC_SET); }

int pgc_weakset_add(pgc_object *s, pgc_object *item)
{
	CAST(s, -1);
	if (pgc__wkd_lookup(c, item))
		return 0; /* present: keep the member's first weakref */
	if (pgc_error())
		return -1;
	pgc_object *one = pgc_int(1); /* from the small-int cache */
	int r = one ? pgc__wkd_set(c, item, one) : -1;
	pgc_decref(one);
	return r;
}

int pgc_weakset_discard(pgc_object *s, pgc_object *item)
{
	CAST(s, -1);
	if (pgc__wkd_del(c, item) == 0)
		return 1;
	if (pgc_error() != PGC_EKEY)
		return -1;
	pgc_clear_error();
	return 0;
}

int pgc_weakset_contains(pgc_object *s, pgc_object *item)
{
	CAST(s, -1);
	if (pgc__wkd_lookup(c, item))
		return 1;
	return pgc_error() ? -1 : 0;
}

size_t pgc_weakset_len(pgc_object *s)
{
	CAST(s, 0);
	return pgc__wc_len(c);
}

int pgc_weakset_clear(pgc_object *s)
{
	CAST(s, -1);
	return pgc__wc_clear(c);
}

int pgc_weakset_next(pgc_object *s, size_t *pos, pgc_object **item)
{
	CAST(s, 0);
	return pgc__wc_next(c, pos, item, NULL);
}

void pgc_weakset_iter_end(pgc_object *s, size_t *pos)
{
	struct pgc__wc *c = pgc__wc_cast(s, PGC__WC_SET);
	if (c)
		pgc__wc_iter_end(c, pos);
}
