/*
 * stats_hostile.c - a hostile (or hand-made) writer of the paddock stats
 * page, for tests/stats/. Takes the fd from PADDOCK_STATS_FD, maps it and
 * writes what MODE says, without libpgc. Usage: stats_hostile MODE [SEED].
 * Modes are listed in usage() below; each is one case of docs/stats-page.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "paddock_stats.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic garbage for a given seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void fill_random(void *p, size_t n)
{
	unsigned char *c = p;
	for (size_t i = 0; i < n; i++)
		c[i] = (unsigned char)(rng() >> 56);
}

/* A plausible page, as libpgc would write it, with seq even. */
static void write_valid(volatile struct paddock_stats_page *p)
{
	struct paddock_stats_page v;
	memset(&v, 0, sizeof(v));
	v.magic = PADDOCK_STATS_MAGIC;
	v.version = PADDOCK_STATS_VERSION;
	v.size = sizeof(v);
	v.pid = getpid();
	v.flags = PADDOCK_STATS_F_GC_ENABLED | PADDOCK_STATS_F_TRACING;
	v.seq = 2;
	v.live_objects = 42;
	v.live_bytes = 4096;
	v.peak_bytes = 8192;
	v.gen[0].collections = 7;
	v.gen[0].collected = 100;
	v.gen[0].count = (uint64_t)-3; /* gen 0 count may dip below zero */
	v.gen[2].uncollectable = 1;
	v.pause_total_ns = 1500000;
	v.pause_max_ns = 900000;
	v.nsites = 2;
	/* quotes, a backslash, a tab, a newline and a non-ASCII byte: the
	 * reports must sanitise or escape every one */
	snprintf(v.sites[0].file, sizeof(v.sites[0].file), "evil\"name\\\t\n\xff.c");
	v.sites[0].line = 31;
	v.sites[0].size = 3000;
	v.sites[0].count = 30;
	snprintf(v.sites[1].file, sizeof(v.sites[1].file), "hostile.c");
	v.sites[1].line = 7;
	v.sites[1].size = 1000;
	v.sites[1].count = 10;
	memcpy((void *)p, &v, sizeof(v));
}

static void usage(void)
{
	fprintf(stderr, "usage: stats_hostile MODE [SEED]\n"
			"modes: none valid garbage garbage-header mutate huge unterminated nsites\n"
			"       badmagic badversion badsize badpid badflags liveabovepeak\n"
			"       oddseq churn forkwrite reseal allocfail stackoverflow sigkill\n");
	exit(2);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	const char *mode = argv[1];
	if (argc > 2)
		rng_state ^= strtoull(argv[2], NULL, 0) * 0x100000001b3ull + 1;

	const char *env = getenv(PADDOCK_STATS_ENV);
	if (!env) {
		fprintf(stderr, "stats_hostile: %s is not set\n", PADDOCK_STATS_ENV);
		return 2;
	}
	int fd = atoi(env);
	void *m = mmap(NULL, PADDOCK_STATS_MAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		fprintf(stderr, "stats_hostile: mmap fd %d: %s\n", fd, strerror(errno));
		return 2;
	}
	volatile struct paddock_stats_page *p = m;

	if (!strcmp(mode, "none")) {
		/* leave the page untouched */
	} else if (!strcmp(mode, "valid")) {
		write_valid(p);
	} else if (!strcmp(mode, "garbage")) {
		fill_random(m, PADDOCK_STATS_MAP_SIZE);
	} else if (!strcmp(mode, "garbage-header")) {
		/* a right header over random counters, sites and strings */
		fill_random(m, PADDOCK_STATS_MAP_SIZE);
		p->magic = PADDOCK_STATS_MAGIC;
		p->version = PADDOCK_STATS_VERSION;
		p->size = sizeof(struct paddock_stats_page);
		p->pid = getpid();
		p->flags &= 0xf;
		p->seq &= ~1ull;
	} else if (!strcmp(mode, "mutate")) {
		/* a valid page with 1 to 8 random bytes overwritten */
		write_valid(p);
		unsigned n = 1 + (unsigned)(rng() % 8);
		for (unsigned i = 0; i < n; i++)
			((volatile unsigned char *)m)[rng() % sizeof(struct paddock_stats_page)] =
			    (unsigned char)rng();
	} else if (!strcmp(mode, "huge")) {
		write_valid(p);
		p->live_objects = UINT64_MAX;
		p->live_bytes = UINT64_MAX;
		p->peak_bytes = UINT64_MAX;
	} else if (!strcmp(mode, "unterminated")) {
		write_valid(p);
		memset((void *)p->sites[1].file, 'A', PADDOCK_STATS_FILELEN);
	} else if (!strcmp(mode, "nsites")) {
		write_valid(p);
		p->nsites = 0xffffffffu;
	} else if (!strcmp(mode, "badmagic")) {
		write_valid(p);
		p->magic = 0x4141414141414141ull;
	} else if (!strcmp(mode, "badversion")) {
		write_valid(p);
		p->version = 99;
	} else if (!strcmp(mode, "badsize")) {
		write_valid(p);
		p->size = 0xffffffffu;
	} else if (!strcmp(mode, "badpid")) {
		write_valid(p);
		p->pid = -1;
	} else if (!strcmp(mode, "badflags")) {
		write_valid(p);
		p->flags |= 0x80000000u;
	} else if (!strcmp(mode, "liveabovepeak")) {
		write_valid(p);
		p->live_bytes = p->peak_bytes + 1;
	} else if (!strcmp(mode, "oddseq")) {
		/* killed (here: exits) in the middle of an update */
		write_valid(p);
		p->seq = 3;
	} else if (!strcmp(mode, "churn")) {
		/* a counter that never settles, until paddock's timer kills us */
		write_valid(p);
		for (;;)
			p->seq++;
	} else if (!strcmp(mode, "forkwrite")) {
		/* the writer forks a daemon that keeps writing after the parent
		 * exits; paddock must kill it before reading */
		write_valid(p);
		pid_t c = fork();
		if (c < 0)
			return 2;
		if (c == 0) {
			setsid();
			if (fork() != 0)
				_exit(0);
			for (;;) {
				p->seq++;
				p->live_objects = rng() >> 8;
				p->nsites = (uint32_t)rng();
				fill_random((void *)p->sites, sizeof(p->sites));
			}
		}
		usleep(100000);
	} else if (!strcmp(mode, "reseal")) {
		/* try to pull the page out from under the reader: every attempt
		 * must fail, and we say which one did not */
		int bad = 0;
		if (ftruncate(fd, 0) == 0) {
			fprintf(stderr, "stats_hostile: shrinking the page worked\n");
			bad = 1;
		}
		if (ftruncate(fd, 1 << 20) == 0) {
			fprintf(stderr, "stats_hostile: growing the page worked\n");
			bad = 1;
		}
		if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0) {
			fprintf(stderr, "stats_hostile: adding a seal worked\n");
			bad = 1;
		}
		write_valid(p);
		return bad;
	} else if (!strcmp(mode, "allocfail")) {
		write_valid(p);
		p->alloc_failures = 3;
		p->failed_size = 1048576;
		return 1;
	} else if (!strcmp(mode, "stackoverflow")) {
		write_valid(p);
		p->flags |= PADDOCK_STATS_F_STACK_OVERFLOW;
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	} else if (!strcmp(mode, "sigkill")) {
		write_valid(p);
		raise(SIGKILL);
	} else {
		usage();
	}
	return 0;
}
