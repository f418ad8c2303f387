/*
 * budget.h - [Budget] (CI budgets: checked after the run, never enforced)
 * and [Report] settings. Owned by budget.c and report_opts.c.
 */
#ifndef PD_BUDGET_H
#define PD_BUDGET_H

#include <stdint.h>

struct pd_budget {
	uint64_t max_rss;         /* bytes; 0 = none */
	uint64_t cpu_time_usec;   /* 0 = none */
	uint64_t wall_time_usec;  /* 0 = none */
	uint64_t max_processes;   /* 0 = none */
	uint64_t max_read_bytes;  /* 0 = none */
	uint64_t max_write_bytes; /* 0 = none */
	uint64_t max_heap;        /* bytes of peak live heap (GC stats); 0 = none */
	uint64_t max_gc_pause_usec;
	int exit_code;            /* BudgetExitCode=, default 3 */
};

enum {
	PD_FMT_TEXT = 1u << 0,
	PD_FMT_JSON = 1u << 1,
	PD_FMT_META = 1u << 2,
};

struct pd_report_opts {
	unsigned formats;  /* PD_FMT_*; default PD_FMT_TEXT */
	char *json_path;   /* "-" = stdout */
	char *meta_path;   /* "-" = stdout */
	int quiet;         /* --quiet: no text report */
};

#endif
