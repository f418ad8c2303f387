/*
 * tracemalloc_stats.c - Snapshot.statistics and Snapshot.compare_to: group a
 * snapshot's traces by filename, (filename, lineno) or whole traceback,
 * optionally cumulative over every frame, and diff two snapshots.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"
#include "runtime/tracemalloc_impl.h"

/* One group while building: the key is either one frame (filename and
 * lineno keys, stored by value) or a whole traceback of the snapshot. */
struct agg {
	struct pgc_tracemalloc_frame frame;
	const struct pgc_tracemalloc_traceback *tb;
	size_t size, count;
	int64_t size_diff, count_diff;
};

/* The public list plus the storage of its one-frame keys. */
struct stats_impl {
	struct pgc_tracemalloc_stats pub;
	struct pgc_tracemalloc_frame *frames;
};

static int frame_cmp(const struct pgc_tracemalloc_frame *a, const struct pgc_tracemalloc_frame *b)
{
	int c = strcmp(a->filename, b->filename);
	if (c)
		return c;
	if (a->lineno != b->lineno)
		return a->lineno < b->lineno ? -1 : 1;
	/* Return-address frames have lineno 0: the address tells them apart. */
	if (a->address != b->address)
		return a->address < b->address ? -1 : 1;
	return 0;
}

static int key_cmp(const struct agg *a, const struct agg *b)
{
	if (!a->tb)
		return frame_cmp(&a->frame, &b->frame);
	size_t n = a->tb->nframes < b->tb->nframes ? a->tb->nframes : b->tb->nframes;
	for (size_t i = 0; i < n; i++) {
		int c = frame_cmp(&a->tb->frames[i], &b->tb->frames[i]);
		if (c)
			return c;
	}
	return (a->tb->nframes > n) - (b->tb->nframes > n);
}

static int agg_key_qsort(const void *a, const void *b) { return key_cmp(a, b); }

static int cmp_desc_u(uint64_t a, uint64_t b) { return a > b ? -1 : a < b; }

static uint64_t absdiff(int64_t d) { return d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d; }

/* Largest first: |size_diff|, size, |count_diff|, count, then key. */
static int agg_order_qsort(const void *pa, const void *pb)
{
	const struct agg *a = pa, *b = pb;
	int c;
	if ((c = cmp_desc_u(absdiff(a->size_diff), absdiff(b->size_diff))) ||
	    (c = cmp_desc_u(a->size, b->size)) ||
	    (c = cmp_desc_u(absdiff(a->count_diff), absdiff(b->count_diff))) ||
	    (c = cmp_desc_u(a->count, b->count)))
		return c;
	return key_cmp(a, b);
}

/* The key frame of f under a one-frame key type. */
static struct pgc_tracemalloc_frame key_frame(const struct pgc_tracemalloc_frame *f,
					      enum pgc_tracemalloc_key key)
{
	if (key == PGC_TRACEMALLOC_KEY_FILENAME)
		return (struct pgc_tracemalloc_frame){f->filename, "", 0, 0};
	return *f;
}

/* Groups s's traces into *out (sorted by key, duplicates merged). */
static int group(pgc_tracemalloc_snapshot *s, enum pgc_tracemalloc_key key, int cumulative,
		 struct agg **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (key > PGC_TRACEMALLOC_KEY_TRACEBACK ||
	    (cumulative && key == PGC_TRACEMALLOC_KEY_TRACEBACK))
		return -EINVAL;
	int rc = pgc__snap_symbolise(s);
	if (rc < 0)
		return rc;
	size_t *size = calloc(s->ntbs + 1, sizeof *size);
	size_t *count = calloc(s->ntbs + 1, sizeof *count);
	struct agg *v = calloc((cumulative ? s->nframes : s->ntbs) + 1, sizeof *v);
	if (!size || !count || !v) {
		free(size);
		free(count);
		free(v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->ntraces; i++) {
		size[s->traces[i].tb] += s->traces[i].size;
		count[s->traces[i].tb]++;
	}
	size_t n = 0;
	for (size_t t = 0; t < s->ntbs; t++) {
		if (!count[t])
			continue;
		const struct pgc_tracemalloc_traceback *tb = &s->tbs[t];
		size_t nf = cumulative ? tb->nframes : 1;
		size_t first = n;
		for (size_t i = 0; i < nf; i++) {
			struct agg a = {.size = size[t], .count = count[t]};
			if (key == PGC_TRACEMALLOC_KEY_TRACEBACK)
				a.tb = tb;
			else
				a.frame = key_frame(&tb->frames[i], key);
			int dup = 0; /* a trace counts once per distinct key */
			for (size_t k = first; k < n && !dup; k++)
				dup = key_cmp(&v[k], &a) == 0;
			if (!dup)
				v[n++] = a;
		}
	}
	free(size);
	free(count);
	qsort(v, n, sizeof *v, agg_key_qsort);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && key_cmp(&v[m - 1], &v[i]) == 0) {
			v[m - 1].size += v[i].size;
			v[m - 1].count += v[i].count;
		} else {
			v[m++] = v[i];
		}
	}
	*out = v;
	*nout = m;
	return 0;
}

/* Sorts v into the published order and builds the public list. */
static int finish(struct agg *v, size_t n, struct pgc_tracemalloc_stats **out)
{
	qsort(v, n, sizeof *v, agg_order_qsort);
	struct stats_impl *st = calloc(1, sizeof *st);
	if (!st)
		return -ENOMEM;
	st->pub.items = calloc(n + 1, sizeof *st->pub.items);
	st->frames = calloc(n + 1, sizeof *st->frames);
	if (!st->pub.items || !st->frames) {
		pgc_tracemalloc_stats_free(&st->pub);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct pgc_tracemalloc_stat *it = &st->pub.items[i];
		if (v[i].tb) {
			it->traceback = *v[i].tb;
		} else {
			st->frames[i] = v[i].frame;
			it->traceback = (struct pgc_tracemalloc_traceback){1, &st->frames[i]};
		}
		it->size = v[i].size;
		it->count = v[i].count;
		it->size_diff = v[i].size_diff;
		it->count_diff = v[i].count_diff;
	}
	st->pub.n = n;
	*out = &st->pub;
	return 0;
}

PGC_API int pgc_tracemalloc_snapshot_statistics(pgc_tracemalloc_snapshot *s,
						enum pgc_tracemalloc_key key, int cumulative,
						struct pgc_tracemalloc_stats **out)
{
	*out = NULL;
	struct agg *v;
	size_t n;
	int rc = group(s, key, cumulative, &v, &n);
	if (rc == 0)
		rc = finish(v, n, out);
	free(v);
	return rc;
}

static int64_t sdiff(size_t a, size_t b) { return (int64_t)a - (int64_t)b; }

PGC_API int pgc_tracemalloc_snapshot_compare_to(pgc_tracemalloc_snapshot *s,
						pgc_tracemalloc_snapshot *old,
						enum pgc_tracemalloc_key key, int cumulative,
						struct pgc_tracemalloc_stats **out)
{
	*out = NULL;
	struct agg *a = NULL, *b = NULL, *d = NULL;
	size_t na = 0, nb = 0, nd = 0;
	int rc = group(s, key, cumulative, &a, &na);
	if (rc == 0)
		rc = group(old, key, cumulative, &b, &nb);
	if (rc == 0 && !(d = calloc(na + nb + 1, sizeof *d)))
		rc = -ENOMEM;
	if (rc == 0) {
		/* Both lists are sorted by key: merge them. */
		size_t i = 0, j = 0;
		while (i < na || j < nb) {
			int c = i == na ? 1 : j == nb ? -1 : key_cmp(&a[i], &b[j]);
			if (c < 0) { /* new only */
				d[nd] = a[i++];
				d[nd].size_diff = (int64_t)d[nd].size;
				d[nd].count_diff = (int64_t)d[nd].count;
			} else if (c > 0) { /* gone */
				d[nd] = b[j++];
				d[nd].size_diff = -(int64_t)d[nd].size;
				d[nd].count_diff = -(int64_t)d[nd].count;
				d[nd].size = d[nd].count = 0;
			} else {
				d[nd] = a[i];
				d[nd].size_diff = sdiff(a[i].size, b[j].size);
				d[nd].count_diff = sdiff(a[i].count, b[j].count);
				i++, j++;
			}
			nd++;
		}
		rc = finish(d, nd, out);
	}
	free(a);
	free(b);
	free(d);
	return rc;
}

PGC_API void pgc_tracemalloc_stats_free(struct pgc_tracemalloc_stats *pub)
{
	if (!pub)
		return;
	struct stats_impl *st = (struct stats_impl *)pub;
	free(st->pub.items);
	free(st->frames);
	free(st);
}

PGC_API int pgc_tracemalloc_stats_format(const struct pgc_tracemalloc_stats *st, size_t i,
					 char *buf, size_t len)
{
	if (!st || i >= st->n)
		return -EINVAL;
	const struct pgc_tracemalloc_stat *it = &st->items[i];
	const struct pgc_tracemalloc_frame *f = &it->traceback.frames[0];
	char where[512];
	if (f->address)
		snprintf(where, sizeof where, "%s:%s [%#" PRIxPTR "]", f->filename, f->function,
			 f->address);
	else
		snprintf(where, sizeof where, "%s:%u", f->filename, f->lineno);
	size_t avg = it->count ? it->size / it->count : 0;
	if (it->size_diff || it->count_diff || !it->size)
		return snprintf(buf, len,
				"%s: size=%zu B (%+" PRId64 " B), count=%zu (%+" PRId64
				"), average=%zu B",
				where, it->size, it->size_diff, it->count, it->count_diff, avg);
	return snprintf(buf, len, "%s: size=%zu B, count=%zu, average=%zu B", where, it->size,
			it->count, avg);
}
