/*
 * budget_eval.c - after the run: compare the finished measurements with the
 * [Budget] settings, and say so in the text and JSON reports, in the exit
 * status and as GitHub Actions annotations. See docs/profiles.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/json.h"
#include "common/parse.h"
#include "launcher/budget.h"
#include "launcher/result.h"

static void add_miss(struct pd_result *r, const char *name, double measured, double budget,
		     const char *unit)
{
	struct pd_budget_miss *m;

	r->budget_misses = pd_realloc_or_die(r->budget_misses,
					     (r->n_budget_misses + 1) * sizeof(*r->budget_misses));
	m = &r->budget_misses[r->n_budget_misses++];
	m->name = name;
	m->measured = measured;
	m->budget = budget;
	m->unit = unit;
}

/* Byte and count budgets compare exactly, in integers. */
static void check_u64(struct pd_result *r, const char *name, uint64_t measured, uint64_t budget,
		      const char *unit)
{
	if (budget != PD_BUDGET_NONE && measured > budget)
		add_miss(r, name, (double)measured, (double)budget, unit);
}

/* Time budgets compare in microseconds and are reported in seconds. */
static void check_usec(struct pd_result *r, const char *name, uint64_t measured_usec,
		       uint64_t budget_usec)
{
	if (budget_usec != PD_BUDGET_NONE && measured_usec > budget_usec)
		add_miss(r, name, measured_usec / 1e6, budget_usec / 1e6, "s");
}

static uint64_t tv_usec(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

void pd_budget_evaluate(const struct pd_budget *b, struct pd_result *r)
{
	/* The tree's peak: the sampled sum, or the biggest single process the
	 * kernel saw (ru_maxrss, KiB) when the sampler missed a short peak. */
	uint64_t rss = r->peak_rss, maxrss = (uint64_t)r->ru.ru_maxrss * 1024u;

	pd_budget_misses_free(r);
	r->budget_exit_code = b->exit_code;
	if (maxrss > rss)
		rss = maxrss;
	check_u64(r, "MaxRSS", rss, b->max_rss, "bytes");
	check_usec(r, "CPUTime", tv_usec(r->ru.ru_utime) + tv_usec(r->ru.ru_stime),
		   b->cpu_time_usec);
	check_usec(r, "WallTime", (uint64_t)(r->wall_s * 1e6), b->wall_time_usec);
	check_u64(r, "MaxProcesses", r->peak_processes, b->max_processes, "count");
	check_u64(r, "MaxReadBytes", r->read_bytes, b->max_read_bytes, "bytes");
	check_u64(r, "MaxWriteBytes", r->write_bytes, b->max_write_bytes, "bytes");
	if (b->max_heap == PD_BUDGET_NONE && b->max_gc_pause_usec == PD_BUDGET_NONE)
		return;
	if (!r->gc.present) {
		pd_warnx("budget %s: not checked: the command published no GC statistics "
			 "(it is not linked against libpgc, or its stats page was rejected)",
			 b->max_heap != PD_BUDGET_NONE ? "MaxHeap=" : "MaxGCPause=");
		return;
	}
	check_u64(r, "MaxHeap", r->gc.peak_bytes, b->max_heap, "bytes");
	check_usec(r, "MaxGCPause", r->gc.pause_max_ns / 1000u, b->max_gc_pause_usec);
}

void pd_budget_misses_free(struct pd_result *r)
{
	free(r->budget_misses);
	r->budget_misses = NULL;
	r->n_budget_misses = 0;
}

const char *pd_budget_fmt_value(double v, const char *unit, char *buf, unsigned n)
{
	if (!strcmp(unit, "bytes"))
		return pd_fmt_bytes((uint64_t)v, buf, n);
	if (!strcmp(unit, "s"))
		snprintf(buf, n, "%.3f s", v);
	else
		snprintf(buf, n, "%.0f", v);
	return buf;
}

/* "MaxRSS exceeded: 150.0 MiB (157286400 bytes), budget 100.0 MiB (...)" */
static void describe(const struct pd_budget_miss *m, char *buf, size_t n)
{
	char a[48], b[48];

	pd_budget_fmt_value(m->measured, m->unit, a, sizeof(a));
	pd_budget_fmt_value(m->budget, m->unit, b, sizeof(b));
	if (!strcmp(m->unit, "bytes"))
		snprintf(buf, n, "%s= exceeded: measured %s (%.0f bytes), budget %s (%.0f bytes)",
			 m->name, a, m->measured, b, m->budget);
	else
		snprintf(buf, n, "%s= exceeded: measured %s, budget %s", m->name, a, b);
}

void pd_budget_annotate(const struct pd_result *r, FILE *out)
{
	const char *gha = getenv("GITHUB_ACTIONS");
	char msg[256];

	if (!gha || strcmp(gha, "true") != 0)
		return;
	/* The message holds only names, digits and units: nothing that GitHub's
	 * workflow-command syntax would need escaped (%, CR, LF). */
	for (size_t i = 0; i < r->n_budget_misses; i++) {
		describe(&r->budget_misses[i], msg, sizeof(msg));
		fprintf(out, "::error title=paddock budget::%s\n", msg);
	}
	fflush(out);
}

void pd_budget_report_text(const struct pd_result *r, FILE *out)
{
	char msg[256];

	for (size_t i = 0; i < r->n_budget_misses; i++) {
		describe(&r->budget_misses[i], msg, sizeof(msg));
		fprintf(out, "  %-12s %s\n", "budget", msg); /* report_text.c layout */
	}
}

void pd_budget_report_json(const struct pd_result *r, struct pd_json *j)
{
	pd_json_array_begin(j, "budget_exceeded");
	for (size_t i = 0; i < r->n_budget_misses; i++) {
		const struct pd_budget_miss *m = &r->budget_misses[i];
		int exact = strcmp(m->unit, "s") != 0;

		pd_json_object_begin(j, NULL);
		pd_json_string(j, "name", m->name);
		pd_json_double(j, "measured", m->measured, exact ? 0 : 6);
		pd_json_double(j, "budget", m->budget, exact ? 0 : 6);
		pd_json_string(j, "unit", m->unit);
		pd_json_object_end(j);
	}
	pd_json_array_end(j);
}
