/*
 * cmd_show.c - `paddock show [--profile P] [-p K=V]...`: the fully resolved
 * settings, section by section in profile syntax, each with where its value
 * came from (FILE:LINE, -p, or the built-in default).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/cmd.h"
#include "launcher/config.h"
#include "launcher/profile.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: paddock show [--profile NAME|PATH] [-p DIRECTIVE=VALUE]...\n"
		     "Print every setting a run would use, and where each value came from.\n");
}

struct show {
	const struct pd_config *cfg;
	const char *section; /* the section being printed */
};

static const struct pd_origin *origin_of(const struct pd_config *cfg, const struct pd_directive *d)
{
	for (size_t i = 0; i < cfg->n_origins; i++)
		if (cfg->origins[i].dir == d)
			return &cfg->origins[i].origin;
	return NULL;
}

static void show_one(const struct pd_directive *d, void *arg)
{
	struct show *s = arg;
	const struct pd_origin *o;
	struct pd_buf val = {0};
	char where[512], line[8192];

	if (!d->section || strcmp(d->section, s->section) != 0)
		return;
	d->format(s->cfg, &val);
	o = origin_of(s->cfg, d);
	snprintf(line, sizeof(line), "%s=%s", d->name, val.s ? val.s : "");
	printf("%-44s # %s\n", line, o ? pd_origin_str(o, where, sizeof(where)) : "default");
	pd_buf_free(&val);
}

int pd_cmd_show(int argc, char **argv)
{
	static const char *const sections[] = {"Service", "Budget", "Report"};
	const char *profile = NULL;
	struct pd_config cfg;
	struct pd_diag diag;
	char **sets = pd_alloc_or_die(sizeof(char *) * (size_t)(argc + 1));
	size_t n_sets = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			free(sets);
			return 0;
		} else if (!strcmp(a, "--profile") && i + 1 < argc) {
			profile = argv[++i];
		} else if (!strncmp(a, "--profile=", 10)) {
			profile = a + 10;
		} else if (!strcmp(a, "-p") && i + 1 < argc) {
			sets[n_sets++] = argv[++i];
		} else if (!strncmp(a, "-p", 2) && a[2]) {
			sets[n_sets++] = argv[i] + 2;
		} else {
			pd_warnx("show: %s: %s", a,
				 a[0] == '-' ? "unknown option or missing value"
					     : "unexpected argument");
			usage(stderr);
			free(sets);
			return PD_EXIT_ERROR;
		}
	}
	pd_config_init(&cfg);
	pd_profile_apply_or_die(&cfg, profile);
	for (size_t i = 0; i < n_sets; i++) {
		if (pd_directive_apply_arg(&cfg, sets[i], &diag) < 0)
			pd_errx(PD_EXIT_ERROR, "%s", diag.msg);
		if (diag.warning)
			pd_warnx("%s", diag.msg);
	}
	free(sets);

	printf("# paddock show: profile %s\n", cfg.profile_name ? cfg.profile_name : "(none)");
	printf("[Profile]\n");
	if (cfg.profile_description)
		printf("Description=%s\n", cfg.profile_description);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		struct show s = {&cfg, sections[i]};

		printf("\n[%s]\n", sections[i]);
		pd_directive_foreach(show_one, &s);
	}
	pd_config_free(&cfg);
	return fflush(stdout) == 0 ? 0 : PD_EXIT_ERROR;
}
