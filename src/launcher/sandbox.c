/*
 * sandbox.c - the sandbox's defaults, the plan built before fork() and the
 * two child hooks that apply it in the order of docs/architecture.md
 * ("Spawn"). The directives live in sandbox_directives.c.
 * See docs/security.md.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/caps.h"
#include "launcher/child.h"
#include "launcher/config.h"
#include "launcher/sandbox_plan.h"

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void pd_sandbox_init(struct pd_sandbox *s)
{
	memset(s, 0, sizeof(*s));
	s->syscall_errno = -1;
	s->no_new_privs = 1;
	s->umask = -1;
	s->nice = INT_MIN;
}

void pd_sandbox_free(struct pd_sandbox *s)
{
	free_strv(s->syscall_filter, s->n_syscall_filter);
	free_strv(s->syscall_archs, s->n_syscall_archs);
	free(s->user);
	free(s->group);
	free_strv(s->supplementary_groups, s->n_supplementary_groups);
	free_strv(s->environment, s->n_environment);
	free_strv(s->pass_environment, s->n_pass_environment);
	free_strv(s->unset_environment, s->n_unset_environment);
	free(s->working_directory);
	memset(s, 0, sizeof(*s));
}

static unsigned archs_of(const struct pd_sandbox *s)
{
	unsigned archs = 0;
	for (size_t i = 0; i < s->n_syscall_archs; i++)
		archs |= pd_sc_arch_parse(s->syscall_archs[i]);
	return archs ? archs : PD_ARCH_NATIVE;
}

static int prepare_seccomp(const struct pd_sandbox *s, struct pd_sandbox_plan *p, struct pd_diag *d)
{
	/* Loading a filter without CAP_SYS_ADMIN needs no_new_privs. With
	 * NoNewPrivileges=no and no filter directive, paddock loads none (its
	 * fixed TIOCSTI and architecture rules go too); with one, no_new_privs
	 * is forced, as systemd does for services without CAP_SYS_ADMIN. */
	if (!s->no_new_privs && !s->n_syscall_filter && !s->n_syscall_archs && s->syscall_errno < 0)
		return 0;
	if (!s->no_new_privs) {
		pd_warnx("NoNewPrivileges=no: overridden, a system call filter needs no_new_privs");
		p->no_new_privs = 1;
	}
	pd_sc_policy_build(s->syscall_filter, s->n_syscall_filter, &p->policy);
	p->default_act = s->syscall_errno < 0 ? PD_SC_ACT_KILL : s->syscall_errno;
	int notify = pd_seccomp_notify_available();
	if (pd_seccomp_compile(&p->policy, p->default_act, archs_of(s), notify, &p->bpf, d) < 0)
		return -1;
	if (notify) {
		void *m = mmap(NULL, sizeof(struct pd_handoff), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			pd_diag_set(d, "cannot map the seccomp hand-over page: %s",
				    strerror(errno));
			return -1;
		}
		p->handoff = m;
		p->handoff->sock = -1;
	}
	return 0;
}

struct pd_sandbox_plan *pd_sandbox_prepare_or_die(const struct pd_sandbox *s)
{
	struct pd_sandbox_plan *p = pd_alloc_or_die(sizeof(*p));
	struct pd_diag d = {{0}, 0};
	p->dyn_lock_fd = -1;
	p->dyn_uid = -1;
	p->listener = -1;
	p->handoff_parent = -1;
	p->umask = s->umask;
	p->nice_set = s->nice_set;
	p->nice = s->nice;
	if (s->working_directory)
		p->cwd = pd_strdup_or_die(s->working_directory);
	if (pd_identity_prepare(s, p, &d) < 0 || pd_caps_prepare(s, p, &d) < 0 ||
	    pd_ns_prepare(s, p, &d) < 0 || prepare_seccomp(s, p, &d) < 0) {
		pd_sandbox_plan_free(p);
		pd_errx(PD_EXIT_ERROR, "%s", d.msg);
	}
	pd_env_build(s, p);
	return p;
}

int pd_sandbox_vfork_ok(const struct pd_sandbox_plan *p)
{
	if (p->unshare_flags || p->userns)
		return 0;
	return !p->bpf.notify || pd_sc_policy_allows(&p->policy, SYS_sendmsg);
}

unsigned long pd_sandbox_clone_flags(const struct pd_sandbox_plan *p)
{
	return (unsigned long)p->unshare_flags | (p->userns ? 0x10000000UL /* CLONE_NEWUSER */ : 0);
}

void pd_sandbox_plan_free(struct pd_sandbox_plan *p)
{
	if (!p)
		return;
	pd_dynuser_release(p);
	pd_identity_free(p);
	pd_notify_free(p);
	pd_env_free(p);
	pd_sc_policy_free(&p->policy);
	free(p->bpf.insns);
	if (p->handoff)
		munmap(p->handoff, sizeof(*p->handoff));
	free(p->groups);
	free(p->cwd);
	free(p);
}

/* --- the child ----------------------------------------------------------- */

int pd_sandbox_child_early(const void *plan, int *step) { return pd_ns_apply(plan, step); }

/* UMask= and Nice= while paddock's privileges still allow a negative nice. */
static int apply_process(const struct pd_sandbox_plan *p, int *step)
{
	if (p->umask >= 0)
		umask((mode_t)p->umask);
	if (p->nice_set && setpriority(PRIO_PROCESS, 0, p->nice) < 0) {
		*step = PD_STEP_NICE;
		return -1;
	}
	return 0;
}

/* WorkingDirectory= after the identity change, so the command's own
 * rights decide whether it may enter the directory (as systemd does). */
static int apply_cwd(const struct pd_sandbox_plan *p, int *step)
{
	if (p->cwd && chdir(p->cwd) < 0) {
		*step = PD_STEP_WORKDIR;
		return -1;
	}
	return 0;
}

int pd_sandbox_child_apply(const void *plan, int *step)
{
	const struct pd_sandbox_plan *p = plan;
	if (apply_process(p, step) < 0 || pd_caps_drop_bounding(p, step) < 0 ||
	    pd_identity_apply(p, step) < 0 || apply_cwd(p, step) < 0 || pd_caps_apply(p, step) < 0)
		return -1;
	if (!p->bpf.len)
		return 0;
	/* Last before execve, so nothing above is filtered. */
	int fd = pd_seccomp_load(&p->bpf);
	if (fd < 0) {
		*step = PD_STEP_SECCOMP;
		errno = -fd;
		return -1;
	}
	if (p->bpf.notify && pd_handoff_child(p, fd) < 0) {
		*step = PD_STEP_SECCOMP_LISTENER;
		return -1;
	}
	return 0;
}
