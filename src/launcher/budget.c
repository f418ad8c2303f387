/*
 * budget.c - [Budget] and [Report] directives. Budgets are checked after
 * the run; they never stop the command. See docs/profiles.md.
 */
#include <stdlib.h>
#include <string.h>

#include "launcher/config.h"

void pd_budget_init(struct pd_budget *b)
{
	memset(b, 0, sizeof(*b));
	b->exit_code = 3;
}

void pd_report_opts_init(struct pd_report_opts *r)
{
	memset(r, 0, sizeof(*r));
	r->formats = PD_FMT_TEXT;
}

void pd_report_opts_free(struct pd_report_opts *r)
{
	free(r->json_path);
	free(r->meta_path);
	memset(r, 0, sizeof(*r));
}

const struct pd_directive pd_budget_directives[] = {
	{.name = NULL},
};
