/*
 * stats_read.c - create the stats page before fork(), read it with pread
 * after the tree is reaped, and validate every field of the untrusted copy
 * into struct pd_gc_report. Layout and rules: docs/stats-page.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/stats_read.h"
#include "paddock_stats.h"

/* Plausibility bounds. No 64-bit machine has 2^56 bytes of address space, so
 * a byte count or object count above this is garbage, not a measurement;
 * 2^56 ns is over two years of collector pauses. Keeping every accepted
 * value below 2^56 also means sums of a few of them cannot overflow. */
#define PD_STATS_MAX_PLAUSIBLE (UINT64_C(1) << 56)
/* PID_MAX_LIMIT on 64-bit Linux (include/linux/threads.h). */
#define PD_STATS_PID_MAX 4194304

_Static_assert(sizeof(struct paddock_stats_page) <= PADDOCK_STATS_MAP_SIZE,
	       "the page layout must fit the mapping");
_Static_assert(PADDOCK_STATS_NSITES == PD_GC_NSITES, "one site table size");
_Static_assert(PADDOCK_STATS_FILELEN <= sizeof(((struct pd_gc_report *)0)->sites[0].file),
	       "a sanitised file name fits the report");

int pd_stats_create(void)
{
	int fd = memfd_create("paddock-stats", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (fd < 3) {
		/* paddock was started with a standard stream closed: never hand
		 * the page out on 0, 1 or 2. */
		int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		int e = errno;
		close(fd);
		if (moved < 0)
			return -e;
		fd = moved;
	}
	if (ftruncate(fd, PADDOCK_STATS_MAP_SIZE) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

char *pd_stats_env(char *buf, size_t n, int fd)
{
	snprintf(buf, n, "%s=%d", PADDOCK_STATS_ENV, fd);
	return buf;
}

/* "NAME=" prefix test for an environment entry. */
static int env_is(const char *entry, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(entry, name, n) && entry[n] == '=';
}

char **pd_stats_envp_or_die(char *const *envp, int fd, unsigned trace_frames)
{
	enum { VAR_MAX = 48 };
	size_t n = 0;
	while (envp && envp[n])
		n++;
	/* n kept entries at most, two added, the NULL; then the two strings */
	char **out = pd_alloc_or_die((n + 3) * sizeof(char *) + 2 * VAR_MAX);
	char *vars = (char *)(out + n + 3);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (env_is(envp[i], PADDOCK_STATS_ENV))
			continue;
		if (trace_frames && env_is(envp[i], "PGC_TRACEMALLOC"))
			continue;
		out[k++] = envp[i];
	}
	out[k++] = pd_stats_env(vars, VAR_MAX, fd);
	if (trace_frames) {
		snprintf(vars + VAR_MAX, VAR_MAX, "PGC_TRACEMALLOC=%u", trace_frames);
		out[k++] = vars + VAR_MAX;
	}
	out[k] = NULL;
	return out;
}

/* Read exactly N bytes at OFF. Returns 0, or -1 (short read or error). */
static int pread_full(int fd, void *buf, size_t n, off_t off)
{
	char *p = buf;
	while (n > 0) {
		ssize_t r = pread(fd, p, n, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			errno = 0; /* short: the page is sealed, so this is not ours */
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

static void invalid(struct pd_gc_report *gc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void invalid(struct pd_gc_report *gc, const char *fmt, ...)
{
	char reason[sizeof(gc->invalid)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	memset(gc, 0, sizeof(*gc));
	memcpy(gc->invalid, reason, sizeof(reason));
}

static int all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		if (c[i])
			return 0;
	return 1;
}

/* Check one counter; on failure fill GC->invalid and return -1. */
static int plausible(struct pd_gc_report *gc, const char *what, uint64_t v)
{
	if (v < PD_STATS_MAX_PLAUSIBLE)
		return 0;
	invalid(gc, "%s is implausible: %" PRIu64, what, v);
	return -1;
}

/* Copy a site's file name: it must be NUL-terminated inside its field; any
 * byte outside printable ASCII becomes '?', so no report format ever sees a
 * control character or a partial UTF-8 sequence from the page. */
static int copy_file(struct pd_gc_report *gc, unsigned i, const char *src, char *dst)
{
	const char *nul = memchr(src, '\0', PADDOCK_STATS_FILELEN);
	if (!nul) {
		invalid(gc, "site %u: file name is not NUL-terminated within %u bytes", i,
			PADDOCK_STATS_FILELEN);
		return -1;
	}
	size_t len = (size_t)(nul - src);
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)src[k];
		dst[k] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (len == 0)
		dst[len++] = '?';
	dst[len] = '\0';
	return 0;
}

#define CHECK(what, v)                                                                             \
	do {                                                                                       \
		if (plausible(gc, (what), (v)) < 0)                                                \
			return;                                                                    \
	} while (0)

void pd_stats_validate(const struct paddock_stats_page *p, size_t size, struct pd_gc_report *gc)
{
	const uint32_t known_flags = PADDOCK_STATS_F_GC_ENABLED | PADDOCK_STATS_F_TRACING |
				     PADDOCK_STATS_F_STACK_OVERFLOW | PADDOCK_STATS_F_EXITED;
	memset(gc, 0, sizeof(*gc));
	if (size < sizeof(*p)) {
		invalid(gc, "short page: %zu of %zu bytes", size, sizeof(*p));
		return;
	}
	if (p->magic == 0 && all_zero(p, sizeof(*p)))
		return; /* never written: the command does not use libpgc */
	if (p->magic != PADDOCK_STATS_MAGIC) {
		invalid(gc, "bad magic 0x%016" PRIx64, p->magic);
		return;
	}
	if (p->version != PADDOCK_STATS_VERSION) {
		invalid(gc, "unsupported version %" PRIu32 " (this paddock reads %u)", p->version,
			PADDOCK_STATS_VERSION);
		return;
	}
	if (p->size != sizeof(*p)) {
		invalid(gc, "size %" PRIu32 " does not match version 1 (%zu)", p->size, sizeof(*p));
		return;
	}
	if (p->pid <= 0 || p->pid > PD_STATS_PID_MAX) {
		invalid(gc, "implausible writer pid %" PRId32, p->pid);
		return;
	}
	if (p->flags & ~known_flags) {
		invalid(gc, "unknown flags 0x%" PRIx32, p->flags & ~known_flags);
		return;
	}
	if (p->nsites > PADDOCK_STATS_NSITES) {
		invalid(gc, "nsites %" PRIu32 " exceeds %u", p->nsites, PADDOCK_STATS_NSITES);
		return;
	}
	CHECK("live_objects", p->live_objects);
	CHECK("live_bytes", p->live_bytes);
	CHECK("peak_bytes", p->peak_bytes);
	if (p->live_bytes > p->peak_bytes) {
		invalid(gc, "live_bytes %" PRIu64 " exceeds peak_bytes %" PRIu64, p->live_bytes,
			p->peak_bytes);
		return;
	}
	for (unsigned g = 0; g < PADDOCK_STATS_NGEN; g++) {
		/* The runtime's gen count is signed (gen 0 dips below 0 when
		 * old objects die); the page stores its two's complement. */
		int64_t c = (int64_t)p->gen[g].count;
		if (c <= -(int64_t)PD_STATS_MAX_PLAUSIBLE || c >= (int64_t)PD_STATS_MAX_PLAUSIBLE) {
			invalid(gc, "generation %u count is implausible: %" PRId64, g, c);
			return;
		}
		CHECK("generation collections", p->gen[g].collections);
		CHECK("generation collected", p->gen[g].collected);
		CHECK("generation uncollectable", p->gen[g].uncollectable);
	}
	CHECK("pause_total_ns", p->pause_total_ns);
	CHECK("pause_max_ns", p->pause_max_ns);
	if (p->pause_max_ns > p->pause_total_ns) {
		invalid(gc, "pause_max_ns %" PRIu64 " exceeds pause_total_ns %" PRIu64,
			p->pause_max_ns, p->pause_total_ns);
		return;
	}
	CHECK("alloc_failures", p->alloc_failures);
	/* failed_size is whatever the program asked for: any value can fail. */

	for (unsigned i = 0; i < p->nsites; i++) {
		CHECK("site size", p->sites[i].size);
		CHECK("site count", p->sites[i].count);
		if (copy_file(gc, i, p->sites[i].file, gc->sites[i].file) < 0)
			return;
		gc->sites[i].line = p->sites[i].line;
		gc->sites[i].size = p->sites[i].size;
		gc->sites[i].count = p->sites[i].count;
	}

	gc->present = 1;
	gc->writer_pid = p->pid;
	gc->enabled = !!(p->flags & PADDOCK_STATS_F_GC_ENABLED);
	gc->tracing = !!(p->flags & PADDOCK_STATS_F_TRACING);
	gc->stack_overflow = !!(p->flags & PADDOCK_STATS_F_STACK_OVERFLOW);
	gc->exited = !!(p->flags & PADDOCK_STATS_F_EXITED);
	gc->live_objects = p->live_objects;
	gc->live_bytes = p->live_bytes;
	gc->peak_bytes = p->peak_bytes;
	for (unsigned g = 0; g < PADDOCK_STATS_NGEN; g++) {
		gc->gen[g].count = (int64_t)p->gen[g].count;
		gc->gen[g].collections = p->gen[g].collections;
		gc->gen[g].collected = p->gen[g].collected;
		gc->gen[g].uncollectable = p->gen[g].uncollectable;
	}
	gc->pause_total_ns = p->pause_total_ns;
	gc->pause_max_ns = p->pause_max_ns;
	gc->alloc_failures = p->alloc_failures;
	gc->failed_size = p->failed_size;
	gc->nsites = p->nsites;
}

void pd_stats_read(int fd, struct pd_gc_report *gc)
{
	struct paddock_stats_page page;
	const off_t seq_off = offsetof(struct paddock_stats_page, seq);
	uint64_t before = 0, after = 0;
	int got = 0;

	memset(gc, 0, sizeof(*gc));
	if (fd < 0)
		return;
	/* Seqlock read: accept a copy whose counter was the same before and
	 * after it. The writer is dead, so the counter normally cannot move;
	 * if something still writes, give up after a bounded number of tries
	 * and keep the last copy, marked torn. */
	for (int i = 0; i < PD_STATS_READ_TRIES; i++) {
		if (pread_full(fd, &before, sizeof(before), seq_off) < 0 ||
		    pread_full(fd, &page, sizeof(page), 0) < 0 ||
		    pread_full(fd, &after, sizeof(after), seq_off) < 0) {
			invalid(gc, "cannot read the page: %s",
				errno ? strerror(errno) : "short read");
			return;
		}
		got = 1;
		if (before == after && page.seq == before)
			break;
	}
	if (!got)
		return;
	/* An odd counter that stayed put: the writer was killed inside an
	 * update. Every field is still validated on its own; the report says
	 * the snapshot may mix two updates. */
	int torn = before != after || page.seq != before || (before & 1);
	pd_stats_validate(&page, sizeof(page), gc);
	if (gc->present)
		gc->torn = torn;
}
