/*
 * budget.c - the [Budget] and [Report] directives. Budgets are checked after
 * the run (budget_eval.c); they never stop the command. See docs/profiles.md.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/parse.h"
#include "launcher/config.h"

void pd_budget_init(struct pd_budget *b)
{
	b->max_rss = b->cpu_time_usec = b->wall_time_usec = PD_BUDGET_NONE;
	b->max_processes = b->max_read_bytes = b->max_write_bytes = PD_BUDGET_NONE;
	b->max_heap = b->max_gc_pause_usec = PD_BUDGET_NONE;
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

unsigned pd_report_formats(const struct pd_report_opts *r)
{
	unsigned f = r->formats;

	if (r->json_path)
		f |= PD_FMT_JSON;
	if (r->meta_path)
		f |= PD_FMT_META;
	if (r->quiet)
		f &= ~(unsigned)PD_FMT_TEXT;
	return f;
}

/* --- [Budget] --- */

enum kind { BYTES, USEC, COUNT };

/*
 * An empty value or "infinity" removes the budget. A size, time span or
 * count otherwise, in the syntax of the Limit*= directives.
 */
static int set_budget(uint64_t *field, enum kind kind, const char *value, struct pd_diag *diag)
{
	const char *why = NULL;
	uint64_t v;
	int rc;

	if (!*value) {
		*field = PD_BUDGET_NONE;
		return 0;
	}
	if (kind == BYTES)
		rc = pd_parse_size(value, &v, &why);
	else if (kind == USEC)
		rc = pd_parse_timespan(value, &v, &why);
	else
		rc = pd_parse_count(value, &v, &why);
	if (rc < 0) {
		pd_diag_set(diag, "%s", why ? why : "invalid value");
		return -1;
	}
	*field = v == PD_INFINITY ? PD_BUDGET_NONE : v;
	return 0;
}

static void format_budget(uint64_t v, enum kind kind, struct pd_buf *out)
{
	char buf[64];

	if (v == PD_BUDGET_NONE)
		return; /* empty: no budget */
	if (kind == BYTES)
		pd_buf_puts(out, pd_fmt_size(v, buf, sizeof(buf)));
	else if (kind == USEC)
		pd_buf_puts(out, pd_fmt_timespan(v, buf, sizeof(buf)));
	else
		pd_buf_printf(out, "%llu", (unsigned long long)v);
}

/* One set/format pair per budget: the table needs plain function pointers. */
#define BUDGET_FNS(NAME, FIELD, KIND)                                                              \
	static int set_##NAME(struct pd_config *cfg, const char *v, struct pd_diag *d)             \
	{                                                                                          \
		return set_budget(&cfg->budget.FIELD, KIND, v, d);                                 \
	}                                                                                          \
	static void format_##NAME(const struct pd_config *cfg, struct pd_buf *out)                 \
	{                                                                                          \
		format_budget(cfg->budget.FIELD, KIND, out);                                       \
	}
BUDGET_FNS(MaxRSS, max_rss, BYTES)
BUDGET_FNS(CPUTime, cpu_time_usec, USEC)
BUDGET_FNS(WallTime, wall_time_usec, USEC)
BUDGET_FNS(MaxProcesses, max_processes, COUNT)
BUDGET_FNS(MaxReadBytes, max_read_bytes, BYTES)
BUDGET_FNS(MaxWriteBytes, max_write_bytes, BYTES)
BUDGET_FNS(MaxHeap, max_heap, BYTES)
BUDGET_FNS(MaxGCPause, max_gc_pause_usec, USEC)

static int set_exit_code(struct pd_config *cfg, const char *value, struct pd_diag *diag)
{
	const char *why = NULL;
	uint64_t v;

	if (!*value) {
		cfg->budget.exit_code = 3;
		return 0;
	}
	if (pd_parse_count(value, &v, &why) < 0 || v > 255) {
		pd_diag_set(diag, "%s", why ? why : "an exit status is 0 to 255");
		return -1;
	}
	cfg->budget.exit_code = (int)v;
	if (v >= 124 && v <= 127)
		pd_diag_warn(diag, "%llu also means a timeout or a paddock or exec error",
			     (unsigned long long)v);
	else if (v > 128)
		pd_diag_warn(diag, "%llu also means the command was killed by signal %llu",
			     (unsigned long long)v, (unsigned long long)v - 128);
	return 0;
}

static void format_exit_code(const struct pd_config *cfg, struct pd_buf *out)
{
	pd_buf_printf(out, "%d", cfg->budget.exit_code);
}

/* --- [Report] --- */

static const struct {
	const char *name;
	unsigned bit;
} format_names[] = {{"text", PD_FMT_TEXT}, {"json", PD_FMT_JSON}, {"meta", PD_FMT_META}};

/* Format=: a list of text, json and meta (blank- or comma-separated).
 * The first assignment replaces the default; later ones add; an empty one
 * restores the default. */
static int set_format(struct pd_config *cfg, const char *value, struct pd_diag *diag)
{
	unsigned add = 0;
	const char *p = value;

	if (!*value) {
		cfg->report.formats = PD_FMT_TEXT;
		cfg->report.formats_set = 0;
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, " \t,"), i;

		for (i = 0; n && i < sizeof(format_names) / sizeof(format_names[0]); i++)
			if (strlen(format_names[i].name) == n &&
			    !strncmp(format_names[i].name, p, n))
				break;
		if (n && i == sizeof(format_names) / sizeof(format_names[0])) {
			pd_diag_set(diag, "'%.*s': unknown format (text, json or meta)",
				    (int)(n > 40 ? 40 : n), p);
			return -1;
		}
		if (n)
			add |= format_names[i].bit;
		p += n;
		p += strspn(p, " \t,");
	}
	if (!add) {
		pd_diag_set(diag, "no format given (text, json or meta)");
		return -1;
	}
	cfg->report.formats = (cfg->report.formats_set ? cfg->report.formats : 0) | add;
	cfg->report.formats_set = 1;
	return 0;
}

static void format_format(const struct pd_config *cfg, struct pd_buf *out)
{
	const char *sep = "";

	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (cfg->report.formats & format_names[i].bit) {
			pd_buf_printf(out, "%s%s", sep, format_names[i].name);
			sep = " ";
		}
	}
}

static int set_path(char **field, const char *value, struct pd_diag *diag)
{
	if (strlen(value) >= 4096) {
		pd_diag_set(diag, "path longer than 4095 bytes");
		return -1;
	}
	free(*field);
	*field = *value ? pd_strdup_or_die(value) : NULL;
	return 0;
}

static int set_json_path(struct pd_config *cfg, const char *value, struct pd_diag *diag)
{
	return set_path(&cfg->report.json_path, value, diag);
}

static int set_meta_path(struct pd_config *cfg, const char *value, struct pd_diag *diag)
{
	return set_path(&cfg->report.meta_path, value, diag);
}

static void format_json_path(const struct pd_config *cfg, struct pd_buf *out)
{
	if (cfg->report.json_path)
		pd_buf_puts(out, cfg->report.json_path);
}

static void format_meta_path(const struct pd_config *cfg, struct pd_buf *out)
{
	if (cfg->report.meta_path)
		pd_buf_puts(out, cfg->report.meta_path);
}

#define BUDGET_ENTRY(NAME, help)                                                                   \
	{                                                                                          \
		"Budget", #NAME, 0, set_##NAME, format_##NAME, help                                \
	}

const struct pd_directive pd_budget_directives[] = {
    BUDGET_ENTRY(MaxRSS, "peak resident memory of the tree, bytes"),
    BUDGET_ENTRY(CPUTime, "user+system CPU time of the tree, time span"),
    BUDGET_ENTRY(WallTime, "wall-clock time, time span"),
    BUDGET_ENTRY(MaxProcesses, "peak number of processes at once"),
    BUDGET_ENTRY(MaxReadBytes, "bytes read from storage"),
    BUDGET_ENTRY(MaxWriteBytes, "bytes written to storage"),
    BUDGET_ENTRY(MaxHeap, "peak live heap of a libpgc workload, bytes"),
    BUDGET_ENTRY(MaxGCPause, "longest garbage-collection pause, time span"),
    {"Budget", "BudgetExitCode", 0, set_exit_code, format_exit_code,
     "exit status when the command succeeded but a budget was exceeded (default 3)"},
    {"Report", "Format", PD_DIR_LIST, set_format, format_format,
     "report formats: text, json, meta (a list)"},
    {"Report", "JSONPath", 0, set_json_path, format_json_path,
     "file for the JSON report (\"-\" = stdout)"},
    {"Report", "MetaPath", 0, set_meta_path, format_meta_path,
     "file for the isolate-compatible meta report (\"-\" = stdout)"},
    {.name = NULL},
};
