/*
 * dict.c - the built-in dict: a compact hash table (an index array probing
 * into an insertion-ordered entry array, as CPython 3.6+) keyed on
 * pgc_hash/pgc_eq. GC-tracked; weak references allowed.
 */
#include <string.h>

#include "runtime/internal.h"

#define EMPTY (-1)
#define DUMMY (-2)

struct entry {
	uint64_t hash;
	pgc_object *key; /* NULL: deleted */
	pgc_object *value;
};

struct pgc_dict {
	pgc_object ob;
	struct entry *entries;
	ssize_t *index;		     /* nindex slots, each EMPTY, DUMMY or an entry number */
	size_t nindex;		     /* 0 or a power of two */
	size_t nentries, capentries; /* used (incl. deleted) and allocated entries */
	size_t size;		     /* live keys */
};
#define D(o) ((struct pgc_dict *)(o))

static int dict_traverse(pgc_object *o, pgc_visitfn visit, void *arg)
{
	for (size_t i = 0; i < D(o)->nentries; i++) {
		struct entry *e = &D(o)->entries[i];
		if (!e->key)
			continue;
		int r = visit(e->key, arg);
		if (!r)
			r = visit(e->value, arg);
		if (r)
			return r;
	}
	return 0;
}

static void dict_clear(pgc_object *o)
{
	struct pgc_dict *d = D(o);
	struct entry *entries = d->entries;
	size_t n = d->nentries, cap = d->capentries;
	pgc__free(d->index, d->nindex * sizeof(*d->index));
	d->entries = NULL;
	d->index = NULL;
	d->nindex = d->nentries = d->capentries = d->size = 0;
	for (size_t i = 0; i < n; i++) {
		pgc_decref(entries[i].key);
		pgc_decref(entries[i].value);
	}
	pgc__free(entries, cap * sizeof(*entries));
}

static int dict_hash(pgc_object *o, uint64_t *out) { return pgc__set_error(PGC_EUNHASHABLE); }

static int dict_eq(pgc_object *a, pgc_object *b);

PGC__HIDDEN pgc_type pgc__dict_type = {
    .name = "dict",
    .size = sizeof(struct pgc_dict),
    .flags = PGC_TF_GC | PGC_TF_WEAKREFABLE,
    .traverse = dict_traverse,
    .clear = dict_clear,
    .eq = dict_eq,
    .hash = dict_hash,
    .pgc_private_index_ = 5,
};

/* The index slot for (key, hash): the matching slot, or the empty slot that
 * ends the probe. Returns -1 on an eq error. *found says which. A key's eq
 * may mutate the dict: then the lookup restarts. */
static ssize_t lookup(struct pgc_dict *d, pgc_object *key, uint64_t hash, int *found)
{
restart:
	*found = 0;
	if (!d->nindex)
		return 0;
	size_t mask = d->nindex - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		ssize_t ix = d->index[i];
		if (ix == EMPTY)
			return (ssize_t)i;
		if (ix == DUMMY)
			continue;
		struct entry *e = &d->entries[ix];
		if (e->key == key) {
			*found = 1;
			return (ssize_t)i;
		}
		if (e->hash != hash)
			continue;
		struct entry *saved = d->entries;
		pgc_object *k = e->key;
		pgc_incref(k);
		int r = pgc_eq(k, key);
		pgc_decref(k);
		if (r < 0)
			return -1;
		if (d->entries != saved || d->index[i] != ix)
			goto restart;
		if (r) {
			*found = 1;
			return (ssize_t)i;
		}
	}
}

/* Rebuilds the table with room for at least `need` entries, compacting. */
static int resize(struct pgc_dict *d, size_t need)
{
	size_t nindex = 8;
	while (nindex * 2 / 3 < need)
		nindex *= 2;
	size_t capentries = nindex * 2 / 3;
	ssize_t *index = PGC__ALLOC(nindex * sizeof(*index));
	struct entry *entries = PGC__ALLOC(capentries * sizeof(*entries));
	if (!index || !entries) {
		pgc__free(index, nindex * sizeof(*index));
		pgc__free(entries, capentries * sizeof(*entries));
		return -1;
	}
	for (size_t i = 0; i < nindex; i++)
		index[i] = EMPTY;
	size_t n = 0;
	for (size_t i = 0; i < d->nentries; i++) {
		if (!d->entries[i].key)
			continue;
		entries[n] = d->entries[i];
		size_t j = entries[n].hash & (nindex - 1);
		while (index[j] != EMPTY)
			j = (j + 1) & (nindex - 1);
		index[j] = (ssize_t)n++;
	}
	pgc__free(d->index, d->nindex * sizeof(*d->index));
	pgc__free(d->entries, d->capentries * sizeof(*d->entries));
	d->index = index;
	d->entries = entries;
	d->nindex = nindex;
	d->capentries = capentries;
	d->nentries = n;
	return 0;
}

pgc_object *pgc_dict_at(const char *file, int line, const char *func)
{
	PGC__ENSURE_INIT();
	return pgc__new_sized(&pgc__dict_type, sizeof(struct pgc_dict), file, line, func);
}

int pgc_dict_check(const pgc_object *o) { return o && pgc__type_of(o) == &pgc__dict_type; }

#define RESOLVE(o, fail)                                                                           \
	pgc_object *hold;                                                                          \
	o = pgc__resolve(o, &pgc__dict_type, &hold);                                               \
	if (!o)                                                                                    \
		return fail;

int pgc_dict_set(pgc_object *o, pgc_object *key, pgc_object *value)
{
	RESOLVE(o, -1);
	struct pgc_dict *d = D(o);
	int r = -1, found;
	uint64_t h;
	if (!key || !value) {
		pgc__set_error(PGC_EINVAL);
		goto out;
	}
	if (pgc_hash(key, &h) < 0)
		goto out;
	ssize_t slot = lookup(d, key, h, &found);
	if (slot < 0)
		goto out;
	if (found) {
		struct entry *e = &d->entries[d->index[slot]];
		pgc_object *old = e->value;
		pgc_incref(value);
		e->value = value;
		pgc_decref(old);
		r = 0;
		goto out;
	}
	if (d->nentries == d->capentries) {
		if (resize(d, d->size + 1 > d->size * 2 ? d->size + 1 : d->size * 2) < 0)
			goto out;
		slot = lookup(d, key, h, &found);
		if (slot < 0)
			goto out;
	}
	struct entry *e = &d->entries[d->nentries];
	pgc_incref(key);
	pgc_incref(value);
	e->hash = h;
	e->key = key;
	e->value = value;
	d->index[slot] = (ssize_t)d->nentries++;
	d->size++;
	r = 0;
out:
	pgc__release(hold);
	return r;
}

pgc_object *pgc_dict_get(pgc_object *o, pgc_object *key)
{
	RESOLVE(o, NULL);
	struct pgc_dict *d = D(o);
	pgc_object *r = NULL;
	uint64_t h;
	int found;
	if (key && pgc_hash(key, &h) == 0) {
		ssize_t slot = lookup(d, key, h, &found);
		if (slot >= 0) {
			pgc_clear_error();
			if (found)
				r = d->entries[d->index[slot]].value;
		}
	} else if (!key) {
		pgc__set_error(PGC_EINVAL);
	}
	pgc__release(hold);
	return r;
}

int pgc_dict_del(pgc_object *o, pgc_object *key)
{
	RESOLVE(o, -1);
	struct pgc_dict *d = D(o);
	int r = -1, found;
	uint64_t h;
	if (!key) {
		pgc__set_error(PGC_EINVAL);
	} else if (pgc_hash(key, &h) == 0) {
		ssize_t slot = lookup(d, key, h, &found);
		if (slot >= 0 && !found) {
			pgc__set_error(PGC_EKEY);
		} else if (slot >= 0) {
			struct entry *e = &d->entries[d->index[slot]];
			pgc_object *k = e->key, *v = e->value;
			e->key = e->value = NULL;
			d->index[slot] = DUMMY;
			d->size--;
			pgc_decref(k);
			pgc_decref(v);
			r = 0;
		}
	}
	pgc__release(hold);
	return r;
}

size_t pgc_dict_size(pgc_object *o)
{
	RESOLVE(o, 0);
	size_t n = D(o)->size;
	pgc__release(hold);
	return n;
}

int pgc_dict_next(pgc_object *o, size_t *pos, pgc_object **key, pgc_object **value)
{
	RESOLVE(o, 0);
	struct pgc_dict *d = D(o);
	int r = 0;
	while (*pos < d->nentries) {
		struct entry *e = &d->entries[(*pos)++];
		if (e->key) {
			if (key)
				*key = e->key;
			if (value)
				*value = e->value;
			r = 1;
			break;
		}
	}
	pgc__release(hold);
	return r;
}

int pgc_dict_clear(pgc_object *o)
{
	RESOLVE(o, -1);
	dict_clear(o);
	pgc__release(hold);
	return 0;
}

/* Equal when both hold equal values under the same keys. */
static int dict_eq(pgc_object *a, pgc_object *b)
{
	if (D(a)->size != D(b)->size)
		return 0;
	size_t pos = 0;
	pgc_object *k, *v;
	while (pgc_dict_next(a, &pos, &k, &v)) {
		pgc_incref(k);
		pgc_incref(v);
		pgc_object *w = pgc_dict_get(b, k);
		int r = w ? pgc_eq(v, w) : (pgc_error() ? -1 : 0);
		pgc_decref(k);
		pgc_decref(v);
		if (r != 1)
			return r;
	}
	return 1;
}
