/*
 * stats_read.h - the launcher's side of the stats page (docs/stats-page.md):
 * create the memfd before fork(), hand it to the child, and read and validate
 * it after the process tree has been reaped. The page is untrusted input.
 *
 * Lifecycle: pd_stats_create() (parent, before fork) -> pd_stats_env() into
 * the child's envp, and the fd into the child plan's keep_fds (the child
 * clears its FD_CLOEXEC) -> reap the tree -> pd_stats_read() -> close(fd).
 */
#ifndef PD_STATS_READ_H
#define PD_STATS_READ_H

#include <stddef.h>

#include "launcher/result.h"

struct paddock_stats_page;

/* Bounded seqlock retries: the writer is dead when we read, so the counter
 * cannot move unless something outside the tree holds the fd. */
#define PD_STATS_READ_TRIES 4

/*
 * Create the page: an O_CLOEXEC memfd of PADDOCK_STATS_MAP_SIZE zero bytes,
 * always on an fd >= 3 (never one of the standard streams),
 * sealed with F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL so that a hostile
 * writer can neither make our pread short nor change the seals. Returns the
 * fd, or -errno (the caller reports it and exits 125).
 */
int pd_stats_create(void);

/*
 * Write "PADDOCK_STATS_FD=<FD>" into BUF (N bytes, at least 32) for the
 * child's environment. The command sees the page on the same fd number as
 * paddock (nothing is moved, so no fd of the child plan is clobbered).
 * Returns BUF. Cannot fail for N >= 32.
 */
char *pd_stats_env(char *buf, size_t n, int fd);

/*
 * The command's environment: ENVP without any inherited PADDOCK_STATS_FD
 * (an outer paddock's fd number means nothing here), plus
 * "PADDOCK_STATS_FD=<FD>", plus "PGC_TRACEMALLOC=<TRACE_FRAMES>" when
 * TRACE_FRAMES > 0 (--trace-alloc; it replaces an inherited value). One
 * allocation: release it with free(). Exits 125 on out-of-memory.
 */
char **pd_stats_envp_or_die(char *const *envp, int fd, unsigned trace_frames);

/*
 * Read the page on FD with pread (never mmap: a hostile writer cannot then
 * make us fault) and validate it into GC. Cannot fail: afterwards
 * GC->present says a valid page was read; GC->invalid (non-empty) says why
 * a written page was rejected; both unset means the command never wrote the
 * page (it is not linked against libpgc). FD < 0 gives "absent".
 */
void pd_stats_read(int fd, struct pd_gc_report *gc);

/*
 * Validate one copy of the page (SIZE bytes of it) into GC, as above. Pure:
 * no I/O. Exposed for pd_stats_read and for tests.
 */
void pd_stats_validate(const struct paddock_stats_page *page, size_t size, struct pd_gc_report *gc);

#endif
