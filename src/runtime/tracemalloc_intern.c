/*
 * tracemalloc_intern.c - the tracer's interned allocation sites and
 * tracebacks (blocks from one place share one), with the live size and
 * count per site that the stats page publishes, and the tracer's own
 * memory accounting. The live traces are in tracemalloc.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"
#include "runtime/tracemalloc_impl.h"

#define IN pgc__tm_in
struct pgc__tm_interned pgc__tm_in = {.last_site = UINT32_MAX};

void *pgc__tm_alloc(size_t n)
{
	void *p = malloc(n);
	if (p)
		IN.memory += n;
	return p;
}

void pgc__tm_free(void *p, size_t n)
{
	if (p) {
		free(p);
		IN.memory -= n;
	}
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

static int index_init(struct pgc__tm_index *ix, size_t cap)
{
	ix->slot = pgc__tm_alloc(cap * sizeof *ix->slot);
	if (!ix->slot)
		return -ENOMEM;
	memset(ix->slot, 0xff, cap * sizeof *ix->slot);
	ix->cap = cap;
	return 0;
}

static uint64_t site_hash(const char *file, unsigned line, const char *func)
{
	return mix64((uintptr_t)file ^ mix64((uint64_t)line << 32 ^ (uintptr_t)func));
}

static uint64_t tb_hash(uint32_t site, const uintptr_t *raw, uint32_t nraw)
{
	uint64_t h = mix64(site + 1);
	for (uint32_t i = 0; i < nraw; i++)
		h = mix64(h ^ raw[i]);
	return h;
}

/* Insert idx (whose hash is h) into ix; the caller keeps ix under half full. */
static void index_put(struct pgc__tm_index *ix, uint64_t h, uint32_t idx)
{
	size_t j = h & (ix->cap - 1);
	while (ix->slot[j] != UINT32_MAX)
		j = (j + 1) & (ix->cap - 1);
	ix->slot[j] = idx;
}

static int index_grow(struct pgc__tm_index *ix, size_t n, uint64_t (*hash_of)(uint32_t))
{
	if (ix->cap && n * 2 < ix->cap)
		return 0;
	struct pgc__tm_index nix;
	if (index_init(&nix, ix->cap ? ix->cap * 2 : 64) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < ix->cap; i++)
		if (ix->slot[i] != UINT32_MAX)
			index_put(&nix, hash_of(ix->slot[i]), ix->slot[i]);
	pgc__tm_free(ix->slot, ix->cap * sizeof *ix->slot);
	*ix = nix;
	return 0;
}

static uint64_t site_hash_of(uint32_t i)
{
	return site_hash(IN.sites[i].file, IN.sites[i].line, IN.sites[i].func);
}

static uint64_t tb_hash_of(uint32_t i) { return IN.tbs[i]->hash; }

static int grow_array(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 64;
	void *na = pgc__tm_alloc(ncap * elem);
	if (!na)
		return -ENOMEM;
	if (*arr)
		memcpy(na, *arr, *cap * elem);
	pgc__tm_free(*arr, *cap * elem);
	*arr = na;
	*cap = ncap;
	return 0;
}

/* The index of the site, interned on first use; UINT32_MAX on ENOMEM. */
uint32_t pgc__tm_site_intern(const char *file, unsigned line, const char *func)
{
	uint32_t c = IN.last_site;
	if (c != UINT32_MAX && IN.sites[c].file == file && IN.sites[c].line == line &&
	    IN.sites[c].func == func)
		return c;
	uint64_t h = site_hash(file, line, func);
	if (IN.site_index.cap) {
		for (size_t j = h & (IN.site_index.cap - 1);;
		     j = (j + 1) & (IN.site_index.cap - 1)) {
			uint32_t i = IN.site_index.slot[j];
			if (i == UINT32_MAX)
				break;
			if (IN.sites[i].file == file && IN.sites[i].line == line &&
			    IN.sites[i].func == func)
				return IN.last_site = i;
		}
	}
	if (IN.nsites >= UINT32_MAX - 1 ||
	    grow_array((void **)&IN.sites, &IN.site_cap, IN.nsites, sizeof *IN.sites) < 0 ||
	    index_grow(&IN.site_index, IN.nsites + 1, site_hash_of) < 0)
		return UINT32_MAX;
	uint32_t i = (uint32_t)IN.nsites++;
	IN.sites[i] =
	    (struct pgc__tm_site){.file = file, .func = func, .line = line, .tb0 = UINT32_MAX};
	index_put(&IN.site_index, h, i);
	return IN.last_site = i;
}

uint32_t pgc__tm_tb_intern(uint32_t site, const uintptr_t *raw, uint32_t nraw)
{
	if (nraw == 0 && IN.sites[site].tb0 != UINT32_MAX)
		return IN.sites[site].tb0;
	uint64_t h = tb_hash(site, raw, nraw);
	if (IN.tb_index.cap) {
		for (size_t j = h & (IN.tb_index.cap - 1);; j = (j + 1) & (IN.tb_index.cap - 1)) {
			uint32_t i = IN.tb_index.slot[j];
			if (i == UINT32_MAX)
				break;
			const struct pgc__tm_tb *t = IN.tbs[i];
			if (t->hash == h && t->site == site && t->nraw == nraw &&
			    !memcmp(t->raw, raw, nraw * sizeof *raw))
				return i;
		}
	}
	if (IN.ntbs >= UINT32_MAX - 1 ||
	    grow_array((void **)&IN.tbs, &IN.tb_cap, IN.ntbs, sizeof *IN.tbs) < 0 ||
	    grow_array((void **)&IN.tb_site, &IN.tb_site_cap, IN.ntbs, sizeof *IN.tb_site) < 0 ||
	    index_grow(&IN.tb_index, IN.ntbs + 1, tb_hash_of) < 0)
		return UINT32_MAX;
	struct pgc__tm_tb *t = pgc__tm_alloc(sizeof *t + nraw * sizeof *raw);
	if (!t)
		return UINT32_MAX;
	t->site = site;
	t->nraw = nraw;
	t->hash = h;
	if (nraw)
		memcpy(t->raw, raw, nraw * sizeof *raw);
	uint32_t i = (uint32_t)IN.ntbs++;
	IN.tbs[i] = t;
	IN.tb_site[i] = site;
	index_put(&IN.tb_index, h, i);
	if (nraw == 0)
		IN.sites[site].tb0 = i;
	return i;
}

void pgc__tm_intern_reset(void)
{
	for (size_t i = 0; i < IN.ntbs; i++)
		pgc__tm_free(IN.tbs[i], sizeof *IN.tbs[i] + IN.tbs[i]->nraw * sizeof(uintptr_t));
	pgc__tm_free(IN.tbs, IN.tb_cap * sizeof *IN.tbs);
	pgc__tm_free(IN.tb_site, IN.tb_site_cap * sizeof *IN.tb_site);
	pgc__tm_free(IN.tb_index.slot, IN.tb_index.cap * sizeof *IN.tb_index.slot);
	pgc__tm_free(IN.sites, IN.site_cap * sizeof *IN.sites);
	pgc__tm_free(IN.site_index.slot, IN.site_index.cap * sizeof *IN.site_index.slot);
	size_t memory = IN.memory;
	IN = (struct pgc__tm_interned){.last_site = UINT32_MAX, .memory = memory};
}

/* --- views for the snapshot code and the stats page --- */

size_t pgc__tm_nsites(void) { return IN.nsites; }

const struct pgc__tm_site *pgc__tm_site_at(size_t i) { return &IN.sites[i]; }

size_t pgc__tm_ntbs(void) { return IN.ntbs; }

const struct pgc__tm_tb *pgc__tm_tb_at(size_t i) { return IN.tbs[i]; }
