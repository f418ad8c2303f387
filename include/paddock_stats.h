/*
 * paddock_stats.h - the shared layout of the live statistics page.
 *
 * paddock creates a memfd of PADDOCK_STATS_MAP_SIZE bytes, passes it to the
 * command and names it in the environment variable PADDOCK_STATS_FD. libpgc
 * maps it at initialisation and keeps it current; paddock reads it after the
 * process tree has been reaped, so it survives a SIGKILL of the writer.
 *
 * Consistency without locks (a seqlock): the writer makes `seq` odd, writes,
 * then makes it even again, with release ordering. The reader copies the page,
 * and accepts the copy only if `seq` was even and unchanged across the copy.
 *
 * The page is written by an untrusted process: a reader must validate every
 * field (magic, version, size, counts, indexes, string lengths) and must bound
 * its retries. See docs/stats-page.md.
 */
#ifndef PADDOCK_STATS_H
#define PADDOCK_STATS_H

#include <stdint.h>

#define PADDOCK_STATS_ENV      "PADDOCK_STATS_FD"
#define PADDOCK_STATS_MAGIC    0x3153544b43444450ull /* "PDDCKST1" little-endian */
#define PADDOCK_STATS_VERSION  1u
#define PADDOCK_STATS_MAP_SIZE 4096u
#define PADDOCK_STATS_NGEN     3u
#define PADDOCK_STATS_NSITES   8u
#define PADDOCK_STATS_FILELEN  112u

/* flags */
#define PADDOCK_STATS_F_GC_ENABLED     (1u << 0)
#define PADDOCK_STATS_F_TRACING	       (1u << 1)
#define PADDOCK_STATS_F_STACK_OVERFLOW (1u << 2) /* SIGSEGV on the guard page */
#define PADDOCK_STATS_F_EXITED	       (1u << 3) /* final publish from atexit */

struct paddock_stats_site {
	char file[PADDOCK_STATS_FILELEN]; /* NUL-terminated when valid */
	uint32_t line;
	uint32_t reserved;
	uint64_t size;	/* live bytes allocated at this site */
	uint64_t count; /* live blocks */
};

struct paddock_stats_gen {
	uint64_t count; /* allocations minus deallocations since last collection */
	uint64_t collections;
	uint64_t collected;
	uint64_t uncollectable;
};

struct paddock_stats_page {
	uint64_t magic;	  /* PADDOCK_STATS_MAGIC */
	uint32_t version; /* PADDOCK_STATS_VERSION */
	uint32_t size;	  /* sizeof(struct paddock_stats_page) as written */
	int32_t pid;	  /* the writer's pid */
	uint32_t flags;	  /* PADDOCK_STATS_F_* */
	uint64_t seq;	  /* seqlock: odd while a write is in progress */

	uint64_t live_objects;
	uint64_t live_bytes;
	uint64_t peak_bytes;
	struct paddock_stats_gen gen[PADDOCK_STATS_NGEN];
	uint64_t pause_total_ns;
	uint64_t pause_max_ns;
	uint64_t alloc_failures;
	uint64_t failed_size; /* size of the most recent failed allocation */

	uint32_t nsites; /* valid entries in sites[], <= PADDOCK_STATS_NSITES */
	uint32_t reserved;
	struct paddock_stats_site sites[PADDOCK_STATS_NSITES];
};

#endif
