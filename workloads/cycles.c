/*
 * cycles - cyclic garbage in a loop: the seed's central lesson.
 *
 * Each round builds a ring of three nodes that point at each other, then
 * drops the program's last reference to it. Reference counting alone can
 * never free such a ring (every node is still referenced by its neighbour);
 * only the cycle collector can. With the collector on (the default) the live
 * heap stays flat however many rounds run; with PGC_GC=0 every ring stays
 * behind until an allocation fails. Try it (docs/tutorial.md):
 *
 *   paddock run -p LimitAS=256M build/workloads/cycles
 *   paddock run -p LimitAS=256M -p Environment=PGC_GC=0 build/workloads/cycles
 *
 * Usage: cycles [ROUNDS]   (default 100000 rounds of 3 x 4 KiB nodes, 1.2 GB)
 */
#include <stdio.h>
#include <stdlib.h>

#include "pgc.h"

#define RING	3    /* nodes per cycle */
#define PAYLOAD 4096 /* bytes carried by each node, so the garbage weighs something */

struct node {
	pgc_object head;
	pgc_object *next; /* strong: the edge that closes the ring */
	char payload[];
};

static int node_traverse(pgc_object *self, pgc_visitfn visit, void *arg)
{
	struct node *n = (struct node *)self;
	return n->next ? visit(n->next, arg) : 0;
}

static void node_clear(pgc_object *self)
{
	struct node *n = (struct node *)self;
	pgc_object *next = n->next;
	n->next = NULL;
	pgc_decref(next);
}

static pgc_type node_type = {
    .name = "node",
    .size = sizeof(struct node),
    .flags = PGC_TF_GC,
    .traverse = node_traverse,
    .clear = node_clear,
};

/* Build one ring of RING nodes and return its first node (a new reference),
 * or NULL when an allocation failed. */
static pgc_object *make_ring(void)
{
	struct node *first = (struct node *)pgc_new_var(&node_type, PAYLOAD);
	if (!first)
		return NULL;
	struct node *prev = first;
	for (int i = 1; i < RING; i++) {
		struct node *n = (struct node *)pgc_new_var(&node_type, PAYLOAD);
		if (!n) {
			pgc_decref(&first->head); /* no cycle yet: refcounting frees it */
			return NULL;
		}
		prev->next = &n->head; /* prev owns n's only reference */
		prev = n;
	}
	pgc_incref(&first->head);
	prev->next = &first->head; /* close the ring */
	return &first->head;
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	if (rounds <= 0) {
		fprintf(stderr, "usage: cycles [ROUNDS > 0]\n");
		return 2;
	}
	pgc_init();
	for (long r = 0; r < rounds; r++) {
		pgc_object *ring = make_ring();
		if (!ring) {
			fprintf(stderr, "cycles: allocation failed in round %ld: %s\n", r,
				pgc_strerror(pgc_error()));
			return 1;
		}
		pgc_decref(ring); /* the ring is now garbage that only the collector can see */
	}
	struct pgc_gc_genstats st[3];
	pgc_gc_get_stats(st);
	printf("cycles: %ld rings of %d nodes (%.0f MiB) built and dropped; collector %s; "
	       "%zu collected in %zu collections\n",
	       rounds, RING, (double)rounds * RING * PAYLOAD / (1024.0 * 1024.0),
	       pgc_gc_isenabled() ? "on" : "off",
	       st[0].collected + st[1].collected + st[2].collected,
	       st[0].collections + st[1].collections + st[2].collections);
	return 0;
}
