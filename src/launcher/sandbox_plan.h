/*
 * sandbox_plan.h - the child plan the sandbox modules build in the parent
 * (pd_sandbox_prepare_or_die) and the child applies. Internal to
 * sandbox*.c, seccomp*.c, caps.c, identity.c, dynuser.c, env.c,
 * namespaces.c. Everything the child reads is ready before fork().
 */
#ifndef PD_SANDBOX_PLAN_H
#define PD_SANDBOX_PLAN_H

#include <stdint.h>
#include <sys/types.h>

#include "launcher/directive.h"
#include "launcher/result.h"
#include "launcher/sandbox.h"
#include "launcher/seccomp_filter.h"

/* Shared (MAP_SHARED) page through which a forked child hands the seccomp
 * listener to the parent: the parent takes the fd with pidfd_getfd(), so
 * the child makes no call after loading the filter that the filter could
 * deny (a denied sendmsg would wait for a listener nobody holds). A vfork
 * child (spawn.c) sends it on the socket SOCK instead, and is only spawned
 * that way when the filter allows sendmsg (pd_sandbox_vfork_ok). */
struct pd_handoff {
	uint32_t state; /* futex word: HANDOFF_* */
	int fd;		/* the listener's number in the child */
	int pid;	/* the child's pid as it sees it (pid namespaces) */
	int sock;	/* >= 0: the vfork child sends the listener here */
};
enum { HANDOFF_INIT, HANDOFF_POSTED, HANDOFF_TAKEN };

struct pd_sandbox_plan {
	/* identity (identity.c, dynuser.c) */
	int change_ids;
	uid_t uid;
	gid_t gid;
	int set_groups;
	gid_t *groups;
	size_t n_groups;
	int dyn_lock_fd; /* DynamicUser= lease, -1 = none */
	int dyn_uid;	 /* -1 = none */
	/* USER=, LOGNAME=, HOME=, SHELL= for the new user (as systemd sets
	 * them when User= is set); NULL when the user does not change. */
	char *login_env[4];

	/* capabilities (caps.c) */
	int last_cap;
	int is_root; /* paddock runs as euid 0 */
	uint64_t bounding, ambient;
	uint64_t present; /* paddock's bounding set (self_status.h): what can be dropped */
	int no_new_privs;

	/* process (sandbox.c) */
	char *cwd;
	int umask; /* -1 inherit */
	int nice_set, nice;

	/* namespaces (namespaces.c) */
	int unshare_flags;
	int userns;
	char uid_map[64], gid_map[64];
	int uid_map_len, gid_map_len;

	/* environment (env.c) */
	char **envp;
	size_t n_env, cap_env;

	/* seccomp (seccomp*.c) */
	struct pd_sc_policy policy;
	int default_act; /* errno or PD_SC_ACT_KILL */
	struct pd_bpf bpf;
	struct pd_handoff *handoff; /* NULL unless bpf.notify */
	int handoff_parent;	    /* the parent's end of handoff->sock, or -1 */

	/* parent side of the listener (seccomp_notify.c) */
	int listener;
	struct pd_loop *loop;
	void *run; /* struct pd_run * */
	int killed;
	struct pd_violation *viol;
	size_t n_viol;
	int listener_missing; /* notify was wanted but the fd never came */
};

/* identity.c: resolve User=/Group=/SupplementaryGroups= into P. */
int pd_identity_prepare(const struct pd_sandbox *s, struct pd_sandbox_plan *p, struct pd_diag *d);
int pd_identity_apply(const struct pd_sandbox_plan *p, int *step);
void pd_identity_free(struct pd_sandbox_plan *p);
/* dynuser.c: lease a uid/gid pair for DynamicUser=yes into P. */
int pd_dynuser_lease(struct pd_sandbox_plan *p, struct pd_diag *d);
void pd_dynuser_release(struct pd_sandbox_plan *p);
/* caps.c */
int pd_caps_prepare(const struct pd_sandbox *s, struct pd_sandbox_plan *p, struct pd_diag *d);
int pd_caps_apply(const struct pd_sandbox_plan *p, int *step);
/* env.c */
void pd_env_build(const struct pd_sandbox *s, struct pd_sandbox_plan *p);
void pd_env_free(struct pd_sandbox_plan *p);
/* namespaces.c */
int pd_ns_prepare(const struct pd_sandbox *s, struct pd_sandbox_plan *p, struct pd_diag *d);
int pd_ns_apply(const struct pd_sandbox_plan *p, int *step);
/* seccomp_notify.c */
int pd_handoff_child(const struct pd_sandbox_plan *p, int listener);
void pd_notify_free(struct pd_sandbox_plan *p);

#endif
