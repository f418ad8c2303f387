/*
 * tracemalloc_snapshot.c - snapshots of the tracer: an immutable copy of the
 * live traces with their tracebacks, lazy symbolisation of return addresses
 * (dladdr), and filter_traces. Statistics are in tracemalloc_stats.c.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"
#include "runtime/tracemalloc_impl.h"

pgc_tracemalloc_snapshot *pgc__snap_new(size_t ntraces, size_t ntbs, size_t nframes)
{
	pgc_tracemalloc_snapshot *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->traces = calloc(ntraces ? ntraces : 1, sizeof *s->traces);
	s->tbs = calloc(ntbs ? ntbs : 1, sizeof *s->tbs);
	s->frames = calloc(nframes ? nframes : 1, sizeof *s->frames);
	if (!s->traces || !s->tbs || !s->frames) {
		pgc_tracemalloc_snapshot_free(s);
		return NULL;
	}
	s->ntraces = ntraces;
	s->ntbs = ntbs;
	s->nframes = nframes;
	return s;
}

PGC_API void pgc_tracemalloc_snapshot_free(pgc_tracemalloc_snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->owned.n; i++)
		free(s->owned.v[i]);
	free(s->owned.v);
	free(s->owned.slot);
	free(s->traces);
	free(s->tbs);
	free(s->frames);
	free(s);
}

static uint64_t str_hash(const char *str)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
	for (; *str; str++)
		h = (h ^ (unsigned char)*str) * 0x100000001b3ull;
	return h;
}

static int strings_grow(struct pgc__tm_strings *t)
{
	if (t->n < t->cap && (t->n + 1) * 2 <= t->slot_cap)
		return 0;
	size_t cap = t->cap ? t->cap * 2 : 16;
	char **v = realloc(t->v, cap * sizeof *v);
	if (!v)
		return -ENOMEM;
	t->v = v;
	t->cap = cap;
	uint32_t *slot = malloc(cap * 2 * sizeof *slot);
	if (!slot)
		return -ENOMEM;
	memset(slot, 0xff, cap * 2 * sizeof *slot);
	for (size_t i = 0; i < t->n; i++) {
		size_t j = str_hash(t->v[i]) & (cap * 2 - 1);
		while (slot[j] != UINT32_MAX)
			j = (j + 1) & (cap * 2 - 1);
		slot[j] = (uint32_t)i;
	}
	free(t->slot);
	t->slot = slot;
	t->slot_cap = cap * 2;
	return 0;
}

const char *pgc__snap_strdup(pgc_tracemalloc_snapshot *s, const char *str, uint32_t *index)
{
	struct pgc__tm_strings *t = &s->owned;
	if (!str)
		str = "??";
	if (t->n >= UINT32_MAX - 1 || strings_grow(t) < 0)
		return NULL;
	size_t j = str_hash(str) & (t->slot_cap - 1);
	for (; t->slot[j] != UINT32_MAX; j = (j + 1) & (t->slot_cap - 1)) {
		if (!strcmp(t->v[t->slot[j]], str)) {
			if (index)
				*index = t->slot[j];
			return t->v[t->slot[j]];
		}
	}
	char *copy = strdup(str);
	if (!copy)
		return NULL;
	t->slot[j] = (uint32_t)t->n;
	if (index)
		*index = (uint32_t)t->n;
	t->v[t->n++] = copy;
	return copy;
}

int pgc__snap_symbolise(pgc_tracemalloc_snapshot *s)
{
	if (s->symbolised)
		return 0;
	for (size_t i = 0; i < s->nframes; i++) {
		struct pgc_tracemalloc_frame *f = &s->frames[i];
		const char *file = f->filename, *func = f->function;
		Dl_info info;
		if ((!file || !func) && f->address && dladdr((void *)f->address, &info)) {
			if (!file)
				file = info.dli_fname;
			if (!func)
				func = info.dli_sname;
		}
		f->filename = pgc__snap_strdup(s, file, NULL);
		f->function = pgc__snap_strdup(s, func, NULL);
		if (!f->filename || !f->function)
			return -ENOMEM;
	}
	s->symbolised = 1;
	return 0;
}

struct take_ctx {
	pgc_tracemalloc_snapshot *s;
	size_t i;
};

static int take_one(void *arg, uintptr_t ptr, uint64_t size, uint32_t tb)
{
	struct take_ctx *c = arg;
	c->s->traces[c->i++] = (struct pgc__snap_trace){size, tb};
	return 0;
}

PGC_API int pgc_tracemalloc_take_snapshot(pgc_tracemalloc_snapshot **out)
{
	*out = NULL;
	if (!pgc_tracemalloc_is_tracing())
		return -EINVAL;
	size_t ntbs = pgc__tm_ntbs(), nframes = 0;
	for (size_t i = 0; i < ntbs; i++)
		nframes += 1 + pgc__tm_tb_at(i)->nraw;
	pgc_tracemalloc_snapshot *s = pgc__snap_new(pgc__tm_ntraces(), ntbs, nframes);
	if (!s)
		return -ENOMEM;
	s->traceback_limit = pgc_tracemalloc_get_traceback_limit();
	struct take_ctx c = {s, 0};
	pgc__tm_foreach_trace(take_one, &c);
	/* Site strings are copied (a plugin may be unloaded before the snapshot
	 * is read); return addresses wait for pgc__snap_symbolise. */
	size_t f = 0;
	for (size_t i = 0; i < ntbs; i++) {
		const struct pgc__tm_tb *tb = pgc__tm_tb_at(i);
		const struct pgc__tm_site *site = pgc__tm_site_at(tb->site);
		s->tbs[i] = (struct pgc_tracemalloc_traceback){1 + tb->nraw, &s->frames[f]};
		s->frames[f].filename = pgc__snap_strdup(s, site->file, NULL);
		s->frames[f].function = pgc__snap_strdup(s, site->func, NULL);
		s->frames[f].lineno = site->line;
		if (!s->frames[f].filename || !s->frames[f].function) {
			pgc_tracemalloc_snapshot_free(s);
			return -ENOMEM;
		}
		f++;
		for (uint32_t k = 0; k < tb->nraw; k++)
			s->frames[f++].address = tb->raw[k];
	}
	if (ntbs == nframes)
		s->symbolised = 1;
	*out = s;
	return 0;
}

PGC_API size_t pgc_tracemalloc_snapshot_ntraces(const pgc_tracemalloc_snapshot *s)
{
	return s->ntraces;
}

PGC_API size_t pgc_tracemalloc_snapshot_size(const pgc_tracemalloc_snapshot *s)
{
	size_t total = 0;
	for (size_t i = 0; i < s->ntraces; i++)
		total += s->traces[i].size;
	return total;
}

PGC_API int pgc_tracemalloc_snapshot_traceback_limit(const pgc_tracemalloc_snapshot *s)
{
	return s->traceback_limit;
}

/* --- filters, as tracemalloc.Filter._match --- */

static int frame_matches(const struct pgc_tracemalloc_filter *flt,
			 const struct pgc_tracemalloc_frame *f)
{
	if (fnmatch(flt->filename_pattern, f->filename, 0) != 0)
		return 0;
	return flt->lineno == 0 || flt->lineno == f->lineno;
}

/* 1 when the traceback passes this one filter. */
static int filter_passes(const struct pgc_tracemalloc_filter *flt,
			 const struct pgc_tracemalloc_traceback *tb)
{
	int hit = 0;
	if (flt->all_frames) {
		for (size_t i = 0; i < tb->nframes && !hit; i++)
			hit = frame_matches(flt, &tb->frames[i]);
	} else {
		hit = frame_matches(flt, &tb->frames[0]);
	}
	return flt->inclusive ? hit : !hit;
}

static int traceback_passes(const struct pgc_tracemalloc_filter *filters, size_t n,
			    const struct pgc_tracemalloc_traceback *tb)
{
	int have_include = 0, included = 0;
	for (size_t i = 0; i < n; i++) {
		if (filters[i].inclusive) {
			have_include = 1;
			included |= filter_passes(&filters[i], tb);
		} else if (!filter_passes(&filters[i], tb)) {
			return 0;
		}
	}
	return !have_include || included;
}

PGC_API int pgc_tracemalloc_snapshot_filter_traces(pgc_tracemalloc_snapshot *s,
						   const struct pgc_tracemalloc_filter *filters,
						   size_t nfilters, pgc_tracemalloc_snapshot **out)
{
	*out = NULL;
	for (size_t i = 0; i < nfilters; i++)
		if (!filters[i].filename_pattern)
			return -EINVAL;
	int rc = pgc__snap_symbolise(s);
	if (rc < 0)
		return rc;
	pgc_tracemalloc_snapshot *n = pgc__snap_new(s->ntraces, s->ntbs, s->nframes);
	if (!n)
		return -ENOMEM;
	n->traceback_limit = s->traceback_limit;
	for (size_t i = 0; i < s->nframes; i++) {
		n->frames[i] = s->frames[i];
		n->frames[i].filename = pgc__snap_strdup(n, s->frames[i].filename, NULL);
		n->frames[i].function = pgc__snap_strdup(n, s->frames[i].function, NULL);
		if (!n->frames[i].filename || !n->frames[i].function) {
			pgc_tracemalloc_snapshot_free(n);
			return -ENOMEM;
		}
	}
	n->symbolised = 1;
	for (size_t i = 0; i < s->ntbs; i++)
		n->tbs[i] = (struct pgc_tracemalloc_traceback){
		    s->tbs[i].nframes, n->frames + (s->tbs[i].frames - s->frames)};
	size_t k = 0;
	for (size_t i = 0; i < s->ntraces; i++)
		if (traceback_passes(filters, nfilters, &s->tbs[s->traces[i].tb]))
			n->traces[k++] = s->traces[i];
	n->ntraces = k;
	*out = n;
	return 0;
}

struct pgc_tracemalloc_traceback *pgc__traceback_copy(const struct pgc_tracemalloc_traceback *tb)
{
	size_t bytes = sizeof *tb + tb->nframes * sizeof *tb->frames;
	for (size_t i = 0; i < tb->nframes; i++)
		bytes += strlen(tb->frames[i].filename) + strlen(tb->frames[i].function) + 2;
	struct pgc_tracemalloc_traceback *copy = malloc(bytes);
	if (!copy)
		return NULL;
	struct pgc_tracemalloc_frame *frames = (struct pgc_tracemalloc_frame *)(copy + 1);
	char *str = (char *)(frames + tb->nframes);
	for (size_t i = 0; i < tb->nframes; i++) {
		frames[i] = tb->frames[i];
		size_t fl = strlen(tb->frames[i].filename) + 1;
		frames[i].filename = memcpy(str, tb->frames[i].filename, fl);
		str += fl;
		size_t fn = strlen(tb->frames[i].function) + 1;
		frames[i].function = memcpy(str, tb->frames[i].function, fn);
		str += fn;
	}
	copy->nframes = tb->nframes;
	copy->frames = frames;
	return copy;
}
