/*
 * sample.c - sums /proc/PID/statm over the run's processes and keeps the
 * peaks (see sample.h). statm is the cheapest per-process memory file: it
 * reads mm counters without walking the VMAs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/readtext.h"
#include "launcher/sample.h"

void pd_sampler_init(struct pd_sampler *s, struct pd_contain *c, pid_t exclude)
{
	memset(s, 0, sizeof(*s));
	s->contain = c;
	s->exclude = exclude;
	s->page_size = sysconf(_SC_PAGESIZE);
}

void pd_sampler_saw(struct pd_sampler *s, pid_t pid)
{
	unsigned h = ((unsigned)pid * 2654435761u) & (PD_SAMPLE_SEEN_SLOTS - 1);
	for (unsigned i = 0; i < PD_SAMPLE_SEEN_SLOTS; i++) {
		unsigned k = (h + i) & (PD_SAMPLE_SEEN_SLOTS - 1);
		if (s->seen[k] == pid)
			return;
		if (s->seen[k] == 0) {
			s->seen[k] = pid;
			s->processes_seen++;
			return;
		}
	}
	s->processes_seen++; /* set full: count, stop remembering */
}

/* statm: size resident shared text lib data dt, in pages. */
static int read_statm(pid_t pid, uint64_t *vm, uint64_t *rss, uint64_t *data)
{
	char path[48], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	if (pd_read_text(path, buf, sizeof(buf)) <= 0)
		return -1;
	unsigned long long v[7];
	if (sscanf(buf, "%llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5], &v[6]) != 7)
		return -1;
	*vm = v[0];
	*rss = v[1];
	*data = v[5];
	return 0;
}

uint64_t pd_sampler_sample(struct pd_sampler *s)
{
	pid_t pids[PD_SAMPLE_MAX_PIDS];
	uint64_t vm = 0, rss = 0, data = 0;
	unsigned live = 0;
	int n = pd_contain_list(s->contain, s->exclude, pids, PD_SAMPLE_MAX_PIDS);

	if (n > PD_SAMPLE_MAX_PIDS)
		n = PD_SAMPLE_MAX_PIDS;
	for (int i = 0; i < n; i++) {
		uint64_t a, b, c;
		if (pids[i] == s->exclude)
			continue;
		pd_sampler_saw(s, pids[i]);
		if (read_statm(pids[i], &a, &b, &c) < 0)
			continue; /* exited since it was listed */
		if (a == 0)
			continue; /* a zombie: its memory is gone */
		vm += a;
		rss += b;
		data += c;
		live++;
	}
	uint64_t ps = (uint64_t)s->page_size;
	s->last_rss = rss * ps;
	if (rss * ps > s->peak_rss)
		s->peak_rss = rss * ps;
	if (vm * ps > s->peak_vm)
		s->peak_vm = vm * ps;
	if (data * ps > s->peak_data)
		s->peak_data = data * ps;
	if (live > s->peak_processes)
		s->peak_processes = live;
	s->samples++;
	return s->last_rss;
}
