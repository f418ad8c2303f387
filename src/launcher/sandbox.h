/*
 * sandbox.h - seccomp, capabilities, identity, environment, namespaces
 * (the directives of the sandbox issue). Owned by the sandbox modules.
 * Fields are filled by pd_sandbox_directives[] and turned into a child
 * plan by pd_sandbox_prepare() before fork().
 */
#ifndef PD_SANDBOX_H
#define PD_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

struct pd_sandbox {
	/* SystemCallFilter=: raw assignments in order, resolved at prepare */
	char **syscall_filter;
	size_t n_syscall_filter;
	int syscall_errno; /* -1 = kill (the default) */
	char **syscall_archs; /* NULL = native */
	size_t n_syscall_archs;

	int no_new_privs; /* NoNewPrivileges=, default 1 */
	/* capability masks, bit N = capability N */
	unsigned long long cap_bounding, cap_ambient;

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
	int umask;  /* -1 = inherit */
	int nice;   /* INT_MIN = inherit */
	int nice_set;

	int private_network;
	int private_ipc;
};

#endif
