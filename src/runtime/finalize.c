/*
 * finalize.c - weakref.finalize: call func(arg) once when an object dies,
 * on demand, or at exit. A registry (newest first) owns every finalizer
 * that has not run nor been detached, as Python's finalize._registry does.
 */
#include "runtime/internal.h"

struct finalizer {
	pgc_object ob;
	pgc_object *wr; /* weakref to the object; its data is this finalizer */
	pgc_finalize_fn fn;
	pgc_object *arg;
	int atexit;
	int alive;
	struct finalizer *reg_prev, *reg_next; /* registry, while alive */
};
#define F(o) ((struct finalizer *)(o))

static struct finalizer *registry; /* newest first */

static int fin_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	int r = F(o)->wr ? visit(F(o)->wr, arg) : 0;
	if (!r && F(o)->arg)
		r = visit(F(o)->arg, arg);
	return r;
}

static void fin_clear(pgc_object *o)
{
	pgc_object *wr = F(o)->wr, *arg = F(o)->arg;
	F(o)->wr = F(o)->arg = NULL;
	pgc_decref(wr);
	pgc_decref(arg);
}

PGC__HIDDEN pgc_type pgc__finalize_type = {
    .name = "finalize",
    .size = sizeof(struct finalizer),
    .flags = PGC_TF_GC | PGC_TF_WEAKREFABLE,
    .traverse = fin_traverse,
    .clear = fin_clear,
    .pgc_private_index_ = 8,
};

static int check(pgc_object *f)
{
	if (f && pgc__type_of(f) == &pgc__finalize_type)
		return 1;
	pgc__set_error(PGC_ETYPE);
	return 0;
}

/* Marks f dead: leaves the registry (dropping the registry's reference)
 * and releases the weakref. Returns the argument reference to the caller. */
static pgc_object *kill(struct finalizer *f)
{
	f->alive = 0;
	if (f->reg_prev)
		f->reg_prev->reg_next = f->reg_next;
	else
		registry = f->reg_next;
	if (f->reg_next)
		f->reg_next->reg_prev = f->reg_prev;
	f->reg_prev = f->reg_next = NULL;
	pgc_object *arg = f->arg, *wr = f->wr;
	f->arg = f->wr = NULL;
	pgc_incref(&f->ob); /* keep f valid until the caller is done */
	pgc_decref(wr);
	pgc_decref(&f->ob); /* the registry's reference */
	return arg;
}

/* Runs f if alive; the caller holds a reference to f. */
static int run(struct finalizer *f)
{
	if (!f->alive)
		return 0;
	pgc_finalize_fn fn = f->fn;
	pgc_object *arg = kill(f);
	fn(arg);
	pgc_decref(arg);
	return 1;
}

/* The weakref's callback: the object died. */
static void on_death(pgc_object *wr)
{
	pgc_object *f = pgc_weakref_data(wr);
	if (f) {
		pgc_incref(f);
		run(F(f));
		pgc_decref(f);
	}
}

pgc_object *pgc_weakref_finalize(pgc_object *obj, pgc_finalize_fn func, pgc_object *arg)
{
	PGC__ENSURE_INIT();
	if (!obj || !func)
		return pgc__set_error(PGC_EINVAL), NULL;
	if (!(pgc__type_of(obj)->flags & PGC_TF_WEAKREFABLE))
		return pgc__set_error(PGC_EWEAKREF), NULL;
	pgc_object *o = pgc_new(&pgc__finalize_type);
	if (!o)
		return NULL;
	struct finalizer *f = F(o);
	f->wr = pgc_weakref_new_data(obj, on_death, o);
	if (!f->wr) {
		pgc_decref(o);
		return NULL;
	}
	f->fn = func;
	pgc_incref(arg);
	f->arg = arg;
	f->atexit = 1;
	f->alive = 1;
	pgc_incref(o); /* the registry's reference */
	f->reg_next = registry;
	if (registry)
		registry->reg_prev = f;
	registry = f;
	return o;
}

int pgc_weakref_finalize_alive(pgc_object *f) { return check(f) && F(f)->alive; }

int pgc_weakref_finalize_peek(pgc_object *f, pgc_object **obj, pgc_finalize_fn *func,
			      pgc_object **arg)
{
	if (!check(f) || !F(f)->alive)
		return 0;
	if (obj)
		*obj = pgc_weakref_deref(F(f)->wr);
	if (func)
		*func = F(f)->fn;
	if (arg) {
		pgc_incref(F(f)->arg);
		*arg = F(f)->arg;
	}
	return 1;
}

int pgc_weakref_finalize_detach(pgc_object *f, pgc_object **obj, pgc_finalize_fn *func,
				pgc_object **arg)
{
	if (!pgc_weakref_finalize_peek(f, obj, func, arg))
		return 0;
	pgc_decref(kill(F(f)));
	return 1;
}

int pgc_weakref_finalize_call(pgc_object *f)
{
	if (!check(f))
		return 0;
	pgc_incref(f);
	int r = run(F(f));
	pgc_decref(f);
	return r;
}

void pgc_weakref_finalize_set_atexit(pgc_object *f, int atexit)
{
	if (check(f))
		F(f)->atexit = atexit != 0;
}

int pgc_weakref_finalize_get_atexit(pgc_object *f) { return check(f) && F(f)->atexit; }

void pgc__finalize_at_exit(void)
{
	for (;;) {
		struct finalizer *f = registry;
		while (f && !f->atexit)
			f = f->reg_next;
		if (!f)
			return;
		pgc_incref(&f->ob);
		run(f);
		pgc_decref(&f->ob);
	}
}
