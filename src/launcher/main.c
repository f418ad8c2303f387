/*
 * main.c - paddock's entry point: global options and the subcommand table.
 * Each subcommand lives in cmd_<name>.c (see cmd.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/cmd.h"

#ifndef PD_VERSION
#define PD_VERSION "unknown"
#endif

static const struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} subcommands[] = {
    {"run", pd_cmd_run, "run a command under limits and report on it"},
    {"profiles", pd_cmd_profiles, "list the profiles --profile NAME can find"},
    {"show", pd_cmd_show, "print the resolved settings and where each came from"},
    {"check", pd_cmd_check, "validate profile files without running anything"},
    {"syscalls", pd_cmd_syscalls, "list system call groups, or a group's members"},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: paddock COMMAND [OPTIONS] [ARGS]\n\n"
		   "A sandboxed runner with resource limits and an exact report.\n\n"
		   "commands:\n");
	for (const struct subcommand *s = subcommands; s->name; s++)
		fprintf(f, "  %-10s %s\n", s->name, s->summary);
	fprintf(f, "\noptions:\n"
		   "  -h, --help     show this help\n"
		   "  --version      show the version\n\n"
		   "`paddock COMMAND --help` describes a command. See paddock(1).\n");
}

/* fds 0-2 must be open, or paddock's own fds would land on them and the
 * command would inherit them as stdio. Three fcntl calls. */
static void ensure_stdio(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (n >= 0 && n != fd)
			close(n);
	}
}

int main(int argc, char **argv)
{
	ensure_stdio();
	if (argc < 2) {
		usage(stderr);
		return PD_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("paddock %s\n", PD_VERSION);
		return 0;
	}
	for (const struct subcommand *s = subcommands; s->name; s++)
		if (!strcmp(argv[1], s->name))
			return s->fn(argc - 1, argv + 1);
	pd_warnx("unknown command '%s' (try 'paddock --help')", argv[1]);
	return PD_EXIT_ERROR;
}
