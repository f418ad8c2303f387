/*
 * cmd_check.c - `paddock check FILE...`: validate profiles without running
 * anything, reporting every error (not just the first) as FILE:LINE: message.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "launcher/cmd.h"
#include "launcher/config.h"
#include "launcher/profile.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: paddock check FILE|NAME...\n"
		     "Validate profiles without running anything. Every error is printed as\n"
		     "FILE:LINE: message; the exit status is 125 when any profile has one.\n");
}

/* Check one profile in a fresh config; returns its number of errors. */
static int check_one(const char *arg)
{
	struct pd_profile *p = pd_profile_new();
	struct pd_config cfg;
	struct stat st;
	int errors;

	pd_config_init(&cfg);
	/* An existing file is checked as a file even when spelled like a NAME
	 * ("check Makefile-profile"); a directory is not ("check build" in a
	 * source tree means the built-in). */
	if (pd_profile_spec_is_path(arg) || (stat(arg, &st) == 0 && !S_ISDIR(st.st_mode)))
		errors = pd_profile_load_path(p, &cfg, arg);
	else
		errors = pd_profile_load(p, &cfg, arg);
	pd_profile_print_diags(p, stderr);
	if (!errors)
		printf("%s: ok\n", arg);
	pd_config_free(&cfg);
	pd_profile_free(p);
	return errors;
}

int pd_cmd_check(int argc, char **argv)
{
	int i = 1, bad = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--"))
		i++;
	else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		pd_warnx("check: %s: unknown option", argv[1]);
		usage(stderr);
		return PD_EXIT_ERROR;
	}
	if (i >= argc) {
		usage(stderr);
		return PD_EXIT_ERROR;
	}
	for (; i < argc; i++)
		bad += check_one(argv[i]) > 0;
	fflush(stdout);
	return bad ? PD_EXIT_ERROR : 0;
}
