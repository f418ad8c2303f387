/*
 * child.h - the plan the forked child follows, prepared entirely in the
 * parent, and the async-signal-safe code that follows it. The child applies
 * the steps in the fixed order of docs/architecture.md ("Spawn") and reports
 * the first failure through the O_CLOEXEC error pipe as {step, errno}.
 */
#ifndef PD_CHILD_H
#define PD_CHILD_H

#include <stdint.h>
#include <sys/resource.h>

#include "launcher/limits.h"

/* The steps, in the order the child performs them. Reported on failure. */
enum pd_child_step {
	PD_STEP_NONE = 0,
	PD_STEP_CGROUP, /* join the run's cgroup (when clone3 could not) */
	PD_STEP_INIT,	/* pid-namespace init: fork the command */
	PD_STEP_SETSID,
	PD_STEP_SIGNALS,
	PD_STEP_NAMESPACES, /* sandbox_early: network loopback up, ... */
	PD_STEP_CLOSE_FDS,
	PD_STEP_WORKDIR, /* sandbox: WorkingDirectory= */
	PD_STEP_UMASK,
	PD_STEP_NICE,
	PD_STEP_RLIMIT,
	PD_STEP_SETGROUPS, /* sandbox: identity */
	PD_STEP_SETGID,
	PD_STEP_SETUID,
	PD_STEP_CAPS, /* sandbox: capabilities */
	PD_STEP_NO_NEW_PRIVS,
	PD_STEP_SECCOMP,
	PD_STEP_SECCOMP_LISTENER, /* sending the notification fd to the parent */
	PD_STEP_EXECVE,
	PD_STEP_COUNT
};

/* "setsid", "setrlimit", "execve", ... for messages. */
const char *pd_child_step_name(int step);

/* What the child writes to the error pipe. EOF instead means execve worked. */
struct pd_child_report {
	int step;
	int err;
	int detail; /* step-specific: for PD_STEP_RLIMIT the resource */
	int pad;
};

#define PD_CHILD_MAX_KEEP 8

struct pd_child_plan {
	const char *path; /* resolved by the parent; execve()d as is */
	char *const *argv;
	char *const *envp;

	struct {
		int resource;
		struct rlimit rl;
	} rlimits[PD_RL_COUNT];
	unsigned n_rlimits;

	/* fds besides 0, 1, 2 that the command inherits (FD_CLOEXEC cleared in
	 * the child), e.g. the stats memfd. */
	int keep_fds[PD_CHILD_MAX_KEEP];
	unsigned n_keep_fds;

	int err_fd;	/* write end of the O_CLOEXEC error pipe */
	int handoff_fd; /* >= 0: O_CLOEXEC socket the sandbox sends its listener on */
	/* Signals inherited as ignored (bit N-1: signal N): the child resets
	 * these to SIG_DFL; execve() resets caught ones by itself. */
	uint64_t sig_ignored;
	int cgroup_procs_fd; /* >= 0: write our pid here first (no CLONE_INTO_CGROUP) */

	/* pid-namespace containment: the child is PID 1 and runs paddock's init,
	 * which forks the command and writes a struct pd_init_status to
	 * init_status_fd before it exits. */
	int pidns_init;
	int init_status_fd;

	/* Sandbox hooks (sandbox*.c). Each returns 0, or -1 with errno set and
	 * *step set to the failed step. Must be async-signal-safe. NULL = none.
	 * sandbox_early runs after the signal reset, before fds are closed;
	 * sandbox_apply runs after the rlimits, right before execve. */
	int (*sandbox_early)(const void *plan, int *step);
	int (*sandbox_apply)(const void *plan, int *step);
	const void *sandbox_plan;
};

/* What paddock's pid-namespace init reports about the command. */
struct pd_init_status {
	int wait_status;
	long long cpu_usec; /* the command's utime+stime (wait4) */
};

/* Run in the child after fork/clone: follows PLAN and execs, or reports the
 * failed step on plan->err_fd and _exit(127). Async-signal-safe. */
_Noreturn void pd_child_exec(const struct pd_child_plan *plan);

#endif
