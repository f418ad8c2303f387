/*
 * weakcache - a cache that holds its values weakly (weakref's
 * WeakValueDictionary). The program keeps only a short list of recently
 * used values; the cache maps every key it has seen to its value, but an
 * entry vanishes as soon as nothing else holds the value. With a plain
 * dict the cache would keep all 1000 distinct values (16 MiB) alive; here
 * it never holds more than the recent list does.
 *
 *   paddock run -p LimitAS=256M build/workloads/weakcache
 *
 * Usage: weakcache [REQUESTS]   (default 100000)
 */
#include <stdio.h>
#include <stdlib.h>

#include "pgc.h"
#include "pgc_weakcontainers.h"

#define KEYS	1000  /* distinct keys requested */
#define RECENT	32    /* values the program itself keeps alive */
#define PAYLOAD 16384 /* bytes per value: expensive to make, worth caching */

struct image {
	pgc_object head;
	long key;
	char pixels[];
};

static pgc_type image_type = {
    .name = "image",
    .size = sizeof(struct image),
    .flags = PGC_TF_WEAKREFABLE,
};

static long hits, misses;

/* The cached lookup: a new reference to the image for KEY, or NULL. */
static pgc_object *lookup(pgc_object *cache, long key)
{
	pgc_object *k = pgc_int(key);
	if (!k)
		return NULL;
	pgc_object *img = pgc_weakvaluedict_get(cache, k);
	if (img) {
		hits++;
	} else if (pgc_error() == PGC_OK) {
		misses++;
		img = pgc_new_var(&image_type, PAYLOAD); /* "render" it */
		if (img) {
			((struct image *)img)->key = key;
			if (pgc_weakvaluedict_set(cache, k, img) < 0) {
				pgc_decref(img);
				img = NULL;
			}
		}
	}
	pgc_decref(k);
	return img;
}

int main(int argc, char **argv)
{
	long requests = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	pgc_object *cache = pgc_weakvaluedict_new();
	pgc_object *recent = pgc_list_new();
	size_t largest = 0;
	unsigned long rng = 12345;

	if (!cache || !recent) {
		fprintf(stderr, "weakcache: setup failed: %s\n", pgc_strerror(pgc_error()));
		return 1;
	}
	for (long r = 0; r < requests; r++) {
		/* a skewed request stream: half the requests go to 10 hot keys */
		rng = rng * 6364136223846793005ul + 1442695040888963407ul;
		long key = (rng >> 33) % 2 ? (long)((rng >> 40) % 10) : (long)((rng >> 20) % KEYS);
		pgc_object *img = lookup(cache, key);
		if (!img) {
			fprintf(stderr, "weakcache: lookup failed: %s\n",
				pgc_strerror(pgc_error()));
			return 1;
		}
		/* the program keeps the last RECENT images; the oldest goes */
		int rc = r < RECENT ? pgc_list_append(recent, img)
				    : pgc_list_set(recent, (size_t)(r % RECENT), img);
		pgc_decref(img);
		if (rc < 0)
			return 1;
		size_t n = pgc_weakvaluedict_len(cache);
		if (n > largest)
			largest = n;
	}
	printf("weakcache: %ld requests, hits: %ld, misses: %ld\n", requests, hits, misses);
	printf("weakcache: largest cache size: %zu (the program keeps %d values alive)\n", largest,
	       RECENT);
	pgc_decref(recent);
	pgc_decref(cache);
	return largest <= RECENT + 1 ? 0 : 1;
}
