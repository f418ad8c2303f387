/*
 * leak - a program that keeps every object it makes: reachable memory that
 * no collector may free. The cycle collector only frees what is unreachable;
 * a "leak" in a garbage-collected language is memory still referenced from
 * a live structure (here a global registry list). Under LimitAS= it ends in
 * memory-limit, and with --trace-alloc the report names the line below that
 * allocated the most:
 *
 *   paddock run --trace-alloc -p LimitAS=64M build/workloads/leak
 *
 * Usage: leak [LIMIT]   (stop after LIMIT records; default: never)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgc.h"

#define RECORD_SIZE 1024 /* bytes per record */

struct record {
	pgc_object head;
	long id;
	char data[RECORD_SIZE];
};

static pgc_type record_type = {
    .name = "record",
    .size = sizeof(struct record),
};

int main(int argc, char **argv)
{
	long limit = argc > 1 ? strtol(argv[1], NULL, 10) : -1;
	pgc_object *registry = pgc_list_new(); /* lives as long as the program */
	if (!registry)
		return 1;
	for (long id = 0; limit < 0 || id < limit; id++) {
		struct record *r = (struct record *)pgc_new(&record_type); /* the leaking line */
		if (!r) {
			fprintf(stderr, "leak: allocation failed after %ld records: %s\n", id,
				pgc_strerror(pgc_error()));
			return 1;
		}
		r->id = id;
		memset(r->data, 'x', sizeof(r->data));
		if (pgc_list_append(registry, &r->head) < 0) {
			fprintf(stderr, "leak: registry append failed after %ld records: %s\n", id,
				pgc_strerror(pgc_error()));
			return 1;
		}
		pgc_decref(&r->head); /* the registry keeps it alive */
	}
	printf("leak: %zu records still referenced by the registry\n", pgc_list_size(registry));
	return 0;
}
