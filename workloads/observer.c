/*
 * observer - the observer pattern with weak references: a subject keeps a
 * list of weak references to its listeners, so subscribing never keeps a
 * listener alive. When a listener dies its reference goes dead, and the
 * subject drops it at the next notification.
 *
 *   paddock run build/workloads/observer
 */
#include <stdio.h>

#include "pgc.h"

struct listener {
	pgc_object head;
	const char *name;
	int events; /* notifications received */
};

static pgc_type listener_type = {
    .name = "listener",
    .size = sizeof(struct listener),
    .flags = PGC_TF_WEAKREFABLE,
};

/* The subject: a list of weak references. */
static pgc_object *subscribers;

static int subscribe(pgc_object *l)
{
	pgc_object *wr = pgc_weakref_new(l, NULL);
	if (!wr)
		return -1;
	int rc = pgc_list_append(subscribers, wr);
	pgc_decref(wr);
	return rc;
}

/* Deliver one event to every live listener, pruning dead references.
 * Returns the number of listeners reached. */
static int notify(const char *event)
{
	int reached = 0;
	for (size_t i = 0; i < pgc_list_size(subscribers);) {
		pgc_object *l = pgc_weakref_deref(pgc_list_get(subscribers, i));
		if (!l) {
			printf("  (a dead listener is dropped)\n");
			pgc_decref(pgc_list_pop(subscribers, i)); /* dead: forget it */
			continue;
		}
		i++;
		struct listener *li = (struct listener *)l;
		li->events++;
		reached++;
		printf("  %s got %s\n", li->name, event);
		pgc_decref(l);
	}
	return reached;
}

static pgc_object *make_listener(const char *name)
{
	struct listener *l = (struct listener *)pgc_new(&listener_type);
	if (!l)
		return NULL;
	l->name = name;
	return &l->head;
}

int main(void)
{
	subscribers = pgc_list_new();
	pgc_object *a = make_listener("alice"), *b = make_listener("bob"),
		   *c = make_listener("carol");
	if (!subscribers || !a || !b || !c || subscribe(a) || subscribe(b) || subscribe(c)) {
		fprintf(stderr, "observer: setup failed: %s\n", pgc_strerror(pgc_error()));
		return 1;
	}
	printf("event 1 (3 listeners subscribed):\n");
	int first = notify("event 1");
	pgc_decref(b); /* bob's owner lets go; the subject's weak reference does not keep him */
	printf("event 2 (bob was dropped by his owner):\n");
	int second = notify("event 2");
	printf("subscribers left: %zu\n", pgc_list_size(subscribers));
	pgc_decref(a);
	pgc_decref(c);
	pgc_decref(subscribers);
	return first == 3 && second == 2 ? 0 : 1;
}
