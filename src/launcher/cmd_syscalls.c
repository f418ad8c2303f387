/*
 * cmd_syscalls.c - `paddock syscalls [@GROUP|NAME...]`: list the system
 * call groups with their descriptions, or the members of a group as this
 * machine resolves them (number, or a note when the call is not here).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/cmd.h"
#include "launcher/seccomp_names.h"
#include "launcher/syscall_groups.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: paddock syscalls [@GROUP|SYSCALL...]\n\n"
		   "Without arguments, list the system call groups SystemCallFilter= accepts.\n"
		   "With a group, list its members and their numbers on this machine;\n"
		   "with a system call name, print its number.\n");
}

struct names {
	char **v;
	size_t n;
};

static void collect(const char *sc, void *arg)
{
	struct names *ns = arg;
	for (size_t i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], sc) == 0)
			return;
	ns->v = pd_realloc_or_die(ns->v, (ns->n + 1) * sizeof(char *));
	ns->v[ns->n++] = pd_strdup_or_die(sc);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_call(const char *name)
{
	int nr = pd_seccomp_resolve(name);
	if (nr >= 0)
		printf("%-32s %d\n", name, nr);
	else
		printf("%-32s -  (%s)\n", name,
		       nr == PD_SC_OTHER_ARCH ? "not on this architecture"
					      : "unknown to libseccomp here");
}

static int show(const char *arg)
{
	if (arg[0] != '@') {
		if (pd_seccomp_resolve(arg) == PD_SC_UNKNOWN) {
			const char *s = pd_syscall_suggest(arg);
			pd_warnx("syscalls: %s: unknown system call%s%s%s", arg,
				 s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
			return PD_EXIT_ERROR;
		}
		print_call(arg);
		return 0;
	}
	const struct pd_syscall_group *g = pd_syscall_group_find(arg);
	if (!g) {
		const char *s = pd_syscall_suggest(arg);
		pd_warnx("syscalls: %s: unknown group%s%s%s", arg, s ? " (did you mean '" : "",
			 s ? s : "", s ? "'?)" : " (run 'paddock syscalls' for the list)");
		return PD_EXIT_ERROR;
	}
	struct names ns = {NULL, 0};
	pd_syscall_expand(arg, collect, &ns);
	qsort(ns.v, ns.n, sizeof(char *), cmp_str);
	printf("# %s: %s\n", g->name, g->help);
	for (size_t i = 0; i < ns.n; i++) {
		print_call(ns.v[i]);
		free(ns.v[i]);
	}
	free(ns.v);
	return 0;
}

int pd_cmd_syscalls(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		pd_warnx("syscalls: unknown option: %s", argv[1]);
		usage(stderr);
		return PD_EXIT_ERROR;
	}
	if (argc <= 1) {
		size_t n;
		const struct pd_syscall_group *g = pd_syscall_groups(&n);
		for (size_t i = 0; i < n; i++)
			printf("%-16s %s\n", g[i].name, g[i].help);
		return 0;
	}
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		int r = show(argv[i]);
		if (r)
			rc = r;
	}
	return rc;
}
