/*
 * test_weakref.c - weak references and proxies (src/runtime/weakref.c):
 * deref, callbacks (once, newest first, never after the weakref died, the
 * collector's clear-all-then-call rule), counts, hash/eq, proxies, opt-in.
 */
#include <string.h>

#include "testtypes.h"

static int cb_calls;
static pgc_object *cb_seen[16];
static int cb_saw_live_referent;
static pgc_object *watch[2]; /* weakrefs the callback inspects */
static int watch_alive_in_cb;

static void record_cb(pgc_object *wr)
{
	if (cb_calls < 16)
		cb_seen[cb_calls] = wr;
	cb_calls++;
	pgc_object *r = pgc_weakref_deref(wr);
	if (r) {
		cb_saw_live_referent = 1;
		pgc_decref(r);
	}
	for (int i = 0; i < 2; i++) {
		pgc_object *w = watch[i] ? pgc_weakref_deref(watch[i]) : NULL;
		if (w) {
			watch_alive_in_cb = 1;
			pgc_decref(w);
		}
	}
}

static int setup(void **state)
{
	cb_calls = 0;
	cb_saw_live_referent = 0;
	watch[0] = watch[1] = NULL;
	watch_alive_in_cb = 0;
	memset(cb_seen, 0, sizeof(cb_seen));
	return reset_runtime(state);
}

static void deref_gives_the_object_while_alive_and_null_after(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_object *wr = pgc_weakref_new(o, NULL);
	assert_true(pgc_weakref_check(wr));
	assert_int_equal(pgc_getrefcount(o), 2); /* the weakref adds nothing */
	pgc_object *r = pgc_weakref_deref(wr);
	assert_ptr_equal(r, o);
	pgc_decref(r);
	pgc_decref(o);
	assert_null(pgc_weakref_deref(wr));
	assert_int_equal(pgc_error(), PGC_OK);
	pgc_decref(wr);
}

static void the_callback_runs_once_after_death_with_the_weakref(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_object *wr = pgc_weakref_new(o, record_cb);
	pgc_decref(o);
	assert_int_equal(cb_calls, 1);
	assert_ptr_equal(cb_seen[0], wr);
	assert_false(cb_saw_live_referent);
	pgc_gc_collect(2);
	assert_int_equal(cb_calls, 1);
	pgc_decref(wr);
	assert_int_equal(cb_calls, 1);
}

static void the_callback_never_runs_if_the_weakref_died_first(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_object *wr = pgc_weakref_new(o, record_cb);
	pgc_decref(wr);
	pgc_decref(o);
	assert_int_equal(cb_calls, 0);
}

static void callbacks_run_newest_first(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_object *w1 = pgc_weakref_new(o, record_cb);
	pgc_object *w2 = pgc_weakref_new(o, record_cb);
	pgc_object *w3 = pgc_weakref_new(o, record_cb);
	pgc_decref(o);
	assert_int_equal(cb_calls, 3);
	assert_ptr_equal(cb_seen[0], w3);
	assert_ptr_equal(cb_seen[1], w2);
	assert_ptr_equal(cb_seen[2], w1);
	pgc_decref(w1);
	pgc_decref(w2);
	pgc_decref(w3);
}

static void in_a_collection_all_weakrefs_are_cleared_before_any_callback(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1), *b = tnew(&tnode_type, 2);
	set_ref(a, 0, b);
	set_ref(b, 0, a);
	watch[0] = pgc_weakref_new(a, record_cb);
	watch[1] = pgc_weakref_new(b, record_cb);
	pgc_decref(a);
	pgc_decref(b);
	assert_int_equal(cb_calls, 0);
	assert_int_equal(pgc_gc_collect(2), 2);
	assert_int_equal(cb_calls, 2);
	assert_false(watch_alive_in_cb);
	pgc_decref(watch[0]);
	pgc_decref(watch[1]);
}

static void a_weakref_that_is_itself_garbage_has_its_callback_skipped(void **state)
{
	pgc_object *a = tnew(&tnode_type, 1), *b = tnew(&tnode_type, 2);
	set_ref(a, 0, b);
	set_ref(b, 0, a);
	pgc_object *wr = pgc_weakref_new(b, record_cb);
	set_ref(a, 1, wr); /* the weakref lives only inside the garbage */
	pgc_decref(wr);
	pgc_decref(a);
	pgc_decref(b);
	assert_int_equal(pgc_gc_collect(2), 3);
	assert_int_equal(cb_calls, 0);
}

static void getweakrefcount_and_getweakrefs_list_live_weakrefs(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	assert_int_equal(pgc_weakref_getweakrefcount(o), 0);
	pgc_object *w1 = pgc_weakref_new(o, record_cb), *w2 = pgc_weakref_new(o, NULL);
	pgc_object *p = pgc_weakref_proxy(o, NULL);
	assert_int_equal(pgc_weakref_getweakrefcount(o), 3);
	pgc_object *l = pgc_weakref_getweakrefs(o);
	assert_int_equal(pgc_list_size(l), 3);
	assert_ptr_equal(pgc_list_get(l, 0), p); /* newest first */
	assert_ptr_equal(pgc_list_get(l, 2), w1);
	pgc_decref(l);
	pgc_decref(w2);
	assert_int_equal(pgc_weakref_getweakrefcount(o), 2);
	pgc_decref(o);
	pgc_decref(w1);
	pgc_decref(p);
}

static void weakrefs_without_callback_are_shared(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_object *w1 = pgc_weakref_new(o, NULL), *w2 = pgc_weakref_new(o, NULL);
	pgc_object *w3 = pgc_weakref_new(o, record_cb);
	assert_true(pgc_is(w1, w2));
	assert_false(pgc_is(w1, w3));
	pgc_decref(w1);
	pgc_decref(w2);
	pgc_decref(w3);
	pgc_decref(o);
}

static void hash_and_eq_follow_the_referent_and_stay_stable_after_death(void **state)
{
	pgc_object *k1 = pgc_list_new(), *k2 = pgc_list_new(); /* equal, unhashable */
	pgc_object *s = pgc_str("key string"), *s2 = pgc_str("key string");
	pgc_object *d1 = pgc_dict_new(), *d2 = pgc_dict_new();
	(void)k1, (void)k2;
	pgc_object *wa = pgc_weakref_new(d1, NULL), *wb = pgc_weakref_new(d2, NULL);
	assert_int_equal(pgc_eq(wa, wb), 1); /* two empty dicts are equal */
	uint64_t h;
	assert_int_equal(pgc_hash(wa, &h), -1); /* dicts are unhashable */
	pgc_decref(d2);
	assert_int_equal(pgc_eq(wa, wb), 0); /* one dead: identity */
	assert_int_equal(pgc_eq(wb, wb), 1);
	/* A hashable weakrefable referent: a user type with identity hash. */
	pgc_object *o = tnew(&tnode_type, 1);
	pgc_object *wo = pgc_weakref_new(o, NULL);
	uint64_t ho, hw, hw2;
	pgc_hash(o, &ho);
	assert_int_equal(pgc_hash(wo, &hw), 0);
	assert_true(ho == hw);
	pgc_decref(o);
	assert_int_equal(pgc_hash(wo, &hw2), 0); /* stable after death */
	assert_true(hw == hw2);
	assert_int_equal(pgc_hash(wb, &h), -1); /* never hashed, now dead */
	assert_int_equal(pgc_error(), PGC_ETYPE);
	pgc_decref(wo);
	pgc_decref(wa);
	pgc_decref(wb);
	pgc_decref(d1);
	pgc_decref(k1);
	pgc_decref(k2);
	pgc_decref(s);
	pgc_decref(s2);
}

static void proxies_forward_to_the_live_object_and_fail_when_dead(void **state)
{
	pgc_object *l = pgc_list_new();
	pgc_object *p = pgc_weakref_proxy(l, record_cb);
	assert_true(pgc_weakref_proxy_check(p));
	pgc_object *v = pgc_int(77);
	assert_int_equal(pgc_list_append(p, v), 0);
	assert_int_equal(pgc_list_size(l), 1);
	assert_int_equal(pgc_list_size(p), 1);
	assert_ptr_equal(pgc_list_get(p, 0), v);
	assert_int_equal(pgc_eq(p, l), 1);
	uint64_t h;
	assert_int_equal(pgc_hash(p, &h), -1);
	assert_int_equal(pgc_error(), PGC_EUNHASHABLE);
	pgc_decref(l);
	assert_int_equal(cb_calls, 1);
	assert_int_equal(pgc_list_append(p, v), -1);
	assert_int_equal(pgc_error(), PGC_EREFERENCE);
	assert_int_equal(pgc_eq(p, v), -1);
	assert_int_equal(pgc_error(), PGC_EREFERENCE);
	assert_null(pgc_weakref_proxy_target(p));
	assert_int_equal(pgc_error(), PGC_EREFERENCE);
	assert_null(pgc_weakref_deref(p)); /* a proxy is not a ref */
	assert_int_equal(pgc_error(), PGC_ETYPE);
	pgc_decref(v);
	pgc_decref(p);
}

static void a_type_without_the_flag_refuses_weak_references(void **state)
{
	static pgc_type plain = {.name = "plain", .size = sizeof(pgc_object)};
	pgc_object *o = pgc_new(&plain);
	assert_null(pgc_weakref_new(o, NULL));
	assert_int_equal(pgc_error(), PGC_EWEAKREF);
	assert_null(pgc_weakref_proxy(o, NULL));
	assert_null(pgc_weakref_finalize(o, (pgc_finalize_fn)pgc_decref, NULL));
	assert_int_equal(pgc_error(), PGC_EWEAKREF);
	pgc_object *s = pgc_str("abc"), *t = pgc_tuple(1, &s), *i = pgc_int(1);
	assert_null(pgc_weakref_new(s, NULL));
	assert_null(pgc_weakref_new(t, NULL));
	assert_null(pgc_weakref_new(i, NULL));
	assert_int_equal(pgc_error(), PGC_EWEAKREF);
	pgc_decref(t);
	pgc_decref(s);
	pgc_decref(i);
	pgc_decref(o);
}

static void every_weakrefable_builtin_accepts_a_weak_reference(void **state)
{
	pgc_object *objs[] = {pgc_list_new(), pgc_dict_new(), NULL};
	pgc_object *target = tnew(&tnode_type, 0);
	objs[2] = pgc_weakref_finalize(target, (pgc_finalize_fn)pgc_decref, NULL);
	for (int i = 0; i < 3; i++) {
		pgc_object *wr = pgc_weakref_new(objs[i], record_cb);
		assert_non_null(wr);
		pgc_object *r = pgc_weakref_deref(wr);
		assert_ptr_equal(r, objs[i]);
		pgc_decref(r);
		pgc_decref(objs[i]);
		if (i < 2)
			assert_null(pgc_weakref_deref(wr));
		pgc_decref(wr);
	}
	assert_int_equal(cb_calls, 2); /* the finalize object is kept by its registry */
	pgc_decref(target);
}

static void resurrection_at_refcount_zero_keeps_weakrefs_but_collection_clears_them(void **state)
{
	pgc_object *a = tnew(&tres_type, 1);
	pgc_object *wr = pgc_weakref_new(a, record_cb);
	pgc_decref(a); /* finalizer runs first and resurrects: weakref survives */
	assert_ptr_equal(resurrected, a);
	pgc_object *r = pgc_weakref_deref(wr);
	assert_ptr_equal(r, a);
	pgc_decref(r);
	assert_int_equal(cb_calls, 0);
	pgc_decref(a);
	assert_int_equal(cb_calls, 1);
	pgc_decref(wr);

	/* In a collection the weakrefs to garbage are cleared before any
	 * finalizer runs (CPython <= 3.13): a resurrected object loses them. */
	resurrected = NULL;
	pgc_object *b = tnew(&tres_type, 2);
	set_ref(b, 0, b);
	wr = pgc_weakref_new(b, record_cb);
	pgc_decref(b);
	assert_int_equal(pgc_gc_collect(2), 0);
	assert_ptr_equal(resurrected, b);
	assert_null(pgc_weakref_deref(wr));
	assert_int_equal(cb_calls, 2);
	set_ref(b, 0, NULL);
	pgc_decref(b);
	pgc_decref(wr);
}

static void data_is_held_strongly_and_readable_from_the_callback(void **state)
{
	pgc_object *o = tnew(&tnode_type, 1), *data = pgc_str("payload data!");
	pgc_object *wr = pgc_weakref_new_data(o, record_cb, data);
	assert_int_equal(pgc_getrefcount(data), 3);
	assert_ptr_equal(pgc_weakref_data(wr), data);
	pgc_decref(o);
	assert_int_equal(cb_calls, 1);
	pgc_decref(wr);
	assert_int_equal(pgc_getrefcount(data), 2);
	pgc_decref(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(deref_gives_the_object_while_alive_and_null_after, setup),
	    cmocka_unit_test_setup(the_callback_runs_once_after_death_with_the_weakref, setup),
	    cmocka_unit_test_setup(the_callback_never_runs_if_the_weakref_died_first, setup),
	    cmocka_unit_test_setup(callbacks_run_newest_first, setup),
	    cmocka_unit_test_setup(in_a_collection_all_weakrefs_are_cleared_before_any_callback,
				   setup),
	    cmocka_unit_test_setup(a_weakref_that_is_itself_garbage_has_its_callback_skipped,
				   setup),
	    cmocka_unit_test_setup(getweakrefcount_and_getweakrefs_list_live_weakrefs, setup),
	    cmocka_unit_test_setup(weakrefs_without_callback_are_shared, setup),
	    cmocka_unit_test_setup(hash_and_eq_follow_the_referent_and_stay_stable_after_death,
				   setup),
	    cmocka_unit_test_setup(proxies_forward_to_the_live_object_and_fail_when_dead, setup),
	    cmocka_unit_test_setup(a_type_without_the_flag_refuses_weak_references, setup),
	    cmocka_unit_test_setup(every_weakrefable_builtin_accepts_a_weak_reference, setup),
	    cmocka_unit_test_setup(
		resurrection_at_refcount_zero_keeps_weakrefs_but_collection_clears_them, setup),
	    cmocka_unit_test_setup(data_is_held_strongly_and_readable_from_the_callback, setup),
	};
	return cmocka_run_group_tests_name("weakref", tests, NULL, NULL);
}
