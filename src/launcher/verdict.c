/*
 * verdict.c - the verdict and its note. A verdict never guesses: it follows
 * from the wait status or from paddock's own kill. A limit that was merely
 * near (sampled peaks within 5%) only adds a note naming it.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/parse.h"
#include "launcher/report_gc.h"
#include "launcher/run.h"

static void add_note(struct pd_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void add_note(struct pd_result *res, const char *fmt, ...)
{
	size_t len = strlen(res->note);
	if (len && len + 3 < sizeof(res->note)) {
		memcpy(res->note + len, "; ", 3);
		len += 2;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->note + len, sizeof(res->note) - len, fmt, ap);
	va_end(ap);
}

/* MEASURED is within 5% of the soft limit (or above it). */
static int near(uint64_t measured, const struct pd_rlimit_setting *s)
{
	return s->set && s->soft != RLIM_INFINITY && s->soft > 0 &&
	       measured >= s->soft - s->soft / 20;
}

static void near_limit_notes(struct pd_result *res)
{
	const struct pd_limits *l = &res->limits;
	char a[32], b[32];

	if (near(res->peak_vm, &l->rl[PD_RL_AS]))
		add_note(res,
			 "peak address space %s was within 5%% of LimitAS=%s; that limit was "
			 "probably hit",
			 pd_fmt_bytes(res->peak_vm, a, sizeof(a)),
			 pd_fmt_size(l->rl[PD_RL_AS].soft, b, sizeof(b)));
	if (near(res->peak_data, &l->rl[PD_RL_DATA]))
		add_note(res,
			 "peak data size %s was within 5%% of LimitDATA=%s; that limit was "
			 "probably hit",
			 pd_fmt_bytes(res->peak_data, a, sizeof(a)),
			 pd_fmt_size(l->rl[PD_RL_DATA].soft, b, sizeof(b)));
	if (near(res->peak_processes, &l->rl[PD_RL_NPROC]))
		add_note(res,
			 "peak processes %u was within 5%% of LimitNPROC=%llu; that limit was "
			 "probably hit",
			 res->peak_processes, (unsigned long long)l->rl[PD_RL_NPROC].soft);
	if (l->rl[PD_RL_CPU].set && l->rl[PD_RL_CPU].soft != RLIM_INFINITY &&
	    res->main_cpu_s >= (double)l->rl[PD_RL_CPU].soft * 0.95)
		add_note(res,
			 "CPU time %.2fs was within 5%% of LimitCPU=%llu; that limit was "
			 "probably hit",
			 res->main_cpu_s, (unsigned long long)l->rl[PD_RL_CPU].soft);
}

/* The kernel enforces RLIMIT_CPU against tick-sampled CPU time, while
 * rusage reports runtime-scaled time; on a busy (or virtualised) machine the
 * ticks charged can exceed the real runtime by well over 10% (measured here:
 * a SIGKILL at LimitCPU=1 with rusage showing 0.84 s). So "at the hard
 * limit" means within 25%, at least 100 ms; a kill far below it is not
 * blamed on the limit. */
static int at_cpu_hard_limit(double cpu_s, double hard_s)
{
	double slack = hard_s * 0.25 > 0.1 ? hard_s * 0.25 : 0.1;
	return cpu_s + slack >= hard_s;
}

void pd_verdict_decide(const struct pd_run *run, struct pd_result *res)
{
	const struct pd_limits *l = &res->limits;
	int sig = res->exited ? 0 : res->signal;

	if (run->kill_note[0])
		add_note(res, "%s", run->kill_note);

	if (run->killing && run->kill_verdict == PD_V_INTERRUPTED) {
		res->verdict = PD_V_INTERRUPTED;
		return;
	}
	if (run->killing && sig == SIGKILL) {
		/* paddock's own kill: the cause is known, not inferred */
		res->verdict = run->kill_verdict;
		return;
	}
	if (run->killing)
		add_note(res, "the command ended on its own before paddock's kill (%s) took effect",
			 pd_verdict_name(run->kill_verdict));

	if (sig == SIGSYS && res->n_violations) {
		/* seccomp without user notification killed it (sandbox.h) */
		res->verdict = PD_V_SECCOMP_VIOLATION;
	} else if (sig == SIGXCPU) {
		res->verdict = PD_V_CPU_LIMIT;
	} else if (sig == SIGKILL && l->rl[PD_RL_CPU].set &&
		   l->rl[PD_RL_CPU].hard != RLIM_INFINITY &&
		   at_cpu_hard_limit(res->main_cpu_s, (double)l->rl[PD_RL_CPU].hard)) {
		/* the kernel's SIGKILL at the hard RLIMIT_CPU */
		res->verdict = PD_V_CPU_LIMIT;
		if (res->main_cpu_s < (double)l->rl[PD_RL_CPU].hard)
			add_note(res,
				 "SIGKILL at LimitCPU=%llu; rusage shows %.2fs because the kernel "
				 "charges CPU time by ticks",
				 (unsigned long long)l->rl[PD_RL_CPU].hard, res->main_cpu_s);
	} else if (sig == SIGXFSZ) {
		res->verdict = PD_V_FILE_SIZE_LIMIT;
	} else if (sig) {
		res->verdict = PD_V_SIGNALED;
	} else {
		res->verdict = res->exit_code == 0 ? PD_V_OK : PD_V_EXIT_NONZERO;
	}
	/* report_gc.c: memory-limit, stack-limit from the stats page. It runs
	 * first so that a limit the runtime proved was hit is not also named
	 * as "probably hit". */
	pd_gc_verdict(res);
	if (res->verdict == PD_V_SIGNALED || res->verdict == PD_V_EXIT_NONZERO)
		near_limit_notes(res);

	/* The kernel exempts uid 0 from RLIMIT_NPROC: say so rather than let
	 * the limit look applied. */
	if (l->rl[PD_RL_NPROC].set && l->rl[PD_RL_NPROC].soft != RLIM_INFINITY && getuid() == 0 &&
	    !run->cfg->sandbox.user && !run->cfg->sandbox.dynamic_user)
		add_note(res, "LimitNPROC= is not enforced for uid 0; set User= to make it apply");

	const struct pd_rlimit_setting *rss = &l->rl[PD_RL_RSS];
	if (rss->set && rss->soft < rss->hard && res->peak_rss > rss->soft) {
		char a[32], b[32];
		add_note(res, "peak resident memory %s exceeded the soft LimitRSS=%s",
			 pd_fmt_bytes(res->peak_rss, a, sizeof(a)),
			 pd_fmt_size(rss->soft, b, sizeof(b)));
	}
}
