/*
 * seccomp_policy.c - SystemCallFilter= as systemd.exec(5) defines it: an
 * allowlist, or with a leading '~' a denylist whose entries may carry
 * ":errno" or ":kill"; repeated assignments merge, an empty one resets.
 * Resolves the assignments into a sorted rule set for seccomp.c.
 * See docs/security.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/seccomp_filter.h"
#include "launcher/seccomp_names.h"
#include "launcher/syscall_groups.h"

/* Native system call numbers are small (x86-64: below 500); a table this
 * size indexes them directly. Larger numbers (none today) are skipped with
 * the unknown ones, as systemd skips what it cannot resolve. */
#define NR_LIMIT 2048

static void protect_cb(const char *sc, void *arg)
{
	unsigned char *prot = arg;
	int nr = pd_seccomp_resolve(sc);
	if (nr >= 0 && nr < NR_LIMIT)
		prot[nr] = 1;
}

/* paddock's own execve must never be denied, nor may the calls systemd
 * always allows (@default): a denylist leaves them allowed, an allowlist
 * always contains them. By number, worked out once. */
static int is_protected(int nr)
{
	static unsigned char prot[NR_LIMIT];
	static int done;
	if (!done) {
		done = 1;
		pd_syscall_expand("@default", protect_cb, prot);
		protect_cb("execve", prot);
		protect_cb("execveat", prot);
	}
	return nr >= 0 && nr < NR_LIMIT && prot[nr];
}

int pd_errno_parse(const char *s)
{
	if (!*s)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end == '\0' && errno == 0)
		return v >= 1 && v <= 4095 ? (int)v : -1;
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);
		if (n && strcmp(n, s) == 0)
			return e;
	}
	return -1;
}

const char *pd_errno_name(int e, char *buf, size_t n)
{
	const char *name = strerrorname_np(e);
	if (name)
		snprintf(buf, n, "%s", name);
	else
		snprintf(buf, n, "%d", e);
	return buf;
}

unsigned pd_sc_arch_parse(const char *s)
{
	if (strcmp(s, "native") == 0 || strcmp(s, "x86-64") == 0)
		return PD_ARCH_NATIVE;
	if (strcmp(s, "x86") == 0)
		return PD_ARCH_X86;
	if (strcmp(s, "x32") == 0)
		return PD_ARCH_X32;
	return 0;
}

/* Split "name[:action]"; returns the action (PD_SC_ACT_*, errno) or -3 on a
 * bad action. NAME receives the bare name. */
static int split_entry(const char *tok, char *name, size_t n)
{
	const char *colon = strchr(tok, ':');
	size_t len = colon ? (size_t)(colon - tok) : strlen(tok);
	if (len >= n)
		len = n - 1;
	memcpy(name, tok, len);
	name[len] = '\0';
	if (!colon)
		return PD_SC_ACT_DEFAULT;
	if (strcmp(colon + 1, "kill") == 0)
		return PD_SC_ACT_KILL;
	int e = pd_errno_parse(colon + 1);
	return e > 0 ? e : -3;
}

/* Iterate the whitespace-separated tokens of V. */
static const char *next_token(const char *p, char *tok, size_t n)
{
	p += strspn(p, " \t");
	if (!*p)
		return NULL;
	size_t len = strcspn(p, " \t");
	if (len >= n)
		len = n - 1;
	memcpy(tok, p, len);
	tok[len] = '\0';
	return p + strcspn(p, " \t");
}

int pd_sc_filter_check(const char *value, struct pd_diag *d)
{
	const char *p = value;
	int deny = 0;
	p += strspn(p, " \t");
	if (*p == '~') {
		deny = 1;
		p++;
	}
	char tok[128], name[128];
	int any = 0;
	while ((p = next_token(p, tok, sizeof(tok)))) {
		any = 1;
		int act = split_entry(tok, name, sizeof(name));
		if (act == -3) {
			pd_diag_set(d,
				    "%s: unknown errno name or number after ':' (use e.g. EPERM, "
				    "1..4095, or kill)",
				    tok);
			return -1;
		}
		if (act != PD_SC_ACT_DEFAULT && !deny) {
			pd_diag_set(
			    d, "%s: an ':errno' suffix is only allowed in a deny list (~...)", tok);
			return -1;
		}
		if (name[0] == '@') {
			if (!pd_syscall_group_find(name)) {
				const char *s = pd_syscall_suggest(name);
				if (s)
					pd_diag_set(
					    d,
					    "unknown system call group '%s' (did you mean '%s'?)",
					    name, s);
				else
					pd_diag_set(d,
						    "unknown system call group '%s' (see 'paddock "
						    "syscalls')",
						    name);
				return -1;
			}
			continue;
		}
		int nr = pd_seccomp_resolve(name);
		if (nr == PD_SC_UNKNOWN) {
			const char *s = pd_syscall_suggest(name);
			if (s)
				pd_diag_set(d, "unknown system call '%s' (did you mean '%s'?)",
					    name, s);
			else
				pd_diag_set(d, "unknown system call '%s'", name);
			return -1;
		}
		if (nr == PD_SC_OTHER_ARCH && !d->warning)
			pd_diag_warn(
			    d, "system call '%s' does not exist on this architecture; ignored",
			    name);
		else if (deny && is_protected(nr) && !d->warning)
			pd_diag_warn(d,
				     "'%s' stays allowed: paddock needs it to start the command "
				     "(see docs/security.md)",
				     name);
	}
	if (!any && deny) {
		pd_diag_set(d, "'~' needs at least one system call or group after it");
		return -1;
	}
	return 0;
}

/* --- resolution ------------------------------------------------------ */

static int rule_cmp(const void *a, const void *b)
{
	const struct pd_sc_rule *x = a, *y = b;
	return (x->nr > y->nr) - (x->nr < y->nr);
}

const struct pd_sc_rule *pd_sc_policy_find(const struct pd_sc_policy *pol, int nr)
{
	struct pd_sc_rule key = {.nr = nr};
	return pol->n ? bsearch(&key, pol->rules, pol->n, sizeof(key), rule_cmp) : NULL;
}

int pd_sc_policy_allows(const struct pd_sc_policy *pol, int nr)
{
	const struct pd_sc_rule *r = pd_sc_policy_find(pol, nr);
	switch (pol->mode) {
	case PD_SC_MODE_ALLOW:
		return r != NULL;
	case PD_SC_MODE_DENY:
		return r == NULL;
	default:
		return 1;
	}
}

/* The set while it is built: one slot per system call number, so each
 * name costs O(1) however long the list. */
struct apply {
	enum pd_sc_mode mode;
	int add;    /* 1: add to the set, 0: remove from it */
	int action; /* for additions to a denylist */
	unsigned char *in;
	int *act;
};

static void apply_cb(const char *sc, void *arg)
{
	struct apply *a = arg;
	int nr = pd_seccomp_resolve(sc);
	if (nr < 0 || nr >= NR_LIMIT) /* unknown here: systemd skips these too */
		return;
	if (a->mode == PD_SC_MODE_DENY && a->add && is_protected(nr))
		return;
	a->in[nr] = (unsigned char)a->add;
	a->act[nr] = a->action;
}

void pd_sc_policy_build(char *const *assign, size_t n, struct pd_sc_policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	unsigned char *in = pd_alloc_or_die(NR_LIMIT);
	int *act = pd_alloc_or_die(NR_LIMIT * sizeof(*act));
	memset(in, 0, NR_LIMIT);
	for (size_t i = 0; i < n; i++) {
		const char *p = assign[i];
		p += strspn(p, " \t");
		int invert = *p == '~';
		if (invert)
			p++;
		if (pol->mode == PD_SC_MODE_NONE)
			pol->mode = invert ? PD_SC_MODE_DENY : PD_SC_MODE_ALLOW;
		/* An allowlist entry adds to an allowlist and removes from a
		 * denylist, and the other way round. */
		int add = (pol->mode == PD_SC_MODE_ALLOW) != invert;
		char tok[128], name[128];
		while ((p = next_token(p, tok, sizeof(tok)))) {
			struct apply a = {pol->mode, add, split_entry(tok, name, sizeof(name)), in,
					  act};
			pd_syscall_expand(name, apply_cb, &a);
		}
	}
	if (pol->mode == PD_SC_MODE_ALLOW) {
		struct apply a = {pol->mode, 1, PD_SC_ACT_DEFAULT, in, act};
		pd_syscall_expand("@default", apply_cb, &a);
		apply_cb("execveat", &a);
	}
	/* The rules, sorted by number as pd_sc_policy_find() expects. */
	for (int nr = 0; nr < NR_LIMIT; nr++)
		pol->n += in[nr];
	if (pol->n) {
		pol->rules = pd_alloc_or_die(pol->n * sizeof(*pol->rules));
		pol->cap = pol->n;
		size_t k = 0;
		for (int nr = 0; nr < NR_LIMIT; nr++)
			if (in[nr])
				pol->rules[k++] = (struct pd_sc_rule){nr, act[nr]};
	}
	free(in);
	free(act);
}

void pd_sc_policy_free(struct pd_sc_policy *pol)
{
	free(pol->rules);
	memset(pol, 0, sizeof(*pol));
}
