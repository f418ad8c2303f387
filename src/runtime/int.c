/*
 * int.c - the built-in int: a 64-bit value, untracked (it refers to nothing),
 * with CPython's small-int cache: -5..256 are preallocated static objects,
 * so equal small ints are the same object.
 */
#include "runtime/internal.h"

#define SMALL_MIN (-5)
#define SMALL_MAX 256

struct pgc_int {
	pgc_object ob;
	long long value;
};

static int int_eq(pgc_object *a, pgc_object *b)
{
	return ((struct pgc_int *)a)->value == ((struct pgc_int *)b)->value;
}

static int int_hash(pgc_object *o, uint64_t *out)
{
	*out = (uint64_t)((struct pgc_int *)o)->value;
	return 0;
}

PGC__HIDDEN pgc_type pgc__int_type = {
    .name = "int",
    .size = sizeof(struct pgc_int),
    .eq = int_eq,
    .hash = int_hash,
    .pgc_private_index_ = 1,
};

/* Static storage: the cache cannot fail and is never freed (the cache
 * holds one reference to each). */
static struct pgc_int small_ints[SMALL_MAX - SMALL_MIN + 1];

void pgc__int_init(void)
{
	for (int i = 0; i <= SMALL_MAX - SMALL_MIN; i++) {
		struct pgc__obj *h = PGC__H(&small_ints[i].ob);
		h->refcnt = 1;
		h->tflags = pgc__int_type.pgc_private_index_ | PGC__GEN_NONE;
		small_ints[i].value = SMALL_MIN + i;
	}
}

pgc_object *pgc_int(long long v)
{
	PGC__ENSURE_INIT();
	if (v >= SMALL_MIN && v <= SMALL_MAX) {
		pgc_object *o = &small_ints[v - SMALL_MIN].ob;
		pgc_incref(o);
		return o;
	}
	pgc_object *o = pgc_new(&pgc__int_type);
	if (o)
		((struct pgc_int *)o)->value = v;
	return o;
}

int pgc_int_check(const pgc_object *o) { return o && pgc__type_of(o) == &pgc__int_type; }

long long pgc_int_value(pgc_object *o)
{
	if (pgc_int_check(o))
		return ((struct pgc_int *)o)->value;
	if (o && pgc__is_proxy(o)) {
		pgc_object *t = pgc__proxy_target(o);
		if (!t)
			return 0;
		long long v = pgc_int_value(t);
		pgc_decref(t);
		return v;
	}
	pgc__set_error(PGC_ETYPE);
	return 0;
}
