/*
 * stackguard.c - records a stack overflow in the stats page before the
 * process dies of it. A SIGSEGV handler on an alternate signal stack checks
 * whether the fault hit the stack's guard region; if so it sets
 * PADDOCK_STATS_F_STACK_OVERFLOW. Either way it returns with the default
 * disposition restored (SA_RESETHAND), so the fault repeats and the process
 * dies of SIGSEGV exactly as it would have, core dump included. A SIGSEGV
 * handler the program installed first is left alone (see docs/runtime.md).
 */
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <ucontext.h>

#include "runtime/statspage.h"

#define ALTSTACK_SIZE (64u * 1024u)
/* Linux keeps stack_guard_gap (256 pages) unmapped below a growing stack;
 * a fault up to this far below the lowest allowed address still counts. */
#define GUARD_SLACK ((uintptr_t)2 << 20)
/* A fault this close to the stack pointer at the fault is an overflow even
 * when RLIMIT_STACK is unlimited (a push, call or probe of a large frame). */
#define NEAR_SP ((uintptr_t)256 << 10)

/* A SIGSEGV handler installed by a sanitizer runtime (make check builds
 * with AddressSanitizer) is not the program's: the recorder goes in front
 * of it and hands every other fault back to it. Recognised by the object
 * or the symbol that holds the handler (dladdr). */
static int is_sanitizer_handler(void *fn)
{
	Dl_info info;
	if (!fn || !dladdr(fn, &info))
		return 0;
	return (info.dli_fname && strstr(info.dli_fname, "libasan")) ||
	       (info.dli_sname && strstr(info.dli_sname, "__sanitizer"));
}

static struct paddock_stats_page *guard_page;
static struct sigaction sanitizer_handler; /* valid when chain_to_sanitizer */
static int chain_to_sanitizer;
static uintptr_t stack_low, stack_high; /* the range the stack may grow over */
static void *altstack;
static int installed;

/* Finds the mapping holding the current stack pointer in /proc/self/maps.
 * For the main thread's "[stack]" the stack may grow down to
 * high - RLIMIT_STACK; other stacks have a fixed size. 0 or -errno. */
static int find_stack(uintptr_t sp)
{
	FILE *f = fopen("/proc/self/maps", "re");
	if (!f)
		return -errno;
	char line[512];
	int found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) != 2 || sp < lo || sp >= hi)
			continue;
		found = 1;
		stack_high = hi;
		stack_low = lo;
		struct rlimit rl;
		if (strstr(line, "[stack]") && getrlimit(RLIMIT_STACK, &rl) == 0 &&
		    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < hi)
			stack_low = hi - rl.rlim_cur < lo ? hi - rl.rlim_cur : lo;
	}
	fclose(f);
	if (!found)
		return -ENOENT;
	stack_low = stack_low > GUARD_SLACK ? stack_low - GUARD_SLACK : 0;
	return 0;
}

static uintptr_t fault_sp(void *uc)
{
#if defined(__x86_64__)
	return (uintptr_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
	return (uintptr_t)((ucontext_t *)uc)->uc_mcontext.sp;
#else
	(void)uc;
	return 0;
#endif
}

/* Async-signal-safe: reads globals, stores to the mapped page. */
static void on_segv(int sig, siginfo_t *si, void *uc)
{
	uintptr_t addr = (uintptr_t)si->si_addr, sp = fault_sp(uc);
	int in_guard = addr >= stack_low && addr < stack_high;
	int near_sp = sp && addr < stack_high && (addr > sp ? addr - sp : sp - addr) < NEAR_SP;
	if (guard_page && (in_guard || near_sp) && addr != 0) {
		pgc__statspage_write_begin(guard_page);
		guard_page->flags |= PADDOCK_STATS_F_STACK_OVERFLOW;
		pgc__statspage_write_end(guard_page);
	} else if (chain_to_sanitizer) {
		sigaction(SIGSEGV, &sanitizer_handler, NULL); /* it reports the bug */
	}
	/* SA_RESETHAND restored SIG_DFL on entry: returning re-runs the
	 * faulting instruction, which now kills the process with SIGSEGV. */
}

int pgc__stackguard_install(struct paddock_stats_page *pg)
{
	if (installed)
		return 0;
	struct sigaction old;
	if (sigaction(SIGSEGV, NULL, &old) < 0)
		return -errno;
	/* The program handles SIGSEGV already: leave it be. */
	int handled =
	    (old.sa_flags & SA_SIGINFO) ? old.sa_sigaction != NULL : old.sa_handler != SIG_DFL;
	chain_to_sanitizer =
	    handled && is_sanitizer_handler((old.sa_flags & SA_SIGINFO) ? (void *)old.sa_sigaction
									: (void *)old.sa_handler);
	if (handled && !chain_to_sanitizer)
		return 0;
	sanitizer_handler = old;
	volatile char here = 0;
	int rc = find_stack((uintptr_t)&here);
	if (rc < 0)
		return rc;
	stack_t cur;
	if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE)) {
		/* The thread already has an alternate stack: share it. */
	} else {
		altstack = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (altstack == MAP_FAILED) {
			altstack = NULL;
			return -ENOMEM;
		}
		stack_t ss = {.ss_sp = altstack, .ss_size = ALTSTACK_SIZE, .ss_flags = 0};
		if (sigaltstack(&ss, NULL) < 0) {
			rc = -errno;
			munmap(altstack, ALTSTACK_SIZE);
			altstack = NULL;
			return rc;
		}
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	guard_page = pg;
	if (sigaction(SIGSEGV, &sa, NULL) < 0) {
		guard_page = NULL;
		return -errno;
	}
	installed = 1;
	return 0;
}

void pgc__stackguard_remove(void)
{
	if (!installed)
		return;
	struct sigaction cur;
	if (sigaction(SIGSEGV, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) &&
	    cur.sa_sigaction == on_segv) {
		struct sigaction dfl;
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGSEGV, &dfl, NULL);
	}
	guard_page = NULL;
	installed = 0;
}
