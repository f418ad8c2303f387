/*
 * budget.h - [Budget] (CI budgets: checked after the run, never enforced)
 * and [Report] settings. Owned by budget.c (directives) and budget_eval.c
 * (evaluation and how misses are reported). See docs/profiles.md.
 */
#ifndef PD_BUDGET_H
#define PD_BUDGET_H

#include <stdint.h>
#include <stdio.h>

/* A budget field holding PD_BUDGET_NONE has no budget; 0 is a real budget
 * ("MaxWriteBytes=0": the job must not write). */
#define PD_BUDGET_NONE UINT64_MAX

struct pd_budget {
	uint64_t max_rss; /* bytes */
	uint64_t cpu_time_usec;
	uint64_t wall_time_usec;
	uint64_t max_processes;
	uint64_t max_read_bytes;
	uint64_t max_write_bytes;
	uint64_t max_heap; /* bytes of peak live heap (GC stats) */
	uint64_t max_gc_pause_usec;
	int exit_code; /* BudgetExitCode=, default 3; 0 = report only */
};

enum {
	PD_FMT_TEXT = 1u << 0,
	PD_FMT_JSON = 1u << 1,
	PD_FMT_META = 1u << 2,
};

struct pd_report_opts {
	unsigned formats; /* PD_FMT_*; default PD_FMT_TEXT */
	int formats_set;  /* Format= was assigned: its list replaced the default */
	char *json_path;  /* "-" = stdout; NULL = stderr */
	char *meta_path;  /* "-" = stdout; NULL = stderr */
	int quiet;	  /* --quiet: no text report */
};

/*
 * The formats to write: Format= (or the default, text), plus json when
 * JSONPath= is set and meta when MetaPath= is set, minus text with --quiet.
 */
unsigned pd_report_formats(const struct pd_report_opts *r);

struct pd_result;
struct pd_json;

/*
 * Compare what R measured against B and fill R->budget_misses (malloc'd;
 * freed by pd_budget_misses_free) and R->budget_exit_code, which
 * pd_result_exit_status() returns for a successful command over budget.
 * A budget that could not be measured (a heap budget for a command that
 * published no GC statistics) is not a miss; a warning saying so goes to
 * stderr. Cannot fail.
 */
void pd_budget_evaluate(const struct pd_budget *b, struct pd_result *r);
void pd_budget_misses_free(struct pd_result *r);

/* When GITHUB_ACTIONS=true, one "::error title=paddock budget::..." line per
 * miss on OUT (GitHub reads workflow commands from stdout). */
void pd_budget_annotate(const struct pd_result *r, FILE *out);

/* The misses as text-report lines on OUT ("budget  MaxRSS exceeded: ..."),
 * nothing when there is none. */
void pd_budget_report_text(const struct pd_result *r, FILE *out);

/* The "budget_exceeded" member (an array, possibly empty) of the JSON
 * report's top-level object. */
void pd_budget_report_json(const struct pd_result *r, struct pd_json *j);

/* "150.0 MiB", "2.500 s", "17" for one miss value in UNIT. */
const char *pd_budget_fmt_value(double v, const char *unit, char *buf, unsigned n);

#endif
