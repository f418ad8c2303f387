/*
 * pgc_tracemalloc.h - libpgc's allocation tracer, Python's tracemalloc in C.
 *
 * Naming rule: tracemalloc.X becomes pgc_tracemalloc_X; a method of a
 * Snapshot becomes pgc_tracemalloc_snapshot_X. Included by pgc.h.
 *
 * Lifecycle:
 *   pgc_tracemalloc_start(n)           every runtime allocation is recorded
 *   pgc_tracemalloc_take_snapshot(&s)  an immutable copy of the live traces
 *   pgc_tracemalloc_snapshot_statistics(s, key, cumulative, &st)
 *   pgc_tracemalloc_stats_format(st, i, buf, len) ... pgc_tracemalloc_stats_free(st)
 *   pgc_tracemalloc_snapshot_free(s); pgc_tracemalloc_stop()
 * The environment variable PGC_TRACEMALLOC=N starts tracing with N frames
 * when the runtime initialises, as PYTHONTRACEMALLOC does.
 *
 * Frame 0 of every traceback is the allocation site (file, line, function)
 * named by the runtime's allocation macros. With nframe > 1, frames 1.. are
 * C return addresses read from the stack, innermost first, starting in the
 * function that called the runtime allocator; they are symbolised with
 * dladdr(3) only when a snapshot is analysed or formatted, so their
 * filename is the shared object (or executable) and their lineno is 0.
 *
 * Errors are negative errno values. Threading: as the rest of libpgc, one
 * thread at a time. See docs/runtime.md, "The allocation tracer".
 */
#ifndef PGC_TRACEMALLOC_H
#define PGC_TRACEMALLOC_H

#include <stddef.h>
#include <stdint.h>

#ifndef PGC_API
#define PGC_API __attribute__((visibility("default")))
#endif

/* The deepest traceback pgc_tracemalloc_start accepts. */
#define PGC_TRACEMALLOC_MAX_NFRAME 64

struct pgc_tracemalloc_frame {
	const char *filename; /* never NULL; "??" when unknown */
	const char *function; /* never NULL; "??" when unknown */
	unsigned lineno;      /* 0 for a return-address frame */
	uintptr_t address;    /* 0 for the allocation-site frame */
};

struct pgc_tracemalloc_traceback {
	size_t nframes;				    /* >= 1 */
	const struct pgc_tracemalloc_frame *frames; /* most recent first */
};

enum pgc_tracemalloc_key {
	PGC_TRACEMALLOC_KEY_FILENAME,  /* group by frame filename */
	PGC_TRACEMALLOC_KEY_LINENO,    /* group by (filename, lineno) */
	PGC_TRACEMALLOC_KEY_TRACEBACK, /* group by whole traceback */
};

/* A filter for pgc_tracemalloc_snapshot_filter_traces (tracemalloc.Filter).
 * An inclusive filter keeps only traces that match; an exclusive one drops
 * them. filename_pattern is an fnmatch(3) pattern ('*' also matches '/');
 * lineno 0 matches any line. all_frames: match any frame of the traceback,
 * not only the most recent. */
struct pgc_tracemalloc_filter {
	int inclusive;
	const char *filename_pattern;
	unsigned lineno;
	int all_frames;
};

/* One line of statistics or of a comparison (Statistic / StatisticDiff).
 * For compare_to, size_diff and count_diff are new minus old; for
 * statistics they are 0. */
struct pgc_tracemalloc_stat {
	struct pgc_tracemalloc_traceback traceback; /* the grouping key */
	size_t size;
	size_t count;
	int64_t size_diff;
	int64_t count_diff;
};

/* A list of statistics, sorted largest first. The key tracebacks point
 * into the snapshot(s) analysed: free the list before those snapshots. */
struct pgc_tracemalloc_stats {
	size_t n;
	struct pgc_tracemalloc_stat *items;
};

typedef struct pgc_tracemalloc_snapshot pgc_tracemalloc_snapshot;

/* Start tracing, keeping up to nframe frames per traceback (1..MAX_NFRAME).
 * Allocations made before the call are not traced. Calling it while
 * tracing changes the frame limit for new allocations.
 * Returns 0, -EINVAL for a bad nframe, -ENOMEM. */
PGC_API int pgc_tracemalloc_start(int nframe);

/* Stop tracing and forget every trace (as tracemalloc.stop). Cannot fail. */
PGC_API void pgc_tracemalloc_stop(void);

/* 1 while tracing, else 0. */
PGC_API int pgc_tracemalloc_is_tracing(void);

/* The nframe given to start, or 0 when not tracing. */
PGC_API int pgc_tracemalloc_get_traceback_limit(void);

/* The bytes of traced blocks alive now and at the peak since start, the last
 * reset_peak or clear_traces. Either pointer may be NULL. Both are 0 when
 * not tracing. */
PGC_API void pgc_tracemalloc_get_traced_memory(size_t *current, size_t *peak);

/* Set the peak to the current traced size. */
PGC_API void pgc_tracemalloc_reset_peak(void);

/* Forget every trace and reset current and peak; tracing continues. */
PGC_API void pgc_tracemalloc_clear_traces(void);

/* The bytes the tracer itself holds (its tables, sites and tracebacks).
 * It allocates with malloc, never through the traced runtime allocator. */
PGC_API size_t pgc_tracemalloc_get_tracemalloc_memory(void);

/* The traceback where obj (a runtime object or block) was allocated, as a
 * malloc'd copy the caller frees with pgc_tracemalloc_traceback_free.
 * NULL when not tracing, when obj was not traced, or on ENOMEM. */
PGC_API struct pgc_tracemalloc_traceback *pgc_tracemalloc_get_object_traceback(const void *obj);
PGC_API void pgc_tracemalloc_traceback_free(struct pgc_tracemalloc_traceback *tb);

/* Copy the live traces into *out. Returns 0, -EINVAL when not tracing,
 * -ENOMEM. The snapshot stays valid after stop. */
PGC_API int pgc_tracemalloc_take_snapshot(pgc_tracemalloc_snapshot **out);
PGC_API void pgc_tracemalloc_snapshot_free(pgc_tracemalloc_snapshot *s);

/* The number of traces, their total size and the snapshot's frame limit. */
PGC_API size_t pgc_tracemalloc_snapshot_ntraces(const pgc_tracemalloc_snapshot *s);
PGC_API size_t pgc_tracemalloc_snapshot_size(const pgc_tracemalloc_snapshot *s);
PGC_API int pgc_tracemalloc_snapshot_traceback_limit(const pgc_tracemalloc_snapshot *s);

/* A new snapshot holding the traces that pass the filters (see struct
 * pgc_tracemalloc_filter; nfilters 0 copies everything). Returns 0,
 * -EINVAL (NULL pattern), -ENOMEM. */
PGC_API int pgc_tracemalloc_snapshot_filter_traces(pgc_tracemalloc_snapshot *s,
						   const struct pgc_tracemalloc_filter *filters,
						   size_t nfilters, pgc_tracemalloc_snapshot **out);

/* Group the traces by key, sorted by size, then count, largest first.
 * cumulative counts a trace under every distinct frame of its traceback.
 * Returns 0, -EINVAL (bad key, or cumulative with KEY_TRACEBACK), -ENOMEM. */
PGC_API int pgc_tracemalloc_snapshot_statistics(pgc_tracemalloc_snapshot *s,
						enum pgc_tracemalloc_key key, int cumulative,
						struct pgc_tracemalloc_stats **out);

/* Compare s against an older snapshot: one item per key present in either,
 * sorted by |size_diff|, size, |count_diff|, count, largest first.
 * Returns 0, -EINVAL, -ENOMEM. */
PGC_API int pgc_tracemalloc_snapshot_compare_to(pgc_tracemalloc_snapshot *s,
						pgc_tracemalloc_snapshot *old,
						enum pgc_tracemalloc_key key, int cumulative,
						struct pgc_tracemalloc_stats **out);

PGC_API void pgc_tracemalloc_stats_free(struct pgc_tracemalloc_stats *st);

/* Format item i as tracemalloc's str(Statistic) does, e.g.
 * "a.c:12: size=1024 B, count=4, average=256 B" (with ", size=+1024 B"
 * style diffs for compare_to results). Returns snprintf's result, or
 * -EINVAL for a bad index. */
PGC_API int pgc_tracemalloc_stats_format(const struct pgc_tracemalloc_stats *st, size_t i,
					 char *buf, size_t len);

/* Write the snapshot to path in libpgc's versioned binary format (magic,
 * version, lengths, checksum). Returns 0 or -errno. */
PGC_API int pgc_tracemalloc_snapshot_dump(pgc_tracemalloc_snapshot *s, const char *path);

/* Read a snapshot written by dump. A truncated, corrupt or foreign file
 * gives -EINVAL (-EPROTO for an unknown version), never a crash.
 * Returns 0 or -errno. */
PGC_API int pgc_tracemalloc_snapshot_load(const char *path, pgc_tracemalloc_snapshot **out);

#endif
