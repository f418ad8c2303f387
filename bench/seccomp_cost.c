/*
 * seccomp_cost.c - the per-syscall cost of a seccomp filter. It loads an
 * allowlist of RULES syscalls built with libseccomp (optionally with the
 * binary-tree optimisation, SCMP_FLTATR_CTL_OPTIMIZE=2), then times CALLS
 * getppid() calls. With RULES "none" no filter is loaded, so the same
 * program also runs unfiltered or under paddock's own filter.
 *
 * Usage: seccomp_cost CALLS none|N|all [0|2]
 * Prints: per_call ns, and rules count (the filter actually loaded).
 */
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench_util.h"

/* What the program itself needs once the filter is in place (the CPU-time
 * clock is a real syscall, not a vDSO call). */
static const char *const essential[] = {"getppid", "write",	 "exit_group",
					"fstat",   "newfstatat", "brk",
					"mmap",	   "munmap",	 "clock_gettime"};
#define N_ESSENTIAL (sizeof essential / sizeof essential[0])
#define MAX_NR	    1024

static int add_allow(scmp_filter_ctx ctx, int nr, unsigned char *done)
{
	if (done[nr])
		return 0;
	done[nr] = 1;
	int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	if (rc < 0) {
		fprintf(stderr, "seccomp_cost: rule %d: %s\n", nr, strerror(-rc));
		exit(2);
	}
	return 1;
}

/*
 * Load an allowlist of `want` syscalls (want < 0: every syscall libseccomp
 * knows by name on this architecture). The essential calls come first, the
 * rest are the lowest-numbered named syscalls. Returns the rule count.
 */
static int load_filter(long want, int optimize)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	unsigned char done[MAX_NR] = {0};
	int n = 0;
	if (!ctx) {
		fprintf(stderr, "seccomp_cost: seccomp_init failed\n");
		exit(2);
	}
	if (optimize && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, (uint32_t)optimize) < 0) {
		fprintf(stderr, "seccomp_cost: this libseccomp lacks SCMP_FLTATR_CTL_OPTIMIZE\n");
		exit(2);
	}
	for (size_t i = 0; i < N_ESSENTIAL; i++)
		n += add_allow(ctx, seccomp_syscall_resolve_name(essential[i]), done);
	for (int nr = 0; nr < MAX_NR && (want < 0 || n < want); nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		if (name)
			n += add_allow(ctx, nr, done);
		free(name);
	}
	if (want > 0 && n < want) {
		fprintf(stderr, "seccomp_cost: only %d syscalls known, %ld asked\n", n, want);
		exit(2);
	}
	int rc = seccomp_load(ctx);
	if (rc < 0) {
		fprintf(stderr, "seccomp_cost: seccomp_load: %s\n", strerror(-rc));
		exit(2);
	}
	seccomp_release(ctx);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: seccomp_cost CALLS none|N|all [0|2]\n");
		return 2;
	}
	long calls = bench_count_arg("CALLS", argv[1]);
	int optimize = argc == 4 ? atoi(argv[3]) : 0;
	int rules = 0;
	if (strcmp(argv[2], "none") != 0) {
		long want = strcmp(argv[2], "all") == 0 ? -1 : bench_count_arg("RULES", argv[2]);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
			perror("seccomp_cost: no_new_privs");
			return 2;
		}
		rules = load_filter(want, optimize);
	}
	volatile long sink = 0;
	struct bench_clock t0 = bench_start();
	for (long i = 0; i < calls; i++)
		sink += syscall(SYS_getppid);
	bench_emit_per("per_call", t0, (double)calls);
	bench_emit("rules", rules, "count");
	return sink < 0 ? 3 : 0; /* getppid cannot fail; keeps the loop */
}
