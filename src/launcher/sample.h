/*
 * sample.h - the /proc sampler: every PD_SAMPLE_INTERVAL_MS it lists the
 * run's processes (contain.h, never a /proc walk) and sums each one's
 * /proc/PID/statm (rss, vms, data, as psutil's memory_info()), keeping
 * peaks. It also enforces LimitRSS=, which the kernel ignores.
 */
#ifndef PD_SAMPLE_H
#define PD_SAMPLE_H

#include <stdint.h>
#include <sys/types.h>

#include "launcher/contain.h"

/* Documented in docs/report.md; a sample of one process costs ~10 us. */
#define PD_SAMPLE_INTERVAL_MS 10
#define PD_SAMPLE_MAX_PIDS    1024
#define PD_SAMPLE_SEEN_SLOTS  4096 /* power of two */

struct pd_sampler {
	struct pd_contain *contain;
	pid_t exclude; /* paddock's pid-namespace init, not the command */
	long page_size;
	uint64_t peak_rss, peak_vm, peak_data;
	uint64_t last_rss;
	unsigned peak_processes;
	unsigned processes_seen;
	unsigned samples;
	pid_t seen[PD_SAMPLE_SEEN_SLOTS]; /* open-addressing set of pids seen */
};

void pd_sampler_init(struct pd_sampler *s, struct pd_contain *c, pid_t exclude);
/* Note PID as seen (the command itself, even if it never got sampled). */
void pd_sampler_saw(struct pd_sampler *s, pid_t pid);
/* Take one sample; returns the tree's current resident bytes. */
uint64_t pd_sampler_sample(struct pd_sampler *s);

#endif
