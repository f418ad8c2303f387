/*
 * identity.c - User=, Group=, SupplementaryGroups=: names or numbers,
 * resolved in the parent (NSS may allocate and open files); the child
 * only calls setgroups/setresgid/setresuid, so real, effective and saved
 * ids all change.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/caps.h"
#include "launcher/child.h"
#include "launcher/env.h"
#include "launcher/sandbox_plan.h"

/* A decimal id below 2^31-1 (uid_t -1 is reserved), or -1. */
static long parse_id(const char *s)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return -1;
	long v = strtol(s, NULL, 10);
	return v < 2147483647L ? v : -1;
}

static int resolve_group(const char *name, gid_t *gid, struct pd_diag *d, const char *what)
{
	long v = parse_id(name);
	if (v >= 0) {
		*gid = (gid_t)v;
		return 0;
	}
	struct group *g = getgrnam(name);
	if (!g) {
		pd_diag_set(d, "%s: no such group: %s", what, name);
		return -1;
	}
	*gid = g->gr_gid;
	return 0;
}

/* The login variables systemd sets for User=: from the passwd entry, else
 * (a uid with no entry, or a DynamicUser= uid) the number, "/" and nologin,
 * as systemd gives its dynamic users. */
static void set_login_env(struct pd_sandbox_plan *p, const struct passwd *pw)
{
	char num[16];
	snprintf(num, sizeof(num), "%u", (unsigned)p->uid);
	const char *name = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : num;
	const char *home = pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : "/";
	const char *shell =
	    pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/usr/sbin/nologin";
	p->login_env[0] = pd_env_kv("USER", name);
	p->login_env[1] = pd_env_kv("LOGNAME", name);
	p->login_env[2] = pd_env_kv("HOME", home);
	p->login_env[3] = pd_env_kv("SHELL", shell);
}

void pd_identity_free(struct pd_sandbox_plan *p)
{
	for (int i = 0; i < 4; i++) {
		free(p->login_env[i]);
		p->login_env[i] = NULL;
	}
}

static void add_group(struct pd_sandbox_plan *p, gid_t g)
{
	for (size_t i = 0; i < p->n_groups; i++)
		if (p->groups[i] == g)
			return;
	p->groups = pd_realloc_or_die(p->groups, (p->n_groups + 1) * sizeof(gid_t));
	p->groups[p->n_groups++] = g;
}

int pd_identity_prepare(const struct pd_sandbox *s, struct pd_sandbox_plan *p, struct pd_diag *d)
{
	p->uid = geteuid();
	p->gid = getegid();
	if (!s->user && !s->group && !s->n_supplementary_groups && !s->dynamic_user)
		return 0;
	if (s->dynamic_user && s->user) {
		pd_diag_set(d, "DynamicUser=yes picks its own uid; remove User=%s", s->user);
		return -1;
	}
	p->change_ids = 1;
	p->set_groups = 1;
	if (s->dynamic_user) {
		if (pd_dynuser_lease(p, d) < 0)
			return -1;
		set_login_env(p, NULL);
	} else if (s->user) {
		struct passwd *pw = NULL;
		long v = parse_id(s->user);
		if (v >= 0) {
			pw = getpwuid((uid_t)v);
			p->uid = (uid_t)v;
			p->gid = pw ? pw->pw_gid : (gid_t)v;
		} else {
			pw = getpwnam(s->user);
			if (!pw) {
				pd_diag_set(d, "User=%s: no such user", s->user);
				return -1;
			}
			p->uid = pw->pw_uid;
			p->gid = pw->pw_gid;
		}
		if (pw) { /* the user's own supplementary groups, like initgroups(3) */
			int n = 64;
			gid_t *list = pd_alloc_or_die((size_t)n * sizeof(gid_t));
			if (getgrouplist(pw->pw_name, p->gid, list, &n) < 0) {
				list = pd_realloc_or_die(list, (size_t)n * sizeof(gid_t));
				getgrouplist(pw->pw_name, p->gid, list, &n);
			}
			for (int i = 0; i < n; i++)
				add_group(p, list[i]);
			free(list);
		}
		set_login_env(p, pw); /* before Group= and getgrnam() reuse pw's buffer */
	}
	if (s->group && resolve_group(s->group, &p->gid, d, "Group=") < 0)
		return -1;
	for (size_t i = 0; i < s->n_supplementary_groups; i++) {
		gid_t g;
		if (resolve_group(s->supplementary_groups[i], &g, d, "SupplementaryGroups=") < 0)
			return -1;
		add_group(p, g);
	}
	if (geteuid() != 0 && (p->uid != geteuid() || p->gid != getegid() || p->n_groups)) {
		pd_diag_set(d, "changing the user or groups needs root (paddock runs as uid %u)",
			    (unsigned)geteuid());
		return -1;
	}
	return 0;
}

int pd_identity_apply(const struct pd_sandbox_plan *p, int *step)
{
	if (!p->change_ids)
		return 0;
	/* Raw calls: glibc's wrappers broadcast to threads (setxid), which a
	 * forked child does not need. */
	*step = PD_STEP_SETGROUPS;
	if (p->set_groups && syscall(SYS_setgroups, p->n_groups, p->groups) < 0)
		return -1;
	*step = PD_STEP_SETGID;
	if (syscall(SYS_setresgid, p->gid, p->gid, p->gid) < 0)
		return -1;
	*step = PD_STEP_SETUID;
	if (syscall(SYS_setresuid, p->uid, p->uid, p->uid) < 0)
		return -1;
	return 0;
}
