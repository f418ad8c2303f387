/*
 * sandbox.c - the sandbox directives' defaults and storage.
 * See docs/security.md.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "launcher/config.h"

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

const struct pd_directive pd_sandbox_directives[] = {
	{.name = NULL},
};
