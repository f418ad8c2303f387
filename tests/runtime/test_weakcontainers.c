/*
 * test_weakcontainers.c - WeakValueDictionary, WeakKeyDictionary and WeakSet:
 * entries dying by refcount and by collection, iteration while entries die,
 * stale callbacks against newer entries (CPython bpo-28427), containers
 * dying before their entries, and the two worked examples of
 * docs/runtime.md: the observer pattern and a cache of weakly held values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pgc.h"

/* A weak-referenceable object with one reference (for cycles) and an id
 * that gives equality and the hash, so two distinct objects can be equal. */
struct thing {
	pgc_object ob;
	pgc_object *ref;
	long id;
};
#define THING(o) ((struct thing *)(o))

static int thing_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	return THING(o)->ref ? visit(THING(o)->ref, arg) : 0;
}

static void thing_clear(pgc_object *o)
{
	pgc_object *r = THING(o)->ref;
	THING(o)->ref = NULL;
	pgc_decref(r);
}

static int thing_eq(pgc_object *a, pgc_object *b) { return THING(a)->id == THING(b)->id; }

static int thing_hash(pgc_object *o, uint64_t *out)
{
	*out = (uint64_t)THING(o)->id;
	return 0;
}

static pgc_type thing_type = {
    .name = "thing",
    .size = sizeof(struct thing),
    .flags = PGC_TF_GC | PGC_TF_WEAKREFABLE,
    .traverse = thing_traverse,
    .clear = thing_clear,
    .eq = thing_eq,
    .hash = thing_hash,
};

static pgc_object *thing(long id)
{
	pgc_object *o = pgc_new(&thing_type);
	assert_non_null(o);
	THING(o)->id = id;
	return o;
}

static pgc_object *key(long id)
{
	pgc_object *k = pgc_int(id);
	assert_non_null(k);
	return k;
}

/* ---------------------------------------------------- WeakValueDictionary */

static void a_value_entry_disappears_when_the_value_dies(void **state)
{
	pgc_object *d = pgc_weakvaluedict_new(), *k = key(1000), *v = thing(1);
	assert_true(pgc_weakvaluedict_check(d));
	assert_int_equal(pgc_weakvaluedict_set(d, k, v), 0);
	assert_int_equal(pgc_weakvaluedict_len(d), 1);
	assert_int_equal(pgc_weakvaluedict_contains(d, k), 1);
	pgc_object *got = pgc_weakvaluedict_get(d, k);
	assert_ptr_equal(got, v);
	pgc_decref(got);
	assert_int_equal(pgc_getrefcount(v), 2); /* held weakly: only our reference */
	pgc_decref(v);
	assert_int_equal(pgc_weakvaluedict_len(d), 0);
	assert_null(pgc_weakvaluedict_get(d, k));
	assert_int_equal(pgc_error(), PGC_OK);
	assert_int_equal(pgc_weakvaluedict_contains(d, k), 0);
	assert_int_equal(pgc_weakvaluedict_del(d, k), -1);
	assert_int_equal(pgc_error(), PGC_EKEY);
	pgc_decref(k);
	pgc_decref(d);
}

static void a_value_in_a_cycle_disappears_at_collection(void **state)
{
	pgc_object *d = pgc_weakvaluedict_new(), *k = key(2000), *v = thing(2);
	THING(v)->ref = v; /* a self-cycle */
	pgc_incref(v);
	assert_int_equal(pgc_weakvaluedict_set(d, k, v), 0);
	pgc_decref(v);
	assert_int_equal(pgc_weakvaluedict_len(d), 1);
	assert_true(pgc_gc_collect(2) >= 1);
	assert_int_equal(pgc_weakvaluedict_len(d), 0);
	assert_int_equal(pgc_weakvaluedict_contains(d, k), 0);
	pgc_decref(k);
	pgc_decref(d);
}

static void a_value_that_forbids_weak_references_is_refused(void **state)
{
	pgc_object *d = pgc_weakvaluedict_new(), *k = key(3), *v = pgc_list_new();
	assert_int_equal(pgc_weakvaluedict_set(d, k, k), -1);
	assert_int_equal(pgc_error(), PGC_EWEAKREF);
	assert_int_equal(pgc_weakvaluedict_set(d, k, v), 0); /* lists allow them */
	assert_int_equal(pgc_weakvaluedict_len(d), 1);
	assert_int_equal(pgc_weakkeydict_set(d, k, v), -1);
	assert_int_equal(pgc_error(), PGC_ETYPE);
	assert_int_equal(pgc_weakset_add(v, k), -1);
	assert_int_equal(pgc_error(), PGC_ETYPE);
	pgc_decref(v);
	pgc_decref(k);
	pgc_decref(d);
}

/* bpo-28427: the callback of an old value must not remove the entry that a
 * newer value now holds under the same key. */
static void a_stale_value_callback_never_removes_a_newer_entry(void **state)
{
	pgc_object *d = pgc_weakvaluedict_new(), *k = key(4000);
	pgc_object *v1 = thing(1), *v2 = thing(2);
	assert_int_equal(pgc_weakvaluedict_set(d, k, v1), 0);
	pgc_object *old_refs = pgc_weakvaluedict_valuerefs(d); /* keeps v1's weakref alive */
	assert_int_equal(pgc_list_size(old_refs), 1);
	assert_int_equal(pgc_weakvaluedict_set(d, k, v2), 0);
	pgc_decref(v1); /* the old weakref's callback runs now, for key k */
	pgc_object *got = pgc_weakvaluedict_get(d, k);
	assert_ptr_equal(got, v2);
	pgc_decref(got);
	assert_int_equal(pgc_weakvaluedict_len(d), 1);

	/* The same race through an iteration's pending removals. */
	size_t pos = 0;
	pgc_object *ik, *iv;
	assert_int_equal(pgc_weakvaluedict_next(d, &pos, &ik, &iv), 1);
	pgc_decref(ik);
	pgc_decref(iv);
	pgc_decref(v2); /* dies while iterating: removal of k is queued */
	assert_int_equal(pgc_weakvaluedict_len(d), 0);
	pgc_object *v3 = thing(3);
	assert_int_equal(pgc_weakvaluedict_set(d, k, v3), 0); /* replaces, no new key */
	/* The iteration ends: the queued removal of k finds v3 alive, keeps it. */
	assert_int_equal(pgc_weakvaluedict_next(d, &pos, &ik, &iv), 0);
	got = pgc_weakvaluedict_get(d, k);
	assert_ptr_equal(got, v3);
	pgc_decref(got);
	assert_int_equal(pgc_weakvaluedict_len(d), 1);
	pgc_decref(v3);
	assert_int_equal(pgc_weakvaluedict_len(d), 0);
	pgc_decref(old_refs);
	pgc_decref(k);
	pgc_decref(d);
}

enum { N = 10 };

static void iterating_values_is_safe_while_they_die(void **state)
{
	pgc_object *d = pgc_weakvaluedict_new(), *v[N];
	for (long i = 0; i < N; i++) {
		pgc_object *k = key(100 + i);
		v[i] = thing(i);
		assert_int_equal(pgc_weakvaluedict_set(d, k, v[i]), 0);
		pgc_decref(k);
	}
	size_t pos = 0, seen = 0;
	pgc_object *k, *val;
	while (pgc_weakvaluedict_next(d, &pos, &k, &val)) {
		if (seen == 2) /* every value not yet seen, except the last, dies */
			for (int i = 3; i < N - 1; i++) {
				pgc_decref(v[i]);
				v[i] = NULL;
			}
		assert_non_null(val);
		assert_int_equal(pgc_int_value(k), 100 + THING(val)->id);
		seen++;
		pgc_decref(k);
		pgc_decref(val);
	}
	assert_int_equal(seen, 4); /* 0, 1, 2 and 9 */
	assert_int_equal(pgc_weakvaluedict_len(d), 4);
	/* Stopping early: removals wait for iter_end. */
	pos = 0;
	assert_int_equal(pgc_weakvaluedict_next(d, &pos, &k, &val), 1);
	pgc_decref(k);
	pgc_decref(val);
	pgc_decref(v[0]);
	v[0] = NULL;
	assert_int_equal(pgc_weakvaluedict_len(d), 3);
	pgc_weakvaluedict_iter_end(d, &pos);
	assert_int_equal(pgc_weakvaluedict_next(d, &pos, &k, &val), 0);
	assert_int_equal(pgc_weakvaluedict_len(d), 3);
	for (int i = 0; i < N; i++)
		pgc_decref(v[i]);
	assert_int_equal(pgc_weakvaluedict_len(d), 0);
	pgc_decref(d);
}

/* ---------------------------------------------------- WeakKeyDictionary */

static void a_key_entry_disappears_when_the_key_dies(void **state)
{
	pgc_object *d = pgc_weakkeydict_new(), *k = thing(5), *equal = thing(5),
		   *v = pgc_list_new();
	assert_int_equal(pgc_weakkeydict_set(d, k, v), 0);
	assert_int_equal(pgc_getrefcount(v), 3); /* values are held strongly */
	assert_int_equal(pgc_weakkeydict_len(d), 1);
	pgc_object *got = pgc_weakkeydict_get(d, equal); /* found by equality */
	assert_ptr_equal(got, v);
	pgc_decref(got);
	assert_int_equal(pgc_weakkeydict_contains(d, k), 1);
	assert_null(pgc_weakkeydict_get(d, v)); /* a list is unhashable */
	assert_int_equal(pgc_error(), PGC_EUNHASHABLE);
	pgc_decref(k);
	assert_int_equal(pgc_weakkeydict_len(d), 0);
	assert_int_equal(pgc_getrefcount(v), 2); /* the value was released */
	assert_int_equal(pgc_weakkeydict_contains(d, equal), 0);
	assert_int_equal(pgc_weakkeydict_del(d, equal), -1);
	assert_int_equal(pgc_error(), PGC_EKEY);
	pgc_object *seven = key(7);
	assert_int_equal(pgc_weakkeydict_set(d, seven, v), -1);
	assert_int_equal(pgc_error(), PGC_EWEAKREF);
	pgc_decref(seven);
	pgc_decref(equal);
	pgc_decref(v);
	pgc_decref(d);
}

static void a_stale_key_callback_never_removes_a_newer_entry(void **state)
{
	pgc_object *d = pgc_weakkeydict_new(), *k1 = thing(6), *k2 = thing(6);
	pgc_object *v1 = key(1), *v2 = key(2);
	assert_int_equal(pgc_weakkeydict_set(d, k1, v1), 0);
	pgc_object *old_refs = pgc_weakkeydict_keyrefs(d); /* keeps k1's weakref alive */
	assert_int_equal(pgc_weakkeydict_del(d, k1), 0);
	assert_int_equal(pgc_weakkeydict_set(d, k2, v2), 0); /* equal to k1 */
	pgc_decref(k1);					     /* k1's old callback runs now */
	pgc_object *got = pgc_weakkeydict_get(d, k2);
	assert_ptr_equal(got, v2);
	pgc_decref(got);
	assert_int_equal(pgc_weakkeydict_len(d), 1);
	pgc_decref(k2);
	assert_int_equal(pgc_weakkeydict_len(d), 0);
	pgc_decref(old_refs);
	pgc_decref(v1);
	pgc_decref(v2);
	pgc_decref(d);
}

static void iterating_keys_is_safe_while_they_die(void **state)
{
	pgc_object *d = pgc_weakkeydict_new(), *k[N];
	for (long i = 0; i < N; i++) {
		k[i] = thing(i);
		pgc_object *v = key(i);
		assert_int_equal(pgc_weakkeydict_set(d, k[i], v), 0);
		pgc_decref(v);
	}
	size_t pos = 0, seen = 0;
	pgc_object *ik, *iv;
	while (pgc_weakkeydict_next(d, &pos, &ik, &iv)) {
		if (seen == 0)
			for (int i = 1; i < N; i += 2) {
				pgc_decref(k[i]);
				k[i] = NULL;
			}
		assert_int_equal(THING(ik)->id, pgc_int_value(iv));
		assert_int_equal(THING(ik)->id % 2, 0);
		seen++;
		pgc_decref(ik);
		pgc_decref(iv);
	}
	assert_int_equal(seen, N / 2);
	assert_int_equal(pgc_weakkeydict_len(d), N / 2);
	assert_int_equal(pgc_weakkeydict_clear(d), 0);
	assert_int_equal(pgc_weakkeydict_len(d), 0);
	for (int i = 0; i < N; i++)
		pgc_decref(k[i]);
	pgc_decref(d);
}

/* ---------------------------------------------------- WeakSet */

static void a_member_leaves_the_set_when_it_dies(void **state)
{
	pgc_object *s = pgc_weakset_new(), *a = thing(1), *b = thing(2), *a2 = thing(1);
	assert_true(pgc_weakset_check(s));
	assert_false(pgc_weakset_check(a));
	assert_int_equal(pgc_weakset_add(s, a), 0);
	assert_int_equal(pgc_weakset_add(s, a2), 0); /* equal: no second member */
	assert_int_equal(pgc_weakset_add(s, b), 0);
	assert_int_equal(pgc_weakset_len(s), 2);
	assert_int_equal(pgc_weakset_contains(s, a2), 1);
	pgc_decref(a);
	assert_int_equal(pgc_weakset_len(s), 1);
	assert_int_equal(pgc_weakset_contains(s, a2), 0);
	assert_int_equal(pgc_weakset_discard(s, a2), 0);
	assert_int_equal(pgc_weakset_discard(s, b), 1);
	assert_int_equal(pgc_weakset_len(s), 0);
	pgc_object *three = key(3);
	assert_int_equal(pgc_weakset_add(s, three), -1);
	assert_int_equal(pgc_error(), PGC_EWEAKREF);
	pgc_decref(three);
	pgc_decref(a2);
	pgc_decref(b);
	pgc_decref(s);
}

static void iterating_a_set_is_safe_while_members_die(void **state)
{
	pgc_object *s = pgc_weakset_new(), *m[N];
	for (long i = 0; i < N; i++) {
		m[i] = thing(i);
		assert_int_equal(pgc_weakset_add(s, m[i]), 0);
	}
	size_t pos = 0, seen = 0;
	pgc_object *item;
	while (pgc_weakset_next(s, &pos, &item)) {
		/* Each member kills the next one, from inside the loop. */
		long id = THING(item)->id;
		if (id + 1 < N && m[id + 1]) {
			pgc_decref(m[id + 1]);
			m[id + 1] = NULL;
		}
		seen++;
		pgc_decref(item);
	}
	assert_int_equal(seen, N / 2);
	assert_int_equal(pgc_weakset_len(s), N / 2);
	for (int i = 0; i < N; i++)
		pgc_decref(m[i]);
	assert_int_equal(pgc_weakset_len(s), 0);
	pgc_decref(s);
}

/* ---------------------------------------------------- lifetimes */

static void a_container_may_die_before_its_entries(void **state)
{
	pgc_object *vd = pgc_weakvaluedict_new(), *kd = pgc_weakkeydict_new();
	pgc_object *s = pgc_weakset_new(), *o = thing(9), *k = key(9);
	assert_int_equal(pgc_weakvaluedict_set(vd, k, o), 0);
	assert_int_equal(pgc_weakkeydict_set(kd, o, k), 0);
	assert_int_equal(pgc_weakset_add(s, o), 0);
	size_t pos = 0;
	pgc_object *item;
	assert_int_equal(pgc_weakset_next(s, &pos, &item), 1); /* left open */
	pgc_decref(item);
	pgc_decref(vd);
	pgc_decref(kd);
	pgc_decref(s);
	assert_int_equal(pgc_weakref_getweakrefcount(o), 0);
	pgc_decref(o); /* no callback can reach the dead containers */
	pgc_decref(k);
}

static void a_container_in_garbage_with_its_entries_is_collected(void **state)
{
	/* d -> key -> value -> d: the value is held weakly, but the cycle
	 * through the key keeps it; all of it is cyclic garbage. */
	pgc_object *d = pgc_weakvaluedict_new(), *k = thing(10), *v = thing(11);
	THING(k)->ref = v;
	pgc_incref(v);
	THING(v)->ref = d;
	pgc_incref(d);
	assert_int_equal(pgc_weakvaluedict_set(d, k, v), 0);
	pgc_object *watch = pgc_weakref_new(v, NULL);
	pgc_decref(k);
	pgc_decref(v);
	pgc_decref(d);
	assert_true(pgc_gc_collect(2) >= 3);
	pgc_object *gone = pgc_weakref_deref(watch);
	assert_null(gone);
	pgc_decref(watch);
}

/* ---------------------------------------------------- worked examples */

/* Example 1, the observer pattern (docs/runtime.md): a subject keeps weak
 * references to its listeners, so subscribing never keeps a listener
 * alive; notify() delivers to the live ones and prunes the dead. */
struct listener {
	pgc_object ob;
	int received;
};
static pgc_type listener_type = {
    .name = "listener", .size = sizeof(struct listener), .flags = PGC_TF_WEAKREFABLE};

static int subscribe(pgc_object *subject, pgc_object *listener)
{
	pgc_object *wr = pgc_weakref_new(listener, NULL);
	int r = wr ? pgc_list_append(subject, wr) : -1;
	pgc_decref(wr);
	return r;
}

static int notify(pgc_object *subject, int event)
{
	int delivered = 0;
	for (size_t i = 0; i < pgc_list_size(subject);) {
		pgc_object *l = pgc_weakref_deref(pgc_list_get(subject, i));
		if (!l) { /* the listener is gone: forget it */
			pgc_decref(pgc_list_pop(subject, i));
			continue;
		}
		((struct listener *)l)->received += event;
		delivered++;
		pgc_decref(l);
		i++;
	}
	return delivered;
}

static void observer_example_delivers_only_to_live_listeners(void **state)
{
	pgc_object *subject = pgc_list_new(), *l[3];
	for (int i = 0; i < 3; i++) {
		l[i] = pgc_new(&listener_type);
		assert_int_equal(subscribe(subject, l[i]), 0);
	}
	assert_int_equal(notify(subject, 1), 3);
	pgc_decref(l[1]); /* unsubscribed by dying */
	assert_int_equal(notify(subject, 10), 2);
	assert_int_equal(pgc_list_size(subject), 2);
	assert_int_equal(((struct listener *)l[0])->received, 11);
	assert_int_equal(((struct listener *)l[2])->received, 11);
	pgc_decref(l[0]);
	pgc_decref(l[2]);
	assert_int_equal(notify(subject, 100), 0);
	assert_int_equal(pgc_list_size(subject), 0);
	pgc_decref(subject);
}

/* Example 2, a cache that holds its values weakly (docs/runtime.md): an
 * image stays cached exactly as long as someone uses it, so the cache can
 * never grow beyond what the program holds anyway. */
static int loads;
static pgc_object *image_load(pgc_object *cache, pgc_object *name)
{
	pgc_object *img = pgc_weakvaluedict_get(cache, name);
	if (img)
		return img;	       /* hit: someone still holds it */
	img = pgc_new(&listener_type); /* stands for an expensive decode */
	loads++;
	if (img && pgc_weakvaluedict_set(cache, name, img) < 0) {
		pgc_decref(img);
		return NULL;
	}
	return img;
}

static void cache_example_stays_bounded_by_what_is_in_use(void **state)
{
	pgc_object *cache = pgc_weakvaluedict_new(), *name = pgc_str("logo");
	loads = 0;
	pgc_object *a = image_load(cache, name), *b = image_load(cache, name);
	assert_ptr_equal(a, b);
	assert_int_equal(loads, 1);
	pgc_decref(a);
	pgc_decref(b);
	assert_int_equal(pgc_weakvaluedict_len(cache), 0);
	pgc_object *c = image_load(cache, name);
	assert_int_equal(loads, 2);
	for (long i = 0; i < 1000; i++) { /* use-and-drop: nothing accumulates */
		pgc_object *n = pgc_int(10000 + i);
		pgc_decref(image_load(cache, n));
		pgc_decref(n);
	}
	assert_int_equal(pgc_weakvaluedict_len(cache), 1);
	pgc_decref(c);
	assert_int_equal(pgc_weakvaluedict_len(cache), 0);
	pgc_decref(name);
	pgc_decref(cache);
}

int main(void)
{
	pgc_init();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_value_entry_disappears_when_the_value_dies),
	    cmocka_unit_test(a_value_in_a_cycle_disappears_at_collection),
	    cmocka_unit_test(a_value_that_forbids_weak_references_is_refused),
	    cmocka_unit_test(a_stale_value_callback_never_removes_a_newer_entry),
	    cmocka_unit_test(iterating_values_is_safe_while_they_die),
	    cmocka_unit_test(a_key_entry_disappears_when_the_key_dies),
	    cmocka_unit_test(a_stale_key_callback_never_removes_a_newer_entry),
	    cmocka_unit_test(iterating_keys_is_safe_while_they_die),
	    cmocka_unit_test(a_member_leaves_the_set_when_it_dies),
	    cmocka_unit_test(iterating_a_set_is_safe_while_members_die),
	    cmocka_unit_test(a_container_may_die_before_its_entries),
	    cmocka_unit_test(a_container_in_garbage_with_its_entries_is_collected),
	    cmocka_unit_test(observer_example_delivers_only_to_live_listeners),
	    cmocka_unit_test(cache_example_stays_bounded_by_what_is_in_use),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
