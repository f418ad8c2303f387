/*
 * syscall_groups.h - systemd's named system call groups (@basic-io, ...)
 * and name lookup with "did you mean" suggestions. See docs/security.md.
 */
#ifndef PD_SYSCALL_GROUPS_H
#define PD_SYSCALL_GROUPS_H

#include <stddef.h>

struct pd_syscall_group {
	const char *name;    /* "@basic-io" */
	const char *help;    /* one line */
	const char *members; /* space-separated syscall names and @groups */
};

/* All groups in listing order; *N receives the count. @known is listed
 * with members NULL: it is computed (pd_syscall_group_expand). */
const struct pd_syscall_group *pd_syscall_groups(size_t *n);

/* The group called NAME ("@mount"), or NULL. */
const struct pd_syscall_group *pd_syscall_group_find(const char *name);

/* Call FN for every syscall name NAME stands for: the name itself, or each
 * member of a group, recursively, each name once per call of FN even if
 * groups overlap. Returns 0, or -1 if NAME is an unknown group. */
int pd_syscall_expand(const char *name, void (*fn)(const char *sc, void *arg), void *arg);

/* The known group or syscall name closest to NAME (edit distance), or NULL
 * when nothing is reasonably close. Returns a static string. */
const char *pd_syscall_suggest(const char *name);

#endif
