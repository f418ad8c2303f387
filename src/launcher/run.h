/*
 * run.h - one run of a command: prepare, spawn, watch, contain, measure.
 * The result is a finished struct pd_result for the report formatters.
 *
 * Lifecycle: pd_run_execute() does everything; modules that watch the
 * command (the seccomp listener, seccomp_notify.c) get the run through hooks and
 * may call pd_run_kill() and pd_run_loop() from loop callbacks.
 */
#ifndef PD_RUN_H
#define PD_RUN_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "launcher/child.h"
#include "launcher/config.h"
#include "launcher/contain.h"
#include "launcher/result.h"
#include "launcher/sample.h"

struct pd_run {
	struct pd_config *cfg;
	char *const *argv;
	struct pd_result *res;
	enum pd_contain_kind containment_wanted;

	struct pd_loop *loop;
	struct pd_contain contain;
	struct pd_sampler sampler;
	struct pd_child_plan plan;
	char *path;			 /* resolved command path */
	struct pd_sandbox_plan *sandbox; /* sandbox.h: ids, caps, envp, seccomp */

	pid_t pid; /* the command, or paddock's init in a pid namespace */
	int pidfd;
	int err_pipe[2];
	int init_status_pipe[2];
	int stats_fd; /* stats memfd (stats_read.c), -1 = none; kept in the child */
	/* A vfork-style spawn returns after the child exec'd or failed; spawn.c
	 * may have read its failure report already (pd_spawn). */
	struct pd_child_report early_report;
	int has_early_report;
	struct timespec t0; /* CLOCK_MONOTONIC at spawn */

	int main_done;
	int main_status;
	struct rusage main_ru;

	int killing; /* pd_run_kill() was called */
	enum pd_verdict kill_verdict;
	char kill_note[256];
};

/* Run ARGV under CFG and fill RES (which the caller has zeroed). Returns 0
 * when RES is a finished result (including launch errors), or -1 after
 * printing a setup error (exit 125, the command never started). */
int pd_run_execute(struct pd_config *cfg, char *const *argv, enum pd_contain_kind containment,
		   struct pd_result *res);

/* Kill the whole tree now; WHY becomes the verdict unless an earlier kill
 * decided it. NOTE (may be NULL) goes into the report. Safe in callbacks. */
void pd_run_kill(struct pd_run *run, enum pd_verdict why, const char *note);

/* The run's event loop, for modules that watch fds (seccomp listener). */
struct pd_loop *pd_run_loop(struct pd_run *run);

/* spawn.c: the clone flags for this run (containment + sandbox namespaces).
 * One place, so the sandbox can add CLONE_NEWNET, CLONE_NEWIPC, ... */
uint64_t pd_spawn_clone_flags(const struct pd_run *run);
/* spawn.c: start the child on run->plan (clone with CLONE_VM|CLONE_VFORK, or
 * clone3 as a fork; see spawn.c); sets run->pid and run->pidfd. Returns 0,
 * or -errno when the child could not be started or could not join the
 * cgroup (it does not exist any more). */
int pd_spawn(struct pd_run *run);
/* spawn.c: resolve ARGV0 like execvp using PATH from ENVP (else paddock's,
 * else "/usr/local/bin:/usr/bin:/bin"). Returns a malloc'd path, or NULL
 * with errno ENOENT/EACCES. */
char *pd_spawn_resolve(const char *argv0, char *const *envp);

/* verdict.c: decide res->verdict and res->note from the facts in RUN/RES. */
void pd_verdict_decide(const struct pd_run *run, struct pd_result *res);

/* core.c: when the command dumped core, look for the core file that
 * core_pattern names in DIR (NULL: cwd) and fill res->core_path/size. */
void pd_core_find(struct pd_result *res, const char *dir, pid_t pid);

#endif
