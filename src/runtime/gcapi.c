/*
 * gcapi.c - the pgc_gc_* functions (Python's gc module): enable/disable,
 * counts, thresholds, stats, debug output, object introspection, freeze,
 * callbacks and gc.garbage. The algorithm itself is in gc.c.
 */
#include <stdio.h>

#include "runtime/gc_state.h"

typedef struct pgc__obj obj;
#define NEXT(o) ((obj *)(o)->gc_next)

static FILE *debug_stream;
static pgc_object *garbage;

struct callback {
	pgc_gc_callback fn;
	void *arg;
};
static struct callback *callbacks;
static size_t ncallbacks, capcallbacks;

void *pgc__debug_stream(void) { return debug_stream ? debug_stream : stderr; }

void pgc_gc_enable(void)
{
	PGC__ENSURE_INIT();
	pgc__stats.enabled = 1;
	pgc__gc_update_trigger();
}

void pgc_gc_disable(void)
{
	PGC__ENSURE_INIT();
	pgc__stats.enabled = 0;
	pgc__gc_update_trigger();
}

int pgc_gc_isenabled(void)
{
	PGC__ENSURE_INIT();
	return pgc__stats.enabled;
}

void pgc_gc_get_count(long out[3])
{
	PGC__ENSURE_INIT();
	for (int i = 0; i < PGC__NGEN; i++)
		out[i] = (long)pgc__stats.gen[i].count;
}

void pgc_gc_get_threshold(long out[3])
{
	PGC__ENSURE_INIT();
	for (int i = 0; i < PGC__NGEN; i++)
		out[i] = pgc__gc.threshold[i];
}

int pgc_gc_set_threshold(long t0, long t1, long t2)
{
	PGC__ENSURE_INIT();
	if (t0 < 0 || t1 < 0 || t2 < 0)
		return pgc__set_error(PGC_EINVAL);
	pgc__gc.threshold[0] = t0;
	pgc__gc.threshold[1] = t1;
	pgc__gc.threshold[2] = t2;
	pgc__gc_update_trigger();
	return 0;
}

void pgc_gc_get_stats(struct pgc_gc_genstats out[3])
{
	PGC__ENSURE_INIT();
	for (int i = 0; i < PGC__NGEN; i++) {
		out[i].collections = pgc__stats.gen[i].collections;
		out[i].collected = pgc__stats.gen[i].collected;
		out[i].uncollectable = pgc__stats.gen[i].uncollectable;
	}
}

void pgc_gc_set_debug(int flags)
{
	PGC__ENSURE_INIT();
	pgc__gc.debug = flags;
}

int pgc_gc_get_debug(void) { return pgc__gc.debug; }

void pgc_gc_set_debug_stream(FILE *stream) { debug_stream = stream; }

void pgc__gc_debug_start(int gen)
{
	FILE *f = pgc__debug_stream();
	fprintf(f, "gc: collecting generation %d...\n", gen);
	fprintf(f, "gc: objects in each generation: %zu %zu %zu\n", pgc__list_size(&pgc__gc.gen[0]),
		pgc__list_size(&pgc__gc.gen[1]), pgc__list_size(&pgc__gc.gen[2]));
	fprintf(f, "gc: objects in permanent generation: %zu\n",
		pgc__list_size(&pgc__gc.permanent));
}

void pgc__gc_debug_done(size_t collected, size_t uncollectable)
{
	fprintf(pgc__debug_stream(), "gc: done, %zu unreachable, %zu uncollectable\n",
		collected + uncollectable, uncollectable);
}

void pgc__gc_debug_object(const char *what, pgc_object *o)
{
	fprintf(pgc__debug_stream(), "gc: %s <%s %p>\n", what, pgc__type_of(o)->name, (void *)o);
}

pgc_object *pgc__gc_garbage_list(void)
{
	if (!garbage)
		garbage = pgc_list_new();
	return garbage;
}

pgc_object *pgc_gc_garbage(void)
{
	PGC__ENSURE_INIT();
	return pgc__gc_garbage_list();
}

int pgc_gc_callbacks_add(pgc_gc_callback cb, void *arg)
{
	PGC__ENSURE_INIT();
	if (!cb)
		return pgc__set_error(PGC_EINVAL);
	if (ncallbacks == capcallbacks) {
		size_t ncap = capcallbacks ? 2 * capcallbacks : 4;
		struct callback *n = pgc__realloc(callbacks, capcallbacks * sizeof(*n),
						  ncap * sizeof(*n), __FILE__, __LINE__, __func__);
		if (!n)
			return -1;
		callbacks = n;
		capcallbacks = ncap;
	}
	callbacks[ncallbacks++] = (struct callback){cb, arg};
	return 0;
}

int pgc_gc_callbacks_remove(pgc_gc_callback cb, void *arg)
{
	for (size_t i = 0; i < ncallbacks; i++) {
		if (callbacks[i].fn == cb && callbacks[i].arg == arg) {
			for (size_t j = i + 1; j < ncallbacks; j++)
				callbacks[j - 1] = callbacks[j];
			ncallbacks--;
			return 0;
		}
	}
	return pgc__set_error(PGC_EINVAL);
}

/* A callback may add or remove callbacks: re-read the count every step. */
void pgc__gc_invoke_callbacks(const char *phase, const struct pgc_gc_info *info)
{
	for (size_t i = 0; i < ncallbacks; i++)
		callbacks[i].fn(phase, info, callbacks[i].arg);
}

int pgc_gc_is_tracked(const pgc_object *o) { return PGC__H(o)->gc_next != 0; }

int pgc_gc_is_finalized(const pgc_object *o) { return pgc__has_flag(o, PGC__F_FINALIZED); }

/* Sets the GEN bits of every object on `head`. */
static void retag(obj *head, uint32_t tag)
{
	for (obj *o = NEXT(head); o != head; o = NEXT(o))
		o->tflags = (o->tflags & ~PGC__GEN_MASK) | tag;
}

void pgc_gc_freeze(void)
{
	PGC__ENSURE_INIT();
	for (int i = 0; i < PGC__NGEN; i++) {
		pgc__list_merge(&pgc__gc.gen[i], &pgc__gc.permanent);
		pgc__stats.gen[i].count = 0;
	}
	retag(&pgc__gc.permanent, PGC__GEN_NONE);
}

void pgc_gc_unfreeze(void)
{
	PGC__ENSURE_INIT();
	retag(&pgc__gc.permanent, (uint32_t)(PGC__NGEN - 1) << PGC__GEN_SHIFT);
	pgc__list_merge(&pgc__gc.permanent, &pgc__gc.gen[PGC__NGEN - 1]);
}

size_t pgc_gc_get_freeze_count(void)
{
	PGC__ENSURE_INIT();
	return pgc__list_size(&pgc__gc.permanent);
}

/*
 * The walks below must not see the generation lists change under them: the
 * result list is created first (creation may collect), and while walking,
 * `collecting` is set so an allocation failure cannot start a collection.
 */
struct walk {
	pgc_object *result;
	pgc_object *const *objs; /* get_referrers: the targets */
	size_t n;
	int ok;
};

static void walk_gens(struct walk *w, int generation, int (*want)(pgc_object *, struct walk *))
{
	int saved = pgc__gc.collecting;
	pgc__gc.collecting = 1;
	for (int i = 0; i < PGC__NGEN && w->ok; i++) {
		if (generation != -1 && i != generation)
			continue;
		obj *head = &pgc__gc.gen[i];
		for (obj *o = NEXT(head); o != head && w->ok; o = NEXT(o)) {
			pgc_object *op = (pgc_object *)o;
			if (op != w->result && want(op, w))
				w->ok = pgc_list_append(w->result, op) == 0;
		}
	}
	pgc__gc.collecting = saved;
}

static pgc_object *walk_result(struct walk *w)
{
	if (!w->ok) {
		pgc_decref(w->result);
		return NULL;
	}
	return w->result;
}

static int want_all(pgc_object *o, struct walk *w) { return 1; }

pgc_object *pgc_gc_get_objects(int generation)
{
	PGC__ENSURE_INIT();
	if (generation < -1 || generation >= PGC__NGEN)
		return pgc__set_error(PGC_EINVAL), NULL;
	struct walk w = {.result = pgc_list_new(), .ok = 1};
	if (!w.result)
		return NULL;
	walk_gens(&w, generation, want_all);
	return walk_result(&w);
}

static int visit_find(pgc_object *o, void *arg)
{
	struct walk *w = arg;
	for (size_t i = 0; i < w->n; i++)
		if (w->objs[i] == o)
			return 1;
	return 0;
}

static int want_referrer(pgc_object *o, struct walk *w)
{
	return pgc__type_of(o)->traverse(o, visit_find, w) != 0;
}

pgc_object *pgc_gc_get_referrers(pgc_object *const *objs, size_t n)
{
	PGC__ENSURE_INIT();
	struct walk w = {.result = pgc_list_new(), .objs = objs, .n = n, .ok = 1};
	if (!w.result)
		return NULL;
	walk_gens(&w, -1, want_referrer);
	return walk_result(&w);
}

static int visit_collect(pgc_object *o, void *arg) { return pgc_list_append(arg, o) < 0 ? -1 : 0; }

pgc_object *pgc_gc_get_referents(pgc_object *const *objs, size_t n)
{
	PGC__ENSURE_INIT();
	pgc_object *l = pgc_list_new();
	for (size_t i = 0; l && i < n; i++) {
		pgc_type *t = pgc__type_of(objs[i]);
		if ((t->flags & PGC_TF_GC) && t->traverse(objs[i], visit_collect, l) < 0) {
			pgc_decref(l);
			l = NULL;
		}
	}
	return l;
}
