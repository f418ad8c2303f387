/*
 * tracemalloc.c - the allocation tracer's live state: which blocks are alive,
 * their size and where they were allocated. Hooked into the runtime allocator
 * through pgc__hooks; snapshots are in tracemalloc_snapshot.c.
 *
 * Memory per live block: one 16-byte slot in an open-addressing table
 * (linear probing, backward-shift deletion, no tombstones) kept between 34%
 * and 75% full once past 64 KiB, so 21..47 bytes, plus the interned sites
 * and tracebacks (tracemalloc_intern.c) shared by every block allocated at
 * one place. The tracer allocates with malloc and counts its own bytes; it
 * never calls the traced allocator.
 */
#include <errno.h>
#include <execinfo.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/internal.h"
#include "runtime/statspage.h"
#include "runtime/tracemalloc_impl.h"

/* A live traced block. ptr 0 marks an empty slot. Sizes that do not fit
 * 32 bits are stored as BIG_SIZE and kept exactly in the big-block list. */
struct tm_trace {
	uintptr_t ptr;
	uint32_t size;
	uint32_t tb;
};
#define BIG_SIZE      UINT32_MAX
#define MIN_TRACE_CAP 1024u

struct tm_big {
	struct tm_big *next;
	uintptr_t ptr;
	uint64_t size;
};

static struct {
	int nframe; /* 0 when not tracing */
	size_t current, peak;

	struct tm_trace *traces;
	size_t trace_cap, ntraces;
	/* The table grows when ntraces would pass grow_at and shrinks when it
	 * falls below shrink_at; both follow trace_cap (set_bounds). */
	size_t grow_at, shrink_at;
	struct tm_big *big;

	/* The last site seen with 1 frame: a loop allocating at one place
	 * skips both interning lookups. */
	const char *last_file, *last_func;
	int last_line;
	uint32_t last_tb, fast_site; /* fast_site UINT32_MAX: nothing cached */
} tm = {.fast_site = UINT32_MAX};

/* The interned sites and tracebacks (tracemalloc_intern.c). */
#define IN pgc__tm_in

/* The home slot of a block address, by Fibonacci hashing of its 16-byte
 * grain number. Taking bits 32 and up of the product, rather than the top
 * bits, makes the slot nearly a linear function of the grain modulo the
 * table size: blocks carved one after another from a chunk, the common
 * case, land in distinct slots, so probe runs stay short. (Measured: with
 * the top bits, the churn benchmark traced at 1 frame took 12% longer.) */
static size_t ptr_slot(uintptr_t p, size_t cap)
{
	return (size_t)(((uint64_t)(p >> 4) * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

/* --- the trace table --- */

/* Grow past 75% full, so probe runs stay short. Shrink below 34% full, so a
 * block costs at most 16 / 0.34 = 47 bytes of table; tables of up to
 * 4 x MIN_TRACE_CAP slots (64 KiB) stay, so a program that churns a few
 * thousand blocks never resizes. */
static void set_bounds(void)
{
	size_t cap = tm.trace_cap;
	tm.grow_at = cap - cap / 4;
	tm.shrink_at = cap > 4 * MIN_TRACE_CAP ? (cap * 34 + 99) / 100 : 0;
}

static int traces_resize(size_t cap)
{
	struct tm_trace *nt = pgc__tm_alloc(cap * sizeof *nt);
	if (!nt)
		return -ENOMEM;
	memset(nt, 0, cap * sizeof *nt);
	for (size_t i = 0; i < tm.trace_cap; i++) {
		struct tm_trace *t = &tm.traces[i];
		if (!t->ptr)
			continue;
		size_t j = ptr_slot(t->ptr, cap);
		while (nt[j].ptr)
			j = (j + 1) & (cap - 1);
		nt[j] = *t;
	}
	pgc__tm_free(tm.traces, tm.trace_cap * sizeof *tm.traces);
	tm.traces = nt;
	tm.trace_cap = cap;
	set_bounds();
	return 0;
}

/* The slot of TAB (CAP slots, not full) holding block P, else the empty
 * slot where its probe run ends: every lookup and insert. */
static inline size_t probe(const struct tm_trace *tab, size_t cap, uintptr_t p)
{
	size_t mask = cap - 1, i = ptr_slot(p, cap);
	for (uintptr_t q; (q = tab[i].ptr) != p && q; i = (i + 1) & mask)
		;
	return i;
}

/* The slot holding block P, or NULL. On every free while tracing: the
 * table's fields are read once into locals. */
static inline struct tm_trace *trace_find(uintptr_t p)
{
	struct tm_trace *tab = tm.traces;
	if (PGC__UNLIKELY(!tab))
		return NULL;
	struct tm_trace *t = &tab[probe(tab, tm.trace_cap, p)];
	return t->ptr ? t : NULL;
}

static uint64_t big_take(uintptr_t p, int remove)
{
	for (struct tm_big **b = &tm.big; *b; b = &(*b)->next) {
		if ((*b)->ptr != p)
			continue;
		struct tm_big *hit = *b;
		uint64_t size = hit->size;
		if (remove) {
			*b = hit->next;
			pgc__tm_free(hit, sizeof *hit);
		}
		return size;
	}
	return 0;
}

static uint64_t trace_size(const struct tm_trace *t)
{
	return t->size == BIG_SIZE ? big_take(t->ptr, 0) : t->size;
}

/* Return addresses above the runtime allocator. The frames skipped are this
 * function, tm_on_alloc and pgc__alloc, which calls its hook through a
 * pointer and so cannot inline it. */
#define SKIP_FRAMES 3
static __attribute__((noinline)) uint32_t capture_raw(uintptr_t *raw, int max)
{
	void *buf[PGC_TRACEMALLOC_MAX_NFRAME + SKIP_FRAMES];
	int n = backtrace(buf, max + SKIP_FRAMES);
	uint32_t k = 0;
	for (int i = SKIP_FRAMES; i < n; i++)
		raw[k++] = (uintptr_t)buf[i];
	return k;
}

/* --- the hooks --- */

static void tm_forget_all(void)
{
	pgc__tm_free(tm.traces, tm.trace_cap * sizeof *tm.traces);
	tm.traces = NULL;
	tm.trace_cap = tm.ntraces = 0;
	set_bounds();
	while (tm.big)
		big_take(tm.big->ptr, 1);
	pgc__tm_intern_reset();
	tm.fast_site = UINT32_MAX;
	tm.current = tm.peak = 0;
}

/* The site and traceback of an allocation at (file, line, func), interned
 * on first use; UINT32_MAX on ENOMEM. */
static __attribute__((noinline)) uint32_t origin_slow(const char *file, int line, const char *func,
						      uint32_t *site_out)
{
	uint32_t site = pgc__tm_site_intern(file, line > 0 ? (unsigned)line : 0, func), tb;
	if (site == UINT32_MAX)
		return UINT32_MAX;
	if (tm.nframe > 1) {
		uintptr_t raw[PGC_TRACEMALLOC_MAX_NFRAME];
		tb = pgc__tm_tb_intern(site, raw, capture_raw(raw, tm.nframe - 1));
	} else {
		tb = pgc__tm_tb_intern(site, NULL, 0);
	}
	if (tb == UINT32_MAX)
		return UINT32_MAX;
	tm.last_file = file;
	tm.last_line = line;
	tm.last_func = func;
	tm.last_tb = tb;
	/* Only a 1-frame traceback may be reused without a stack walk. */
	tm.fast_site = tm.nframe == 1 ? site : UINT32_MAX;
	*site_out = site;
	return tb;
}

static void forget(size_t i);

/* The rare cases of recording a block, kept out of tm_on_alloc so that the
 * common case needs few registers: the table is due to grow, the block is
 * too big for a slot, or a block at the same address is still recorded
 * (its free was never seen: forget it first). Returns the empty slot to
 * fill, or NULL to leave the block untraced (ENOMEM). */
static __attribute__((noinline)) struct tm_trace *slot_slow(uintptr_t key, size_t size)
{
	for (;;) {
		if (tm.ntraces >= tm.grow_at &&
		    traces_resize(tm.trace_cap ? tm.trace_cap * 2 : MIN_TRACE_CAP) < 0)
			return NULL;
		size_t j = probe(tm.traces, tm.trace_cap, key);
		if (tm.traces[j].ptr) {
			forget(j);
			continue;
		}
		if (size >= BIG_SIZE) {
			struct tm_big *b = pgc__tm_alloc(sizeof *b);
			if (!b)
				return NULL;
			*b = (struct tm_big){tm.big, key, size};
			tm.big = b;
		}
		return &tm.traces[j];
	}
}

/* Whether an allocation at (file, line, func) is at the site seen last,
 * whose 1-frame traceback can be reused as it is. */
static inline int at_last_site(const char *file, int line, const char *func)
{
	return tm.fast_site != UINT32_MAX && file == tm.last_file && line == tm.last_line &&
	       func == tm.last_func;
}

/* Fill the empty slot t with a new block and count it. */
static inline void record(struct tm_trace *t, uintptr_t key, size_t size, uint32_t tb,
			  uint32_t site)
{
	*t = (struct tm_trace){key, size >= BIG_SIZE ? BIG_SIZE : (uint32_t)size, tb};
	tm.ntraces++;
	size_t current = tm.current + size;
	tm.current = current;
	if (current > tm.peak)
		tm.peak = current;
	IN.sites[site].size += size;
	IN.sites[site].count++;
}

/* Record a new block, every case. On ENOMEM the block is simply left
 * untraced: the tracer must never make the program's allocation fail. */
static __attribute__((noinline)) void tm_on_alloc_slow(void *p, size_t size, const char *file,
						       int line, const char *func)
{
	uint32_t site = tm.fast_site, tb = tm.last_tb;
	if (!at_last_site(file, line, func))
		tb = origin_slow(file, line, func, &site);
	if (tb != UINT32_MAX) {
		struct tm_trace *t = slot_slow((uintptr_t)p, size);
		if (t)
			record(t, (uintptr_t)p, size, tb, site);
	}
	if (pgc__statspage_mapped)
		pgc__statspage_on_alloc(p, size, file, line, func);
}

/* The allocation hook. This and tm_on_free run on every allocation and
 * free while tracing, so they handle only the common case: a loop
 * allocating at the site seen last, into a table with room, through an
 * empty slot. They read the table's fields once into locals (stores
 * through the table would otherwise make the compiler reload them), and
 * every other case is a tail call, so the common one needs no stack frame. */
static void tm_on_alloc(void *p, size_t size, const char *file, int line, const char *func)
{
	uintptr_t key = (uintptr_t)p;
	struct tm_trace *tab = tm.traces;
	if (PGC__UNLIKELY(!at_last_site(file, line, func) || tm.ntraces >= tm.grow_at ||
			  size >= BIG_SIZE)) {
		tm_on_alloc_slow(p, size, file, line, func);
		return;
	}
	struct tm_trace *t = &tab[probe(tab, tm.trace_cap, key)];
	if (PGC__UNLIKELY(t->ptr != 0)) { /* still recorded: its free was never seen */
		tm_on_alloc_slow(p, size, file, line, func);
		return;
	}
	record(t, key, size, tm.last_tb, tm.fast_site);
	if (pgc__statspage_mapped)
		pgc__statspage_on_alloc(p, size, file, line, func);
}

/* Forget the block in slot i. */
static void forget(size_t i)
{
	struct tm_trace *tab = tm.traces;
	size_t cap = tm.trace_cap, mask = cap - 1;
	uint64_t sz = tab[i].size;
	if (PGC__UNLIKELY(sz == BIG_SIZE))
		sz = big_take(tab[i].ptr, 1);
	struct pgc__tm_site *s = &IN.sites[IN.tb_site[tab[i].tb]];
	s->size -= sz;
	s->count--;
	tm.current -= sz;
	/* Backward-shift deletion (Knuth 6.4, algorithm R): move each later
	 * member of the probe run into the hole unless its home slot lies
	 * cyclically in (hole, j], so lookups never need tombstones. */
	for (size_t j = (i + 1) & mask; tab[j].ptr; j = (j + 1) & mask) {
		size_t home = ptr_slot(tab[j].ptr, cap);
		if (((j - home) & mask) >= ((j - i) & mask)) {
			tab[i] = tab[j];
			i = j;
		}
	}
	tab[i].ptr = 0;
	tm.ntraces--;
}

static __attribute__((noinline)) void shrink(void)
{
	traces_resize(tm.trace_cap / 2); /* on ENOMEM, stay large */
}

/* The free hook; size is the caller's, the trace's own is authoritative. */
static void tm_on_free(void *p, size_t size)
{
	(void)size;
	struct tm_trace *t = trace_find((uintptr_t)p);
	if (!t)
		return; /* allocated before tracing started */
	forget((size_t)(t - tm.traces));
	if (PGC__UNLIKELY(tm.ntraces < tm.shrink_at))
		shrink();
}

void pgc__tm_update_hooks(void)
{
	if (tm.nframe) {
		pgc__hooks.on_alloc = tm_on_alloc;
		pgc__hooks.on_free = tm_on_free;
	} else {
		pgc__hooks.on_alloc = pgc__statspage_mapped ? pgc__statspage_on_alloc : NULL;
		pgc__hooks.on_free = NULL;
	}
}

/* --- the public API --- */

PGC_API int pgc_tracemalloc_start(int nframe)
{
	if (nframe < 1 || nframe > PGC_TRACEMALLOC_MAX_NFRAME)
		return -EINVAL;
	if (nframe > 1) {
		/* backtrace() loads the unwinder, which allocates, on first use:
		 * do that now rather than inside the allocator. */
		void *warm[2];
		backtrace(warm, 2);
	}
	if (!tm.traces && traces_resize(MIN_TRACE_CAP) < 0)
		return -ENOMEM;
	tm.nframe = nframe;
	tm.fast_site = UINT32_MAX; /* a new traceback limit: re-intern */
	pgc__tm_update_hooks();
	return 0;
}

PGC_API void pgc_tracemalloc_stop(void)
{
	tm.nframe = 0;
	pgc__tm_update_hooks();
	tm_forget_all();
}

PGC_API int pgc_tracemalloc_is_tracing(void) { return tm.nframe != 0; }

PGC_API int pgc_tracemalloc_get_traceback_limit(void) { return tm.nframe; }

PGC_API void pgc_tracemalloc_get_traced_memory(size_t *current, size_t *peak)
{
	if (current)
		*current = tm.current;
	if (peak)
		*peak = tm.peak;
}

PGC_API void pgc_tracemalloc_reset_peak(void) { tm.peak = tm.current; }

PGC_API void pgc_tracemalloc_clear_traces(void)
{
	if (!tm.nframe)
		return;
	tm_forget_all();
	traces_resize(MIN_TRACE_CAP); /* on ENOMEM the next allocation retries */
}

PGC_API size_t pgc_tracemalloc_get_tracemalloc_memory(void) { return IN.memory; }

void pgc__tracemalloc_init_from_env(void)
{
	const char *v = getenv("PGC_TRACEMALLOC");
	if (!v || !*v)
		return;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	/* As PYTHONTRACEMALLOC: 0 means off; junk is ignored because the
	 * runtime never prints, and a bad value must not kill the program. */
	if (errno || *end || n < 1 || n > PGC_TRACEMALLOC_MAX_NFRAME)
		return;
	pgc_tracemalloc_start((int)n);
}

/* --- views for the snapshot code and the stats page --- */

size_t pgc__tm_ntraces(void) { return tm.ntraces; }

void pgc__tm_foreach_trace(int (*fn)(void *arg, uintptr_t ptr, uint64_t size, uint32_t tb),
			   void *arg)
{
	for (size_t i = 0; i < tm.trace_cap; i++)
		if (tm.traces[i].ptr &&
		    fn(arg, tm.traces[i].ptr, trace_size(&tm.traces[i]), tm.traces[i].tb))
			return;
}

PGC_API struct pgc_tracemalloc_traceback *pgc_tracemalloc_get_object_traceback(const void *obj)
{
	if (!tm.nframe || !obj)
		return NULL;
	struct tm_trace *t = trace_find((uintptr_t)obj);
	if (!t)
		return NULL;
	const struct pgc__tm_tb *tb = IN.tbs[t->tb];
	const struct pgc__tm_site *s = &IN.sites[tb->site];
	pgc_tracemalloc_snapshot *one = pgc__snap_new(0, 1, 1 + tb->nraw);
	if (!one)
		return NULL;
	one->frames[0] = (struct pgc_tracemalloc_frame){s->file, s->func, s->line, 0};
	for (uint32_t i = 0; i < tb->nraw; i++)
		one->frames[1 + i] = (struct pgc_tracemalloc_frame){NULL, NULL, 0, tb->raw[i]};
	one->tbs[0] = (struct pgc_tracemalloc_traceback){1 + tb->nraw, one->frames};
	struct pgc_tracemalloc_traceback *copy = NULL;
	if (pgc__snap_symbolise(one) == 0)
		copy = pgc__traceback_copy(&one->tbs[0]);
	pgc_tracemalloc_snapshot_free(one);
	return copy;
}

PGC_API void pgc_tracemalloc_traceback_free(struct pgc_tracemalloc_traceback *tb) { free(tb); }
