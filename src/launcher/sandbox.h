/*
 * sandbox.h - seccomp, capabilities, identity, environment, namespaces
 * (the directives of the sandbox issue). Owned by the sandbox modules.
 * Fields are filled by pd_sandbox_directives[] and turned into a child
 * plan by pd_sandbox_prepare() before fork(). See docs/security.md.
 *
 * Lifecycle of one run (run.c):
 *   parent:  plan = pd_sandbox_prepare_or_die(&cfg->sandbox)  (may exit 125)
 *            pd_env_add(plan, "PADDOCK_STATS_FD=5")           (any number)
 *            child_plan.envp = pd_sandbox_envp(plan)
 *            child_plan.sandbox_early = pd_sandbox_child_early
 *            child_plan.sandbox_apply = pd_sandbox_child_apply
 *            child_plan.sandbox_plan = plan
 *            pd_spawn()
 *            pd_sandbox_started(plan, run)  right after the spawn, BEFORE
 *                                           reading the exec-status pipe
 *            ... event loop: violations are answered and recorded ...
 *            pd_sandbox_finish(plan, res)   after the tree is reaped
 *            pd_sandbox_plan_free(plan)     releases a DynamicUser= lease
 *   child:   sandbox_early: namespaces (new net/ipc[/user] ns, lo up)
 *            sandbox_apply: cwd, umask, nice; setgroups/setresgid/setresuid;
 *                           capabilities; no_new_privs; seccomp (last)
 */
#ifndef PD_SANDBOX_H
#define PD_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct pd_sandbox {
	/* SystemCallFilter=: raw assignments in order, resolved at prepare */
	char **syscall_filter;
	size_t n_syscall_filter;
	int syscall_errno;    /* -1 = kill (the default) */
	char **syscall_archs; /* NULL = native */
	size_t n_syscall_archs;

	int no_new_privs; /* NoNewPrivileges=, default 1 */
	/* capability masks, bit N = capability N */
	unsigned long long cap_bounding, cap_ambient;
	int cap_bounding_assigned; /* a later '~' then removes from the set */
	int cap_ambient_assigned;

	char *user, *group;
	char **supplementary_groups;
	size_t n_supplementary_groups;
	int dynamic_user;

	char **environment; /* "K=V" */
	size_t n_environment;
	char **pass_environment;
	size_t n_pass_environment;
	char **unset_environment;
	size_t n_unset_environment;

	char *working_directory;
	int umask; /* -1 = inherit */
	int nice;  /* INT_MIN = inherit */
	int nice_set;

	int private_network;
	int private_ipc;
};

struct pd_sandbox_plan; /* opaque; built by pd_sandbox_prepare_or_die() */
struct pd_run;
struct pd_result;

/*
 * Resolve S into a child plan: user/group ids, DynamicUser= lease, capability
 * masks, envp, the compiled seccomp BPF program. On bad input or a setup
 * failure prints "paddock: ..." and exits 125. Owned by the caller.
 */
struct pd_sandbox_plan *pd_sandbox_prepare_or_die(const struct pd_sandbox *s);

/* Add or replace "K=V" in the child's environment (paddock's own variables,
 * e.g. PADDOCK_STATS_FD). Returns 0, or -1 if KV has no '='. */
int pd_env_add(struct pd_sandbox_plan *p, const char *kv);
/* The NULL-terminated envp for execve. Valid until the next pd_env_add. */
char *const *pd_sandbox_envp(const struct pd_sandbox_plan *p);
/* CLONE_NEW* flags the child unshares itself (informative: for reports). */
unsigned long pd_sandbox_clone_flags(const struct pd_sandbox_plan *p);

/* The child hooks (struct pd_child_plan): async-signal-safe; 0, or -1 with
 * errno set and *STEP set to the failed PD_STEP_* (child.h). */
int pd_sandbox_child_early(const void *plan, int *step);
int pd_sandbox_child_apply(const void *plan, int *step);

/*
 * The vfork-style spawn (spawn.c): the parent is suspended until the child
 * has exec'd, so the child cannot wait for it to take the seccomp listener;
 * it sends the listener over a socket instead. That needs no namespaces
 * (set up with the parent's help) and a filter that allows sendmsg, or no
 * listener at all: pd_sandbox_vfork_ok() tells.
 *   pd_sandbox_handoff_reset()    before any spawn: no socket
 *   pd_sandbox_handoff_socket()   before a vfork spawn: *CHILD_FD is the
 *                                 end the child sends on (O_CLOEXEC), -1
 *                                 when no listener is wanted; 0 or -errno
 *   pd_sandbox_handoff_spawned()  right after the clone: closes the child's end
 */
int pd_sandbox_vfork_ok(const struct pd_sandbox_plan *p);
void pd_sandbox_handoff_reset(struct pd_sandbox_plan *p);
int pd_sandbox_handoff_socket(struct pd_sandbox_plan *p, int *child_fd);
void pd_sandbox_handoff_spawned(struct pd_sandbox_plan *p);

/*
 * Parent, right after the spawn and before the exec-status pipe is read:
 * takes the seccomp listener from the child (a forked child waits for this,
 * at most a few seconds; a vfork child has sent it already) and adds it to
 * the run's loop. Each denied call is recorded
 * and answered with its errno, or the tree is killed (pd_run_kill with
 * PD_V_SECCOMP_VIOLATION). Sets run->res->dynamic_uid. Returns 0, or -1
 * after printing why the listener could not be watched (the caller kills
 * the tree: a denied call would otherwise wait).
 */
int pd_sandbox_started(struct pd_sandbox_plan *p, struct pd_run *run);

/* After the tree is reaped: move the violations into R (R owns them: free
 * r->violations). Stops watching the listener. */
void pd_sandbox_finish(struct pd_sandbox_plan *p, struct pd_result *r);

/* Free the plan, close its fds and release the DynamicUser= lease. NULL ok. */
void pd_sandbox_plan_free(struct pd_sandbox_plan *p);

#endif
