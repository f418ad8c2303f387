/*
 * result.h - what one run measured. Filled by the run and its monitors,
 * then handed, finished, to the report formatters (report_*.c), which only
 * format it. Sections owned by other modules are marked.
 */
#ifndef PD_RESULT_H
#define PD_RESULT_H

#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

#include "launcher/limits.h"

enum pd_verdict {
	PD_V_OK,
	PD_V_EXIT_NONZERO,
	PD_V_SIGNALED,
	PD_V_WALL_TIMEOUT,
	PD_V_CPU_LIMIT,
	PD_V_FILE_SIZE_LIMIT,
	PD_V_RSS_LIMIT,
	PD_V_MEMORY_LIMIT,	/* stats page: allocation failure under LimitAS/DATA */
	PD_V_STACK_LIMIT,	/* stats page: stack overflow recorded */
	PD_V_SECCOMP_VIOLATION, /* sandbox: denied syscall with action kill */
	PD_V_LAUNCH_ERROR,
	PD_V_INTERRUPTED,
	PD_V_COUNT
};

/* "ok", "exit-nonzero", ... as in the report schema. */
const char *pd_verdict_name(enum pd_verdict v);
/* "SIGKILL" for 9; "unknown" when not a signal. */
const char *pd_signal_name(int sig);

/* One denied syscall (sandbox: seccomp notify). */
struct pd_violation {
	char name[32];
	int nr;
	pid_t pid; /* first pid seen */
	uint64_t count;
	int killed; /* the action was kill */
};

/* One exceeded budget (budget.c). */
struct pd_budget_miss {
	const char *name; /* "MaxRSS", "CPUTime", ... */
	double measured, budget;
	const char *unit; /* "bytes", "s", "count" */
};

#define PD_GC_NSITES 8
/* GC statistics read (and validated) from the stats page (stats_read.c). */
struct pd_gc_report {
	int present;	   /* the page was written to and validated */
	char invalid[128]; /* non-empty: why the page was rejected */
	int32_t writer_pid;
	int enabled, tracing;
	uint64_t live_objects, live_bytes, peak_bytes;
	struct {
		int64_t count; /* the page's uint64 read as signed: gen 0 may dip below 0 */
		uint64_t collections, collected, uncollectable;
	} gen[3];
	uint64_t pause_total_ns, pause_max_ns;
	uint64_t alloc_failures, failed_size;
	int stack_overflow;
	int exited; /* the writer's final publish (atexit) happened */
	int torn;   /* the writer died mid-update: seq was left odd */
	unsigned nsites;
	struct {
		char file[128]; /* sanitised: printable ASCII only */
		uint32_t line;
		uint64_t size, count;
	} sites[PD_GC_NSITES];
};

struct pd_result {
	char *const *argv;	    /* borrowed */
	struct timespec start_real; /* CLOCK_REALTIME at launch */
	double wall_s;

	struct rusage ru; /* RUSAGE_CHILDREN after the tree is reaped */
	int exited;	  /* 1: exit code valid; 0: signal valid */
	int exit_code;
	int signal;
	int core_dumped;
	char core_path[4096]; /* non-empty when a core file appeared */
	long long core_size;

	struct pd_limits limits; /* as applied */
	long page_size;

	uint64_t peak_rss, peak_vm, peak_data; /* bytes, tree-wide sums, sampled */
	unsigned processes_seen, peak_processes;
	uint64_t read_bytes, write_bytes; /* /proc/PID/io sums, or blocks */
	unsigned sample_interval_ms;

	const char *containment; /* "cgroup-kill", "pid-namespace", "subreaper" */

	enum pd_verdict verdict;
	char note[512];

	int launch_errno;
	char launch_what[64]; /* the failed step, e.g. "execve" */

	int interrupt_signal; /* verdict interrupted: the signal paddock got */
	double main_cpu_s;    /* the command's own CPU time (wait4), for cpu-limit */

	/* sandbox */
	struct pd_violation *violations;
	size_t n_violations;
	int dynamic_uid; /* -1 = none */

	/* budgets */
	struct pd_budget_miss *budget_misses;
	size_t n_budget_misses;
	int budget_exit_code; /* BudgetExitCode=: the status when ok but over budget */

	/* runtime statistics */
	struct pd_gc_report gc;
};

/* The exit status paddock returns for R: the command's code, 128+N for
 * signal N, 124 wall-timeout, 125/126/127 for launch errors, 128+N when
 * paddock itself got signal N; budget_exit_code when the command succeeded
 * but pd_budget_evaluate() recorded an exceeded budget. */
int pd_result_exit_status(const struct pd_result *r);

#endif
