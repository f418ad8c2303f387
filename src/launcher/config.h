/*
 * config.h - everything one run is told to do: the resolved profile plus
 * the -p directives plus the command line. Built before fork(); never
 * touched by the child except through the plans prepared from it.
 */
#ifndef PD_CONFIG_H
#define PD_CONFIG_H

#include "launcher/budget.h"
#include "launcher/directive.h"
#include "launcher/limits.h"
#include "launcher/sandbox.h"

/* Latest origin of each directive, for `paddock show`. */
struct pd_origin_entry {
	const struct pd_directive *dir;
	struct pd_origin origin;
};

struct pd_config {
	struct pd_limits limits;
	struct pd_sandbox sandbox;
	struct pd_budget budget;
	struct pd_report_opts report;

	unsigned trace_alloc_frames; /* --trace-alloc[=N]; 0 = off */

	char *profile_name;	   /* as given to --profile, or "default" */
	char *profile_description; /* [Profile] Description= */

	struct pd_origin_entry *origins;
	size_t n_origins;
};

/* Initialise CFG with paddock's built-in defaults (before any profile). */
void pd_config_init(struct pd_config *cfg);
void pd_config_free(struct pd_config *cfg);

/* Per-module defaults and cleanup, called by pd_config_init/free. */
void pd_limits_init(struct pd_limits *l);
void pd_sandbox_init(struct pd_sandbox *s);
void pd_sandbox_free(struct pd_sandbox *s);
void pd_budget_init(struct pd_budget *b);
void pd_report_opts_init(struct pd_report_opts *r);
void pd_report_opts_free(struct pd_report_opts *r);

#endif
