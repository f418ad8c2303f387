/*
 * str.c - the built-in str (immutable bytes, cached hash) and the intern
 * table. Identifier-like strings are interned on creation; the table does
 * not own its entries ("mortal" interning): a dying str removes itself.
 */
#include <string.h>

#include "runtime/internal.h"

struct pgc_str {
	pgc_object ob;
	size_t len;
	uint64_t hash;
	char data[]; /* len bytes + NUL */
};
#define S(o) ((struct pgc_str *)(o))

/* FNV-1a, 64 bit. */
static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int str_eq(pgc_object *a, pgc_object *b)
{
	return S(a)->len == S(b)->len && S(a)->hash == S(b)->hash &&
	       memcmp(S(a)->data, S(b)->data, S(a)->len) == 0;
}

static int str_hash(pgc_object *o, uint64_t *out)
{
	*out = S(o)->hash;
	return 0;
}

static void str_clear(pgc_object *o)
{
	if (pgc__has_flag(o, PGC__F_INTERNED))
		pgc__intern_remove(o);
}

PGC__HIDDEN pgc_type pgc__str_type = {
    .name = "str",
    .size = sizeof(struct pgc_str),
    .clear = str_clear,
    .eq = str_eq,
    .hash = str_hash,
    .pgc_private_index_ = 2,
};

size_t pgc__str_block_size(const pgc_object *o)
{
	return sizeof(struct pgc_str) + ((const struct pgc_str *)o)->len + 1;
}

/* ------------------------------------------------------------ intern table */

/* Open addressing with linear probing and backward-shift deletion. */
static pgc_object **itab;
static size_t icap, icount; /* icap is 0 or a power of two */

static size_t find_slot(const char *s, size_t len, uint64_t h)
{
	size_t mask = icap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		pgc_object *e = itab[i];
		if (!e || (S(e)->hash == h && S(e)->len == len && memcmp(S(e)->data, s, len) == 0))
			return i;
	}
}

static int grow(void)
{
	size_t ncap = icap ? 2 * icap : 256;
	pgc_object **nt = PGC__CALLOC(ncap * sizeof(*nt));
	if (!nt)
		return -1;
	pgc_object **old = itab;
	size_t ocap = icap;
	itab = nt;
	icap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i])
			itab[find_slot(S(old[i])->data, S(old[i])->len, S(old[i])->hash)] = old[i];
	pgc__free(old, ocap * sizeof(*old));
	return 0;
}

static pgc_object *intern_lookup(const char *s, size_t len, uint64_t h)
{
	if (!icap)
		return NULL;
	return itab[find_slot(s, len, h)];
}

/* Makes s the canonical entry; 0 or -1 (ENOMEM). */
static int intern_insert(pgc_object *s)
{
	if ((icount + 1) * 4 > icap * 3 && grow() < 0)
		return -1;
	itab[find_slot(S(s)->data, S(s)->len, S(s)->hash)] = s;
	icount++;
	pgc__set_flag(s, PGC__F_INTERNED);
	return 0;
}

void pgc__intern_remove(pgc_object *s)
{
	size_t mask = icap - 1;
	size_t i = find_slot(S(s)->data, S(s)->len, S(s)->hash);
	if (itab[i] != s)
		return;
	itab[i] = NULL;
	icount--;
	/* Backward shift: re-place the rest of the probe run. */
	for (size_t j = (i + 1) & mask; itab[j]; j = (j + 1) & mask) {
		pgc_object *e = itab[j];
		itab[j] = NULL;
		itab[find_slot(S(e)->data, S(e)->len, S(e)->hash)] = e;
	}
	pgc__clear_flag(s, PGC__F_INTERNED);
}

static int identifier_like(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------ public */

pgc_object *pgc_str_at(const char *s, size_t len, const char *file, int line, const char *func)
{
	PGC__ENSURE_INIT();
	if (!s && len)
		return pgc__set_error(PGC_EINVAL), NULL;
	uint64_t h = hash_bytes(s, len);
	int ident = identifier_like(s, len);
	if (ident) {
		pgc_object *e = intern_lookup(s, len, h);
		if (e) {
			pgc_incref(e);
			return e;
		}
	}
	if (len > SIZE_MAX - sizeof(struct pgc_str) - 1)
		return pgc__set_error(PGC_ENOMEM), NULL;
	pgc_object *o =
	    pgc__new_sized(&pgc__str_type, sizeof(struct pgc_str) + len + 1, file, line, func);
	if (!o)
		return NULL;
	S(o)->len = len;
	S(o)->hash = h;
	if (len)
		memcpy(S(o)->data, s, len);
	S(o)->data[len] = '\0';
	if (ident)
		(void)intern_insert(o); /* on ENOMEM the string is simply not interned */
	return o;
}

int pgc_str_check(const pgc_object *o) { return o && pgc__type_of(o) == &pgc__str_type; }

const char *pgc_str_data(pgc_object *o)
{
	pgc_object *hold;
	pgc_object *s = pgc__resolve(o, &pgc__str_type, &hold);
	if (!s)
		return NULL;
	const char *d = S(s)->data;
	pgc__release(hold); /* the target stays alive: the proxy's referent is owned elsewhere */
	return d;
}

size_t pgc_str_len(pgc_object *o)
{
	pgc_object *hold;
	pgc_object *s = pgc__resolve(o, &pgc__str_type, &hold);
	if (!s)
		return 0;
	size_t n = S(s)->len;
	pgc__release(hold);
	return n;
}

pgc_object *pgc_intern(pgc_object *o)
{
	pgc_object *hold;
	pgc_object *s = pgc__resolve(o, &pgc__str_type, &hold);
	if (!s)
		return NULL;
	pgc_object *r = s;
	if (!pgc__has_flag(s, PGC__F_INTERNED)) {
		pgc_object *e = intern_lookup(S(s)->data, S(s)->len, S(s)->hash);
		if (e)
			r = e;
		else if (intern_insert(s) < 0)
			r = NULL;
	}
	pgc_incref(r);
	pgc__release(hold);
	return r;
}

int pgc_is_interned(const pgc_object *s)
{
	return pgc_str_check(s) && pgc__has_flag(s, PGC__F_INTERNED);
}
