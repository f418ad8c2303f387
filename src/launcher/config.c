/*
 * config.c - lifecycle of struct pd_config: built-in defaults from each
 * module, then release of everything the directives allocated.
 */
#include <stdlib.h>
#include <string.h>

#include "launcher/config.h"

void pd_config_init(struct pd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	pd_limits_init(&cfg->limits);
	pd_sandbox_init(&cfg->sandbox);
	pd_budget_init(&cfg->budget);
	pd_report_opts_init(&cfg->report);
}

void pd_config_free(struct pd_config *cfg)
{
	pd_sandbox_free(&cfg->sandbox);
	pd_report_opts_free(&cfg->report);
	free(cfg->profile_name);
	free(cfg->profile_description);
	free(cfg->origins);
	memset(cfg, 0, sizeof(*cfg));
}
