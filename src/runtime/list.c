/*
 * list.c - the built-in list: a GC-tracked, growable array of references.
 * Weak references to lists are allowed (in Python only to subclasses).
 */
#include <string.h>

#include "runtime/internal.h"

struct pgc_list {
	pgc_object ob;
	pgc_object **items;
	size_t n, cap;
};
#define L(o) ((struct pgc_list *)(o))

static int list_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	for (size_t i = 0; i < L(o)->n; i++) {
		int r = visit(L(o)->items[i], arg);
		if (r)
			return r;
	}
	return 0;
}

/* Detaches the array first, so decrefs that re-enter see an empty list. */
static void list_clear(pgc_object *o)
{
	pgc_object **items = L(o)->items;
	size_t n = L(o)->n, cap = L(o)->cap;
	L(o)->items = NULL;
	L(o)->n = L(o)->cap = 0;
	for (size_t i = 0; i < n; i++)
		pgc_decref(items[i]);
	pgc__free(items, cap * sizeof(*items));
}

static int list_eq(pgc_object *a, pgc_object *b)
{
	if (L(a)->n != L(b)->n)
		return 0;
	for (size_t i = 0; i < L(a)->n && i < L(b)->n; i++) {
		int r = pgc_eq(L(a)->items[i], L(b)->items[i]);
		if (r != 1)
			return r;
	}
	return L(a)->n == L(b)->n;
}

static int list_hash(pgc_object *o, uint64_t *out) { return pgc__set_error(PGC_EUNHASHABLE); }

PGC__HIDDEN pgc_type pgc__list_type = {
    .name = "list",
    .size = sizeof(struct pgc_list),
    .flags = PGC_TF_GC | PGC_TF_WEAKREFABLE,
    .traverse = list_traverse,
    .clear = list_clear,
    .eq = list_eq,
    .hash = list_hash,
    .pgc_private_index_ = 4,
};

pgc_object *pgc_list_at(const char *file, int line, const char *func)
{
	PGC__ENSURE_INIT();
	return pgc__new_sized(&pgc__list_type, sizeof(struct pgc_list), file, line, func);
}

int pgc_list_check(const pgc_object *o) { return o && pgc__type_of(o) == &pgc__list_type; }

#define RESOLVE(l, fail)                                                                           \
	pgc_object *hold;                                                                          \
	l = pgc__resolve(l, &pgc__list_type, &hold);                                               \
	if (!l)                                                                                    \
		return fail;

int pgc_list_append(pgc_object *l, pgc_object *item)
{
	RESOLVE(l, -1);
	int r = 0;
	if (!item) {
		r = pgc__set_error(PGC_EINVAL);
	} else if (L(l)->n == L(l)->cap) {
		size_t ncap = L(l)->cap ? L(l)->cap * 2 : 4;
		pgc_object **ni = pgc__realloc(L(l)->items, L(l)->cap * sizeof(*ni),
					       ncap * sizeof(*ni), __FILE__, __LINE__, __func__);
		if (!ni)
			r = -1;
		else {
			L(l)->items = ni;
			L(l)->cap = ncap;
		}
	}
	if (r == 0) {
		pgc_incref(item);
		L(l)->items[L(l)->n++] = item;
	}
	pgc__release(hold);
	return r;
}

size_t pgc_list_size(pgc_object *l)
{
	RESOLVE(l, 0);
	size_t n = L(l)->n;
	pgc__release(hold);
	return n;
}

pgc_object *pgc_list_get(pgc_object *l, size_t i)
{
	RESOLVE(l, NULL);
	pgc_object *r = i < L(l)->n ? L(l)->items[i] : NULL;
	pgc__release(hold);
	if (!r)
		pgc__set_error(PGC_EINDEX);
	return r;
}

int pgc_list_set(pgc_object *l, size_t i, pgc_object *item)
{
	RESOLVE(l, -1);
	int r = 0;
	if (!item)
		r = pgc__set_error(PGC_EINVAL);
	else if (i >= L(l)->n)
		r = pgc__set_error(PGC_EINDEX);
	else {
		pgc_object *old = L(l)->items[i];
		pgc_incref(item);
		L(l)->items[i] = item;
		pgc_decref(old);
	}
	pgc__release(hold);
	return r;
}

pgc_object *pgc_list_pop(pgc_object *l, size_t i)
{
	RESOLVE(l, NULL);
	pgc_object *r = NULL;
	if (i >= L(l)->n) {
		pgc__set_error(PGC_EINDEX);
	} else {
		r = L(l)->items[i];
		memmove(&L(l)->items[i], &L(l)->items[i + 1], (L(l)->n - i - 1) * sizeof(r));
		L(l)->n--;
	}
	pgc__release(hold);
	return r;
}

int pgc_list_clear(pgc_object *l)
{
	RESOLVE(l, -1);
	list_clear(l);
	pgc__release(hold);
	return 0;
}
