/*
 * tuple.c - the built-in tuple: an immutable, GC-tracked array of
 * references built in one call; the empty tuple is a static singleton.
 */
#include <string.h>

#include "runtime/internal.h"

struct pgc_tuple {
	pgc_object ob;
	size_t n;
	pgc_object *items[];
};
#define T(o) ((struct pgc_tuple *)(o))

static int tuple_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	for (size_t i = 0; i < T(o)->n; i++) {
		if (T(o)->items[i]) {
			int r = visit(T(o)->items[i], arg);
			if (r)
				return r;
		}
	}
	return 0;
}

/* Drops every item; the slots become NULL first, so re-entry sees nothing. */
static void tuple_clear(pgc_object *o)
{
	for (size_t i = 0; i < T(o)->n; i++) {
		pgc_object *it = T(o)->items[i];
		T(o)->items[i] = NULL;
		pgc_decref(it);
	}
}

static int tuple_eq(pgc_object *a, pgc_object *b)
{
	if (T(a)->n != T(b)->n)
		return 0;
	for (size_t i = 0; i < T(a)->n; i++) {
		if (!T(a)->items[i] || !T(b)->items[i])
			return T(a)->items[i] == T(b)->items[i];
		int r = pgc_eq(T(a)->items[i], T(b)->items[i]);
		if (r != 1)
			return r;
	}
	return 1;
}

static int tuple_hash(pgc_object *o, uint64_t *out)
{
	uint64_t h = 0x27d4eb2f165667c5ull;
	for (size_t i = 0; i < T(o)->n; i++) {
		uint64_t ih = 0;
		if (T(o)->items[i] && pgc_hash(T(o)->items[i], &ih) < 0)
			return -1;
		h = (h ^ ih) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	*out = h;
	return 0;
}

PGC__HIDDEN pgc_type pgc__tuple_type = {
    .name = "tuple",
    .size = sizeof(struct pgc_tuple),
    .flags = PGC_TF_GC,
    .traverse = tuple_traverse,
    .clear = tuple_clear,
    .eq = tuple_eq,
    .hash = tuple_hash,
    .pgc_private_index_ = 3,
};

/* The empty tuple: static, never tracked, never freed. */
static struct pgc_tuple empty = {
    .ob = {.pgc_private_refcnt_ = 1, .pgc_private_tflags_ = 3 | PGC__GEN_NONE},
};

size_t pgc__tuple_block_size(const pgc_object *o)
{
	return sizeof(struct pgc_tuple) + ((const struct pgc_tuple *)o)->n * sizeof(pgc_object *);
}

pgc_object *pgc_tuple_at(size_t n, pgc_object *const *items, const char *file, int line,
			 const char *func)
{
	PGC__ENSURE_INIT();
	if (n == 0) {
		pgc_incref(&empty.ob);
		return &empty.ob;
	}
	if (!items)
		return pgc__set_error(PGC_EINVAL), NULL;
	for (size_t i = 0; i < n; i++)
		if (!items[i])
			return pgc__set_error(PGC_EINVAL), NULL;
	if (n > (SIZE_MAX - sizeof(struct pgc_tuple)) / sizeof(pgc_object *))
		return pgc__set_error(PGC_ENOMEM), NULL;
	pgc_object *o =
	    pgc__new_sized(&pgc__tuple_type, sizeof(struct pgc_tuple) + n * sizeof(pgc_object *),
			   file, line, func);
	if (!o)
		return NULL;
	T(o)->n = n;
	for (size_t i = 0; i < n; i++) {
		pgc_incref(items[i]);
		T(o)->items[i] = items[i];
	}
	return o;
}

int pgc_tuple_check(const pgc_object *o) { return o && pgc__type_of(o) == &pgc__tuple_type; }

size_t pgc_tuple_size(pgc_object *o)
{
	pgc_object *hold;
	pgc_object *t = pgc__resolve(o, &pgc__tuple_type, &hold);
	if (!t)
		return 0;
	size_t n = T(t)->n;
	pgc__release(hold);
	return n;
}

pgc_object *pgc_tuple_get(pgc_object *o, size_t i)
{
	pgc_object *hold;
	pgc_object *t = pgc__resolve(o, &pgc__tuple_type, &hold);
	if (!t)
		return NULL;
	pgc_object *r = i < T(t)->n ? T(t)->items[i] : NULL;
	pgc__release(hold);
	if (!r)
		pgc__set_error(PGC_EINDEX);
	return r;
}
