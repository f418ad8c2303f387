/*
 * statspage.c - the writer of paddock's live statistics page. When
 * PADDOCK_STATS_FD names a shared memory fd, map it and keep the runtime's
 * counters current in it with the seqlock protocol of paddock_stats.h; when
 * the variable is absent, do nothing at all. Layout: docs/stats-page.md.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/statspage.h"
#include "runtime/tracemalloc_impl.h"

_Static_assert(sizeof(struct paddock_stats_page) <= PADDOCK_STATS_MAP_SIZE, "page fits the map");

int pgc__statspage_mapped;
static struct paddock_stats_page *page;
static uint32_t allocs_left = PGC__STATSPAGE_EVERY; /* until the next periodic publish */
static size_t bytes_since;

void pgc__statspage_write_begin(struct paddock_stats_page *pg)
{
	uint64_t s = __atomic_load_n(&pg->seq, __ATOMIC_RELAXED);
	/* An odd value means a write was interrupted (only the SIGSEGV
	 * recorder can interrupt one): keep it odd, the end makes it even. */
	__atomic_store_n(&pg->seq, s | 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE); /* seq odd before any data */
}

void pgc__statspage_write_end(struct paddock_stats_page *pg)
{
	uint64_t s = __atomic_load_n(&pg->seq, __ATOMIC_RELAXED);
	__atomic_store_n(&pg->seq, s + 1, __ATOMIC_RELEASE); /* data before seq even */
}

/* Copies str into a page file field, keeping the end of a long path. */
static void put_file(char dst[PADDOCK_STATS_FILELEN], const char *str)
{
	if (!str)
		str = "??";
	size_t n = strlen(str);
	if (n < PADDOCK_STATS_FILELEN) {
		memcpy(dst, str, n + 1);
		return;
	}
	const size_t keep = PADDOCK_STATS_FILELEN - 4;
	memcpy(dst, "...", 3);
	memcpy(dst + 3, str + n - keep, keep + 1);
}

/* The PADDOCK_STATS_NSITES largest live sites by size, by insertion into a
 * short sorted array: O(sites), no allocation. */
static uint32_t top_sites(const struct pgc__tm_site *top[PADDOCK_STATS_NSITES])
{
	uint32_t n = 0;
	size_t nsites = pgc__tm_nsites();
	for (size_t i = 0; i < nsites; i++) {
		const struct pgc__tm_site *s = pgc__tm_site_at(i);
		if (!s->count)
			continue;
		if (n == PADDOCK_STATS_NSITES && s->size <= top[n - 1]->size)
			continue;
		uint32_t k = n < PADDOCK_STATS_NSITES ? n++ : n - 1;
		while (k > 0 && top[k - 1]->size < s->size) {
			top[k] = top[k - 1];
			k--;
		}
		top[k] = s;
	}
	return n;
}

void pgc__statspage_publish(void)
{
	if (!pgc__statspage_mapped)
		return;
	const struct pgc__counters *c = pgc__counters();
	struct paddock_stats_page *pg = page;
	pgc__statspage_write_begin(pg);
	pg->live_objects = c->live_objects;
	pg->live_bytes = c->live_bytes;
	pg->peak_bytes = c->peak_bytes;
	for (unsigned g = 0; g < PADDOCK_STATS_NGEN && g < PGC__NGEN; g++) {
		/* gen 0's count may be negative (CPython's bookkeeping): the
		 * field carries it as two's complement (docs/stats-page.md). */
		pg->gen[g].count = (uint64_t)c->gen[g].count;
		pg->gen[g].collections = c->gen[g].collections;
		pg->gen[g].collected = c->gen[g].collected;
		pg->gen[g].uncollectable = c->gen[g].uncollectable;
	}
	pg->pause_total_ns = c->pause_total_ns;
	pg->pause_max_ns = c->pause_max_ns;
	pg->alloc_failures = c->alloc_failures;
	pg->failed_size = c->failed_size;
	uint32_t flags = pg->flags & (PADDOCK_STATS_F_STACK_OVERFLOW | PADDOCK_STATS_F_EXITED);
	if (c->enabled)
		flags |= PADDOCK_STATS_F_GC_ENABLED;
	uint32_t nsites = 0;
	if (pgc_tracemalloc_is_tracing()) {
		flags |= PADDOCK_STATS_F_TRACING;
		const struct pgc__tm_site *top[PADDOCK_STATS_NSITES];
		nsites = top_sites(top);
		for (uint32_t i = 0; i < nsites; i++) {
			struct paddock_stats_site *d = &pg->sites[i];
			put_file(d->file, top[i]->file);
			d->line = top[i]->line;
			d->reserved = 0;
			d->size = top[i]->size;
			d->count = top[i]->count;
		}
	}
	pg->nsites = nsites;
	pg->flags = flags;
	pgc__statspage_write_end(pg);
	allocs_left = PGC__STATSPAGE_EVERY;
	bytes_since = 0;
}

void pgc__statspage_on_alloc(void *p, size_t size, const char *file, int line, const char *func)
{
	bytes_since += size;
	if (--allocs_left == 0 || bytes_since >= PGC__STATSPAGE_BYTES)
		pgc__statspage_publish();
}

static void on_collect_end(void) { pgc__statspage_publish(); }

/* Runs when memory is exhausted: publish touches only the mapped page. */
static void on_alloc_failure(size_t size) { pgc__statspage_publish(); }

/* Registered with atexit at init, before the runtime registers its own exit
 * handler, so it runs after that one (weakref.finalize "call at exit"). */
static void at_exit(void)
{
	if (!pgc__statspage_mapped)
		return;
	page->flags |= PADDOCK_STATS_F_EXITED; /* publish keeps it, inside its seqlock */
	pgc__statspage_publish();
}

/* A forked child must not overwrite its parent's page: paddock reads the
 * figures of the process it started. */
static void forget_page_in_child(void)
{
	if (!pgc__statspage_mapped)
		return;
	pgc__stackguard_remove();
	pgc__statspage_mapped = 0;
	munmap(page, PADDOCK_STATS_MAP_SIZE);
	page = NULL;
	if (pgc__hooks.on_collect_end == on_collect_end)
		pgc__hooks.on_collect_end = NULL;
	if (pgc__hooks.on_alloc_failure == on_alloc_failure)
		pgc__hooks.on_alloc_failure = NULL;
	pgc__tm_update_hooks();
}

/* The fd named by the variable: a decimal in [0, INT_MAX] and nothing else. */
static int parse_fd(const char *v)
{
	if (!v || *v < '0' || *v > '9')
		return -1;
	char *end;
	errno = 0;
	long fd = strtol(v, &end, 10);
	if (errno || *end || fd > INT_MAX)
		return -1;
	return (int)fd;
}

void pgc__statspage_init_from_env(void)
{
	static int registered;
	if (pgc__statspage_mapped)
		return;
	int fd = parse_fd(getenv(PADDOCK_STATS_ENV));
	struct stat st;
	/* Silently ignore a bad fd: the runtime never prints or exits, and a
	 * program run outside paddock must behave exactly as usual. */
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)PADDOCK_STATS_MAP_SIZE)
		return;
	void *m = mmap(NULL, PADDOCK_STATS_MAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return;
	if (!registered &&
	    (pthread_atfork(NULL, NULL, forget_page_in_child) != 0 || atexit(at_exit) != 0)) {
		munmap(m, PADDOCK_STATS_MAP_SIZE);
		return;
	}
	registered = 1;
	page = m;
	pgc__statspage_write_begin(page);
	page->magic = PADDOCK_STATS_MAGIC;
	page->version = PADDOCK_STATS_VERSION;
	page->size = sizeof(struct paddock_stats_page);
	page->pid = (int32_t)getpid();
	page->flags = 0;
	page->nsites = 0;
	page->reserved = 0;
	pgc__statspage_write_end(page);
	pgc__statspage_mapped = 1;
	pgc__hooks.on_collect_end = on_collect_end;
	pgc__hooks.on_alloc_failure = on_alloc_failure;
	pgc__tm_update_hooks();
	pgc__stackguard_install(page); /* best effort: the page works without it */
	pgc__statspage_publish();
}
