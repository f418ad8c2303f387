/*
 * report_sandbox.c - the sandbox section of the text and JSON reports:
 * every denied system call with its number, the first pid that made it,
 * how often, and whether it ended the run. See docs/report.md.
 */
#include <inttypes.h>

#include "common/json.h"
#include "launcher/report_sandbox.h"

void pd_report_sandbox_text(FILE *f, const struct pd_result *r, int width)
{
	for (size_t i = 0; i < r->n_violations; i++) {
		const struct pd_violation *v = &r->violations[i];
		fprintf(f, "  %-*s %s (nr %d) by pid %d, %" PRIu64 " time%s, %s\n", width,
			i ? "" : "seccomp", v->name, v->nr, (int)v->pid, v->count,
			v->count == 1 ? "" : "s",
			v->killed ? "killed the command" : "denied with an error");
	}
	if (r->dynamic_uid >= 0)
		fprintf(f, "  %-*s %d (DynamicUser=yes)\n", width, "dynamic uid", r->dynamic_uid);
}

void pd_report_sandbox_json(struct pd_json *j, const struct pd_result *r)
{
	pd_json_array_begin(j, "violations");
	for (size_t i = 0; i < r->n_violations; i++) {
		const struct pd_violation *v = &r->violations[i];
		pd_json_object_begin(j, NULL);
		pd_json_string(j, "syscall", v->name);
		pd_json_int(j, "nr", v->nr);
		pd_json_int(j, "pid", v->pid);
		pd_json_uint(j, "count", v->count);
		pd_json_string(j, "action", v->killed ? "kill" : "errno");
		pd_json_object_end(j);
	}
	pd_json_array_end(j);
	if (r->dynamic_uid >= 0)
		pd_json_int(j, "dynamic_uid", r->dynamic_uid);
	else
		pd_json_null(j, "dynamic_uid");
}
