/*
 * intern - identity versus equality, as in Python: small ints (-5..256) are
 * preallocated singletons, identifier-like strings are interned on creation,
 * pgc_intern() makes any equal string the same object, and
 * pgc_getrefcount() counts like sys.getrefcount (one more than the owners).
 *
 *   paddock run build/workloads/intern
 */
#include <stdio.h>

#include "pgc.h"

static int failed;

static void show(const char *what, int got, int expected)
{
	printf("%-44s %s\n", what, got ? "True" : "False");
	if (got != expected)
		failed = 1;
}

int main(void)
{
	pgc_init();

	pgc_object *a = pgc_int(256), *b = pgc_int(256);
	show("int(256) is int(256)  (small-int cache)", pgc_is(a, b), 1);
	pgc_object *c = pgc_int(257), *d = pgc_int(257);
	show("int(257) is int(257)", pgc_is(c, d), 0);
	show("int(257) == int(257)", pgc_eq(c, d) == 1, 1);

	pgc_object *s1 = pgc_str("spam_eggs"), *s2 = pgc_str("spam_eggs");
	show("'spam_eggs' is 'spam_eggs'  (identifier)", pgc_is(s1, s2), 1);
	pgc_object *t1 = pgc_str("spam eggs!"), *t2 = pgc_str("spam eggs!");
	show("'spam eggs!' is 'spam eggs!'", pgc_is(t1, t2), 0);
	show("'spam eggs!' == 'spam eggs!'", pgc_eq(t1, t2) == 1, 1);
	pgc_object *i1 = pgc_intern(t1), *i2 = pgc_intern(t2);
	show("intern('spam eggs!') is intern('spam eggs!')", pgc_is(i1, i2), 1);

	pgc_object *e1 = pgc_tuple(0, NULL), *e2 = pgc_tuple(0, NULL);
	show("() is ()  (empty tuple singleton)", pgc_is(e1, e2), 1);

	pgc_object *l = pgc_list_new();
	printf("%-44s %zu\n", "getrefcount(new list)", pgc_getrefcount(l));
	pgc_object *holder = pgc_list_new();
	pgc_list_append(holder, l);
	printf("%-44s %zu\n", "getrefcount(list held by another list)", pgc_getrefcount(l));
	if (pgc_getrefcount(l) != 3)
		failed = 1;

	pgc_object *objs[] = {a, b, c, d, s1, s2, t1, t2, i1, i2, e1, e2, l, holder};
	for (size_t k = 0; k < sizeof(objs) / sizeof(objs[0]); k++)
		pgc_decref(objs[k]);
	return failed;
}
