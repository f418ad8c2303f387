/*
 * sandbox_directives.c - the sandbox's directive table (systemd.exec(5)
 * names and syntax): set() validates and stores into struct pd_sandbox,
 * format() prints the effective value for `paddock show`. Names are
 * checked when set, so errors carry the profile's file:line.
 */
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/parse.h"
#include "launcher/caps.h"
#include "launcher/config.h"
#include "launcher/env.h"
#include "launcher/seccomp_filter.h"

static void strv_push(char ***v, size_t *n, const char *s)
{
	*v = pd_realloc_or_die(*v, (*n + 1) * sizeof(char *));
	(*v)[(*n)++] = pd_strdup_or_die(s);
}

static void strv_reset(char ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

static int is_empty(const char *v) { return v[strspn(v, " \t")] == '\0'; }

static void format_strv(char *const *v, size_t n, struct pd_buf *out)
{
	for (size_t i = 0; i < n; i++)
		pd_buf_printf(out, "%s%s", i ? " " : "", v[i]);
}

static int set_bool(int *dst, const char *v, struct pd_diag *d)
{
	const char *why;
	if (pd_parse_bool(v, dst, &why) < 0) {
		pd_diag_set(d, "%s", why);
		return -1;
	}
	return 0;
}

/* --- seccomp ------------------------------------------------------------ */

static int set_syscall_filter(struct pd_config *c, const char *v, struct pd_diag *d)
{
	struct pd_sandbox *s = &c->sandbox;
	if (is_empty(v)) {
		strv_reset(&s->syscall_filter, &s->n_syscall_filter);
		return 0;
	}
	if (pd_sc_filter_check(v, d) < 0)
		return -1;
	strv_push(&s->syscall_filter, &s->n_syscall_filter, v);
	return 0;
}

static void format_syscall_filter(const struct pd_config *c, struct pd_buf *out)
{
	/* Assignments of one mode merge into one value; a later assignment of
	 * the other mode edits the set, so those stay apart (" ; "). */
	char *const *v = c->sandbox.syscall_filter;
	size_t n = c->sandbox.n_syscall_filter;
	int prev = -1;
	for (size_t i = 0; i < n; i++) {
		const char *p = v[i] + strspn(v[i], " \t");
		int deny = *p == '~';
		if (deny)
			p++;
		p += strspn(p, " \t");
		if (i == 0 || deny != prev)
			pd_buf_printf(out, "%s%s%s", i ? " ; " : "", deny ? "~" : "", p);
		else
			pd_buf_printf(out, " %s", p);
		prev = deny;
	}
}

static int set_syscall_errno(struct pd_config *c, const char *v, struct pd_diag *d)
{
	if (is_empty(v) || strcmp(v, "kill") == 0) {
		c->sandbox.syscall_errno = -1;
		return 0;
	}
	int e = pd_errno_parse(v);
	if (e < 0) {
		pd_diag_set(d, "not an errno name (EPERM), a number 1-4095, or 'kill'");
		return -1;
	}
	c->sandbox.syscall_errno = e;
	return 0;
}

static void format_syscall_errno(const struct pd_config *c, struct pd_buf *out)
{
	char buf[32];
	pd_buf_puts(out, c->sandbox.syscall_errno < 0
			     ? "kill"
			     : pd_errno_name(c->sandbox.syscall_errno, buf, sizeof(buf)));
}

static int set_syscall_archs(struct pd_config *c, const char *v, struct pd_diag *d)
{
	struct pd_sandbox *s = &c->sandbox;
	if (is_empty(v)) {
		strv_reset(&s->syscall_archs, &s->n_syscall_archs);
		return 0;
	}
	const char *p = v;
	char tok[64];
	while (*(p += strspn(p, " \t"))) {
		size_t len = strcspn(p, " \t");
		snprintf(tok, sizeof(tok), "%.*s", (int)len, p);
		p += len;
		if (!pd_sc_arch_parse(tok)) {
			pd_diag_set(d,
				    "unknown or foreign architecture '%s' (this machine has "
				    "native, x86-64, x86, x32)",
				    tok);
			return -1;
		}
		strv_push(&s->syscall_archs, &s->n_syscall_archs, tok);
	}
	return 0;
}

static void format_syscall_archs(const struct pd_config *c, struct pd_buf *out)
{
	if (!c->sandbox.n_syscall_archs)
		pd_buf_puts(out, "native");
	format_strv(c->sandbox.syscall_archs, c->sandbox.n_syscall_archs, out);
}

/* --- privileges --------------------------------------------------------- */

static int set_nnp(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return set_bool(&c->sandbox.no_new_privs, v, d);
}

static void format_nnp(const struct pd_config *c, struct pd_buf *out)
{
	pd_buf_puts(out, c->sandbox.no_new_privs ? "yes" : "no");
}

static int set_cap_bounding(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return pd_caps_parse(v, &c->sandbox.cap_bounding, &c->sandbox.cap_bounding_assigned, d);
}

static void format_cap_bounding(const struct pd_config *c, struct pd_buf *out)
{
	pd_caps_format(c->sandbox.cap_bounding, out);
}

static int set_cap_ambient(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return pd_caps_parse(v, &c->sandbox.cap_ambient, &c->sandbox.cap_ambient_assigned, d);
}

static void format_cap_ambient(const struct pd_config *c, struct pd_buf *out)
{
	pd_caps_format(c->sandbox.cap_ambient, out);
}

static int numeric(const char *v) { return *v && strspn(v, "0123456789") == strlen(v); }

static int user_exists(const char *v) { return getpwnam(v) != NULL; }
static int group_exists(const char *v) { return getgrnam(v) != NULL; }

/* User= and Group=: a number, or a name that EXISTS; empty resets. */
static int set_id(char **field, const char *v, int (*exists)(const char *), const char *missing,
		  struct pd_diag *d)
{
	free(*field);
	*field = NULL;
	if (is_empty(v))
		return 0;
	if (!numeric(v) && !exists(v)) {
		pd_diag_set(d, "%s", missing);
		return -1;
	}
	*field = pd_strdup_or_die(v);
	return 0;
}

static int set_user(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return set_id(&c->sandbox.user, v, user_exists, "no such user", d);
}

static void format_user(const struct pd_config *c, struct pd_buf *out)
{
	pd_buf_puts(out, c->sandbox.user ? c->sandbox.user : "");
}

static int set_group(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return set_id(&c->sandbox.group, v, group_exists, "no such group", d);
}

static void format_group(const struct pd_config *c, struct pd_buf *out)
{
	pd_buf_puts(out, c->sandbox.group ? c->sandbox.group : "");
}

static int set_supp_groups(struct pd_config *c, const char *v, struct pd_diag *d)
{
	struct pd_sandbox *s = &c->sandbox;
	if (is_empty(v)) {
		strv_reset(&s->supplementary_groups, &s->n_supplementary_groups);
		return 0;
	}
	const char *p = v;
	char tok[256];
	while (*(p += strspn(p, " \t"))) {
		size_t len = strcspn(p, " \t");
		snprintf(tok, sizeof(tok), "%.*s", (int)len, p);
		p += len;
		if (!numeric(tok) && !getgrnam(tok)) {
			pd_diag_set(d, "no such group: %s", tok);
			return -1;
		}
		strv_push(&s->supplementary_groups, &s->n_supplementary_groups, tok);
	}
	return 0;
}

static void format_supp_groups(const struct pd_config *c, struct pd_buf *out)
{
	format_strv(c->sandbox.supplementary_groups, c->sandbox.n_supplementary_groups, out);
}

static int set_dynamic_user(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return set_bool(&c->sandbox.dynamic_user, v, d);
}

static void format_dynamic_user(const struct pd_config *c, struct pd_buf *out)
{
	pd_buf_puts(out, c->sandbox.dynamic_user ? "yes" : "no");
}

/* --- environment -------------------------------------------------------- */

/* Split V into systemd-quoted words and check each with CHECK. */
static int env_words(const char *v, char ***dst, size_t *n, int need_assign, int allow_assign,
		     struct pd_diag *d)
{
	if (is_empty(v)) {
		strv_reset(dst, n);
		return 0;
	}
	const char *p = v, *err = NULL;
	char *w;
	size_t start = *n;
	while ((w = pd_env_next_word(&p, &err))) {
		const char *eq = strchr(w, '=');
		size_t nl = eq ? (size_t)(eq - w) : strlen(w);
		const char *bad = NULL;
		if (need_assign && !eq)
			bad = "expected NAME=VALUE";
		else if (!allow_assign && eq)
			bad = "expected a variable name";
		else if (!pd_env_name_valid(w, nl))
			bad = "invalid variable name";
		if (bad) {
			pd_diag_set(d, "%s: %s", w, bad);
			free(w);
			while (*n > start)
				free((*dst)[--*n]);
			return -1;
		}
		*dst = pd_realloc_or_die(*dst, (*n + 1) * sizeof(char *));
		(*dst)[(*n)++] = w;
	}
	if (err) {
		pd_diag_set(d, "%s", err);
		while (*n > start)
			free((*dst)[--*n]);
		return -1;
	}
	return 0;
}

static int set_environment(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return env_words(v, &c->sandbox.environment, &c->sandbox.n_environment, 1, 1, d);
}

/* Quote a word back into systemd syntax when it needs it. */
static void format_words(char *const *v, size_t n, struct pd_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		int plain = strcspn(v[i], " \t\"'\\\n") == strlen(v[i]);
		if (i)
			pd_buf_puts(out, " ");
		if (plain) {
			pd_buf_puts(out, v[i]);
			continue;
		}
		pd_buf_puts(out, "\"");
		for (const char *q = v[i]; *q; q++) {
			if (*q == '"' || *q == '\\')
				pd_buf_printf(out, "\\%c", *q);
			else if (*q == '\n')
				pd_buf_puts(out, "\\n");
			else
				pd_buf_printf(out, "%c", *q);
		}
		pd_buf_puts(out, "\"");
	}
}

static void format_environment(const struct pd_config *c, struct pd_buf *out)
{
	format_words(c->sandbox.environment, c->sandbox.n_environment, out);
}

static int set_pass_env(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return env_words(v, &c->sandbox.pass_environment, &c->sandbox.n_pass_environment, 0, 0, d);
}

static void format_pass_env(const struct pd_config *c, struct pd_buf *out)
{
	format_words(c->sandbox.pass_environment, c->sandbox.n_pass_environment, out);
}

static int set_unset_env(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return env_words(v, &c->sandbox.unset_environment, &c->sandbox.n_unset_environment, 0, 1,
			 d);
}

static void format_unset_env(const struct pd_config *c, struct pd_buf *out)
{
	format_words(c->sandbox.unset_environment, c->sandbox.n_unset_environment, out);
}

/* --- process ------------------------------------------------------------ */

static int set_workdir(struct pd_config *c, const char *v, struct pd_diag *d)
{
	free(c->sandbox.working_directory);
	c->sandbox.working_directory = NULL;
	if (is_empty(v))
		return 0;
	if (v[0] != '/') {
		pd_diag_set(d, "must be an absolute path");
		return -1;
	}
	c->sandbox.working_directory = pd_strdup_or_die(v);
	return 0;
}

static void format_workdir(const struct pd_config *c, struct pd_buf *out)
{
	pd_buf_puts(out, c->sandbox.working_directory ? c->sandbox.working_directory : "");
}

static int set_umask(struct pd_config *c, const char *v, struct pd_diag *d)
{
	if (is_empty(v)) {
		c->sandbox.umask = -1;
		return 0;
	}
	char *end;
	long m = strtol(v, &end, 8);
	if (*end || m < 0 || m > 0777 || strspn(v, "01234567") != strlen(v)) {
		pd_diag_set(d, "not an octal file mode mask (0000-0777)");
		return -1;
	}
	c->sandbox.umask = (int)m;
	return 0;
}

static void format_umask(const struct pd_config *c, struct pd_buf *out)
{
	if (c->sandbox.umask >= 0)
		pd_buf_printf(out, "%04o", (unsigned)c->sandbox.umask);
}

static int set_nice(struct pd_config *c, const char *v, struct pd_diag *d)
{
	if (is_empty(v)) {
		c->sandbox.nice_set = 0;
		c->sandbox.nice = INT_MIN;
		return 0;
	}
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || end == v || n < -20 || n > 19) {
		pd_diag_set(d, "not a nice level between -20 and 19");
		return -1;
	}
	c->sandbox.nice = (int)n;
	c->sandbox.nice_set = 1;
	return 0;
}

static void format_nice(const struct pd_config *c, struct pd_buf *out)
{
	if (c->sandbox.nice_set)
		pd_buf_printf(out, "%d", c->sandbox.nice);
}

/* --- namespaces --------------------------------------------------------- */

static int set_private_network(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return set_bool(&c->sandbox.private_network, v, d);
}

static void format_private_network(const struct pd_config *c, struct pd_buf *out)
{
	pd_buf_puts(out, c->sandbox.private_network ? "yes" : "no");
}

static int set_private_ipc(struct pd_config *c, const char *v, struct pd_diag *d)
{
	return set_bool(&c->sandbox.private_ipc, v, d);
}

static void format_private_ipc(const struct pd_config *c, struct pd_buf *out)
{
	pd_buf_puts(out, c->sandbox.private_ipc ? "yes" : "no");
}

#define S "Service"
const struct pd_directive pd_sandbox_directives[] = {
    {S, "SystemCallFilter", PD_DIR_LIST, set_syscall_filter, format_syscall_filter,
     "allowed system calls and @groups; '~' first: denied ones (NAME:errno allowed)"},
    {S, "SystemCallErrorNumber", 0, set_syscall_errno, format_syscall_errno,
     "what a denied call gets: an errno name or number, or kill (default)"},
    {S, "SystemCallArchitectures", PD_DIR_LIST, set_syscall_archs, format_syscall_archs,
     "system call ABIs allowed: native (default), x86-64, x86, x32"},
    {S, "NoNewPrivileges", 0, set_nnp, format_nnp, "set no_new_privs (default yes)"},
    {S, "CapabilityBoundingSet", PD_DIR_LIST, set_cap_bounding, format_cap_bounding,
     "capabilities kept in the bounding set; '~' inverts (default: none)"},
    {S, "AmbientCapabilities", PD_DIR_LIST, set_cap_ambient, format_cap_ambient,
     "capabilities the command keeps across execve (default: none)"},
    {S, "User", 0, set_user, format_user, "run as this user (name or uid)"},
    {S, "Group", 0, set_group, format_group, "run with this primary group (name or gid)"},
    {S, "SupplementaryGroups", PD_DIR_LIST, set_supp_groups, format_supp_groups,
     "extra groups (names or gids)"},
    {S, "DynamicUser", 0, set_dynamic_user, format_dynamic_user,
     "run as a fresh uid/gid from 61184-65519, leased for this run"},
    {S, "Environment", PD_DIR_LIST, set_environment, format_environment,
     "set variables: NAME=VALUE ... (systemd quoting)"},
    {S, "PassEnvironment", PD_DIR_LIST, set_pass_env, format_pass_env,
     "pass these variables from paddock's environment"},
    {S, "UnsetEnvironment", PD_DIR_LIST, set_unset_env, format_unset_env,
     "remove these variables (NAME or NAME=VALUE)"},
    {S, "WorkingDirectory", 0, set_workdir, format_workdir, "absolute directory to run in"},
    {S, "UMask", 0, set_umask, format_umask, "file mode creation mask, octal"},
    {S, "Nice", 0, set_nice, format_nice, "scheduling priority, -20..19"},
    {S, "PrivateNetwork", 0, set_private_network, format_private_network,
     "new network namespace with only loopback"},
    {S, "PrivateIPC", 0, set_private_ipc, format_private_ipc,
     "new System V IPC and POSIX message queue namespace"},
    {.name = NULL},
};
