/*
 * tracemalloc_dump.c - Snapshot.dump and Snapshot.load in a versioned binary
 * format. Every length and index is checked on load; a truncated or corrupt
 * file is an error, never a crash.
 *
 * Layout (all integers little-endian):
 *   header  magic "PGCTMSN\0"  u32 version  u32 traceback_limit
 *           u32 nstrings  u32 ntbs  u64 nframes  u64 ntraces  u64 payload_len
 *   payload strings:    nstrings x (u32 len, len bytes, no NUL)
 *           tracebacks: ntbs x u32 nframes (>= 1, sums to nframes)
 *           frames:     nframes x (u32 file, u32 function, u32 lineno, u64 address)
 *           traces:     ntraces x (u64 size, u32 traceback)
 *   trailer u64 FNV-1a of header and payload
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/internal.h"
#include "runtime/tracemalloc_impl.h"

#define DUMP_MAGIC   "PGCTMSN"
#define DUMP_VERSION 1u
#define HEADER_LEN   (8 + 4 * 4 + 8 * 3)

struct buf {
	unsigned char *p;
	size_t len, cap;
	int oom;
};

static void put(struct buf *b, const void *data, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put32(struct buf *b, uint32_t v)
{
	unsigned char le[4] = {v, v >> 8, v >> 16, v >> 24};
	put(b, le, 4);
}

static void put64(struct buf *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static int write_all(const char *path, const unsigned char *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int e = errno;
			close(fd);
			return -e;
		}
		p += w;
		n -= (size_t)w;
	}
	return close(fd) < 0 ? -errno : 0;
}

PGC_API int pgc_tracemalloc_snapshot_dump(pgc_tracemalloc_snapshot *s, const char *path)
{
	int rc = pgc__snap_symbolise(s);
	if (rc < 0)
		return rc;
	/* Index every frame's strings (dedup'd, so the table is compact). */
	uint32_t *idx = malloc((2 * s->nframes + 1) * sizeof *idx);
	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < s->nframes; i++)
		if (!pgc__snap_strdup(s, s->frames[i].filename, &idx[2 * i]) ||
		    !pgc__snap_strdup(s, s->frames[i].function, &idx[2 * i + 1])) {
			free(idx);
			return -ENOMEM;
		}
	struct buf b = {0};
	put(&b, DUMP_MAGIC, 8);
	put32(&b, DUMP_VERSION);
	put32(&b, (uint32_t)s->traceback_limit);
	put32(&b, (uint32_t)s->owned.n);
	put32(&b, (uint32_t)s->ntbs);
	put64(&b, s->nframes);
	put64(&b, s->ntraces);
	put64(&b, 0); /* payload_len, patched below */
	for (size_t i = 0; i < s->owned.n; i++) {
		size_t l = strlen(s->owned.v[i]);
		put32(&b, (uint32_t)l);
		put(&b, s->owned.v[i], l);
	}
	for (size_t i = 0; i < s->ntbs; i++)
		put32(&b, (uint32_t)s->tbs[i].nframes);
	for (size_t i = 0; i < s->nframes; i++) {
		put32(&b, idx[2 * i]);
		put32(&b, idx[2 * i + 1]);
		put32(&b, s->frames[i].lineno);
		put64(&b, s->frames[i].address);
	}
	for (size_t i = 0; i < s->ntraces; i++) {
		put64(&b, s->traces[i].size);
		put32(&b, s->traces[i].tb);
	}
	free(idx);
	if (!b.oom) {
		uint64_t payload = b.len - HEADER_LEN;
		for (int k = 0; k < 8; k++)
			b.p[HEADER_LEN - 8 + k] = (unsigned char)(payload >> (8 * k));
		put64(&b, fnv1a(b.p, b.len));
	}
	rc = b.oom ? -ENOMEM : write_all(path, b.p, b.len);
	free(b.p);
	return rc;
}

/* --- load: a bounds-checked reader --- */

struct rd {
	const unsigned char *p;
	size_t len, off;
	int bad;
};

static const unsigned char *take(struct rd *r, size_t n)
{
	if (r->bad || n > r->len - r->off) {
		r->bad = 1;
		return NULL;
	}
	r->off += n;
	return r->p + r->off - n;
}

static uint32_t get32(struct rd *r)
{
	const unsigned char *q = take(r, 4);
	return q ? (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
		       (uint32_t)q[3] << 24
		 : 0;
}

static uint64_t get64(struct rd *r)
{
	uint64_t lo = get32(r);
	return lo | (uint64_t)get32(r) << 32;
}

static int read_file(const char *path, unsigned char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		return -e;
	}
	size_t n = (size_t)st.st_size, got = 0;
	unsigned char *p = malloc(n + 1);
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break; /* shrank under us: the checks below reject it */
		got += (size_t)r;
	}
	close(fd);
	*out = p;
	*len = got;
	return 0;
}

/* Parses a whole verified file into *out; -EINVAL on any inconsistency. */
static int parse(struct rd *r, pgc_tracemalloc_snapshot **out)
{
	take(r, 8);
	uint32_t version = get32(r), limit = get32(r), nstr = get32(r), ntbs = get32(r);
	uint64_t nframes = get64(r), ntraces = get64(r), payload = get64(r);
	if (r->bad || version != DUMP_VERSION)
		return r->bad ? -EINVAL : -EPROTO;
	/* Each element needs at least this many bytes: bounds every count
	 * by the file size before anything is allocated. */
	uint64_t room = r->len - r->off - 8;
	if (payload != room || limit < 1 || limit > PGC_TRACEMALLOC_MAX_NFRAME || nstr > room / 4 ||
	    ntbs > room / 4 || nframes > room / 20 || ntraces > room / 12 || nframes < ntbs)
		return -EINVAL;
	pgc_tracemalloc_snapshot *s = pgc__snap_new(ntraces, ntbs, nframes);
	if (!s)
		return -ENOMEM;
	s->traceback_limit = (int)limit;
	s->symbolised = 1;
	int rc = -EINVAL;
	for (uint32_t i = 0; i < nstr; i++) {
		uint32_t l = get32(r);
		const unsigned char *q = take(r, l);
		if (!q || memchr(q, 0, l))
			goto fail;
		char *str = strndup((const char *)q, l);
		uint32_t at;
		const char *kept = str ? pgc__snap_strdup(s, str, &at) : NULL;
		free(str);
		if (!kept) {
			rc = -ENOMEM;
			goto fail;
		}
		if (at != i) /* a duplicate string: dump never writes one */
			goto fail;
	}
	uint64_t f = 0;
	for (uint32_t i = 0; i < ntbs; i++) {
		uint32_t n = get32(r);
		if (r->bad || n < 1 || n > limit || n > nframes - f)
			goto fail;
		s->tbs[i] = (struct pgc_tracemalloc_traceback){n, &s->frames[f]};
		f += n;
	}
	if (f != nframes)
		goto fail;
	for (uint64_t i = 0; i < nframes; i++) {
		uint32_t file = get32(r), func = get32(r), line = get32(r);
		uint64_t addr = get64(r);
		if (r->bad || file >= nstr || func >= nstr || (uintptr_t)addr != addr)
			goto fail;
		s->frames[i] = (struct pgc_tracemalloc_frame){s->owned.v[file], s->owned.v[func],
							      line, (uintptr_t)addr};
	}
	for (uint64_t i = 0; i < ntraces; i++) {
		uint64_t size = get64(r);
		uint32_t tb = get32(r);
		if (r->bad || tb >= ntbs)
			goto fail;
		s->traces[i] = (struct pgc__snap_trace){size, tb};
	}
	if (r->off != r->len - 8)
		goto fail;
	*out = s;
	return 0;
fail:
	pgc_tracemalloc_snapshot_free(s);
	return rc;
}

PGC_API int pgc_tracemalloc_snapshot_load(const char *path, pgc_tracemalloc_snapshot **out)
{
	*out = NULL;
	unsigned char *p = NULL;
	size_t len = 0;
	int rc = read_file(path, &p, &len);
	if (rc < 0)
		return rc;
	rc = -EINVAL;
	if (len >= HEADER_LEN + 8 && !memcmp(p, DUMP_MAGIC, 8)) {
		struct rd tail = {p, len, len - 8, 0};
		if (get64(&tail) == fnv1a(p, len - 8)) {
			struct rd r = {p, len, 0, 0};
			rc = parse(&r, out);
		}
	}
	free(p);
	return rc;
}
