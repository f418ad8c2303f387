/*
 * cmd_run.c - `paddock run [OPTIONS] [--] COMMAND [ARG...]`: options (one
 * table: add a row to add an option), settings, the run, the reports and
 * the exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/cmd.h"
#include "launcher/config.h"
#include "launcher/profile.h"
#include "launcher/report.h"
#include "launcher/report_meta.h"
#include "launcher/run.h"

#ifndef PD_VERSION
#define PD_VERSION "unknown"
#endif

struct run_opts {
	struct pd_config *cfg;
	const char **props; /* -p values, applied after the profile, in order */
	size_t n_props;
	enum pd_contain_kind containment;
	int help, version;
	const char *profile;  /* --profile NAME|PATH; NULL: the built-in default */
	const char *json_arg; /* --json FILE, applied after the profile's JSONPath= */
};

enum arg_kind { NO_ARG, REQUIRED_ARG, OPTIONAL_ARG };

struct run_option {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0: none */
	enum arg_kind arg;
	/* Returns 0, or -1 after printing an error (exit 125). ARG may be NULL
	 * for OPTIONAL_ARG. */
	int (*apply)(struct run_opts *o, const char *arg);
	const char *metavar;
	const char *help;
};

static int opt_property(struct run_opts *o, const char *arg)
{
	o->props = pd_realloc_or_die(o->props, (o->n_props + 1) * sizeof(*o->props));
	o->props[o->n_props++] = arg;
	return 0;
}

static int opt_json(struct run_opts *o, const char *arg)
{
	o->json_arg = arg;
	return 0;
}

static int opt_profile(struct run_opts *o, const char *arg)
{
	o->profile = arg;
	return 0;
}

static int opt_quiet(struct run_opts *o, const char *arg)
{
	o->cfg->report.quiet = 1;
	return 0;
}

static int opt_containment(struct run_opts *o, const char *arg)
{
	if (pd_contain_parse(arg, &o->containment) < 0) {
		pd_warnx("--containment: %s: unknown mechanism (use auto, cgroup-kill, "
			 "pid-namespace or subreaper)",
			 arg);
		return -1;
	}
	return 0;
}

/* --trace-alloc[=N]: PGC_TRACEMALLOC=N for a libpgc workload (report_gc.c
 * shows its top allocation sites). N is 1..64, PGC_TRACEMALLOC_MAX_NFRAME. */
static int opt_trace_alloc(struct run_opts *o, const char *arg)
{
	char *end;
	long n = 1;
	if (arg) {
		errno = 0;
		n = (arg[0] >= '0' && arg[0] <= '9') ? strtol(arg, &end, 10) : -1;
		if (n < 1 || n > 64 || errno || *end) {
			pd_warnx("--trace-alloc: '%s': not a frame count from 1 to 64", arg);
			return -1;
		}
	}
	o->cfg->trace_alloc_frames = (unsigned)n;
	return 0;
}

static int opt_help(struct run_opts *o, const char *arg)
{
	o->help = 1;
	return 0;
}

static int opt_version(struct run_opts *o, const char *arg)
{
	o->version = 1;
	return 0;
}

static const struct run_option run_options[] = {
    {"property", 'p', REQUIRED_ARG, opt_property, "DIRECTIVE=VALUE",
     "apply a setting, e.g. -p LimitAS=1G -p RuntimeMaxSec=30s (repeatable)"},
    {"profile", 0, REQUIRED_ARG, opt_profile, "NAME|PATH",
     "load a profile (default: the built-in 'default'); see 'paddock profiles'"},
    {"json", 0, REQUIRED_ARG, opt_json, "FILE", "write the JSON report to FILE ('-': stdout)"},
    {"quiet", 'q', NO_ARG, opt_quiet, NULL, "do not print the human report on stderr"},
    {"trace-alloc", 0, OPTIONAL_ARG, opt_trace_alloc, "N",
     "trace libpgc allocations with N frames (default 1): top sites in the report"},
    {"containment", 0, REQUIRED_ARG, opt_containment, "MECH",
     "auto (default), cgroup-kill, pid-namespace or subreaper"},
    {"help", 'h', NO_ARG, opt_help, NULL, "show this help"},
    {"version", 0, NO_ARG, opt_version, NULL, "show the version"},
    {NULL, 0, NO_ARG, NULL, NULL, NULL},
};

/* One section of the help: TITLE, then each directive of TABLE with its
 * one-line help (a directive without one prints its name alone). */
static void print_directives(FILE *f, const char *title, const struct pd_directive *table)
{
	fprintf(f, "\n%s:\n", title);
	for (const struct pd_directive *d = table; d->name; d++)
		fprintf(f, "  %-23s %s\n", d->name, d->help ? d->help : "");
}

static void usage(FILE *f)
{
	fprintf(f, "usage: paddock run [OPTIONS] [--] COMMAND [ARG...]\n\n"
		   "Run COMMAND under limits, kill every descendant when it ends, and report.\n\n"
		   "options:\n");
	for (const struct run_option *o = run_options; o->name; o++) {
		char left[64];
		const char *mv = o->metavar ? o->metavar : "";
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
				 o->arg == NO_ARG ? "" : " ", mv);
		else
			snprintf(left, sizeof(left), "    --%s%s%s%s", o->name,
				 o->arg == OPTIONAL_ARG ? "[="
				 : o->arg == NO_ARG	? ""
							: " ",
				 mv, o->arg == OPTIONAL_ARG ? "]" : "");
		fprintf(f, "  %-30s %s\n", left, o->help);
	}
	print_directives(f, "directives (-p NAME=VALUE, systemd.exec(5) syntax)",
			 pd_limit_directives);
	print_directives(f, "sandbox (docs/security.md)", pd_sandbox_directives);
	print_directives(
	    f, "budgets and reports (-p or a profile's [Budget]/[Report]; docs/profiles.md)",
	    pd_budget_directives);
	fprintf(f, "\nexit status: the command's; 128+N if signal N killed it; 124 wall-timeout;\n"
		   "125 paddock's own error; 126 not executable; 127 not found;\n"
		   "3 (BudgetExitCode=) the command succeeded but a budget was exceeded. See "
		   "paddock(1).\n");
}

/* Parse options up to the command. Returns the index of COMMAND in ARGV,
 * or -1 after printing an error. */
static int parse_options(struct run_opts *o, int argc, char **argv)
{
	int i = 1;
	while (i < argc) {
		const char *a = argv[i];
		const struct run_option *opt = NULL;
		const char *val = NULL;

		if (!strcmp(a, "--"))
			return i + 1;
		if (a[0] != '-' || !a[1])
			return i;
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (const struct run_option *p = run_options; p->name; p++)
				if (strlen(p->name) == n && !strncmp(p->name, a + 2, n))
					opt = p;
			if (!opt) {
				pd_warnx("unknown option '%s' (try 'paddock run --help')", a);
				return -1;
			}
			if (eq) {
				if (opt->arg == NO_ARG) {
					pd_warnx("option '--%s' takes no value", opt->name);
					return -1;
				}
				val = eq + 1;
			}
		} else {
			for (const struct run_option *p = run_options; p->name; p++)
				if (p->short_name == a[1])
					opt = p;
			if (!opt) {
				pd_warnx("unknown option '%s' (try 'paddock run --help')", a);
				return -1;
			}
			if (a[2]) {
				if (opt->arg == NO_ARG) {
					pd_warnx("option '-%c' takes no value", opt->short_name);
					return -1;
				}
				val = a + 2;
			}
		}
		i++;
		if (!val && opt->arg == REQUIRED_ARG) {
			if (i >= argc) {
				pd_warnx("option '%s' needs a value", a);
				return -1;
			}
			val = argv[i++];
		}
		if (opt->apply(o, val) < 0)
			return -1;
	}
	return i;
}

static FILE *open_json_or_die(const char *path)
{
	if (!strcmp(path, "-"))
		return stdout;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
		pd_err(PD_EXIT_ERROR, "--json: %s", path);
	return f;
}

static void print_launch_error(const struct pd_result *res)
{
	if (res->verdict != PD_V_LAUNCH_ERROR)
		return;
	if (!strcmp(res->launch_what, "execve"))
		pd_warnx("cannot execute '%s': %s", res->argv[0], strerror(res->launch_errno));
	else
		pd_warnx("cannot start '%s': %s: %s", res->argv[0], res->launch_what,
			 strerror(res->launch_errno));
}

int pd_cmd_run(int argc, char **argv)
{
	struct pd_config cfg;
	struct run_opts o = {.cfg = &cfg, .containment = PD_CONTAIN_AUTO};
	struct pd_result res;
	struct pd_diag diag;
	FILE *json = NULL;

	int status = PD_EXIT_ERROR;

	pd_config_init(&cfg);
	int cmd = parse_options(&o, argc, argv);
	if (cmd < 0)
		goto out;
	if (o.help || o.version) {
		if (o.help)
			usage(stdout);
		else
			printf("paddock %s\n", PD_VERSION);
		status = 0;
		goto out;
	}
	if (cmd >= argc) {
		pd_warnx(
		    "run: no command given (usage: paddock run [OPTIONS] [--] COMMAND [ARG...])");
		goto out;
	}

	/* The profile (--profile, else the built-in default), then --json and
	 * the -p settings, which override it. */
	pd_profile_apply_or_die(&cfg, o.profile);
	if (o.json_arg) {
		free(cfg.report.json_path);
		cfg.report.json_path = pd_strdup_or_die(o.json_arg);
	}
	for (size_t i = 0; i < o.n_props; i++) {
		if (pd_directive_apply_arg(&cfg, o.props[i], &diag) < 0)
			pd_errx(PD_EXIT_ERROR, "%s", diag.msg);
		if (diag.warning)
			pd_warnx("%s", diag.msg);
	}
	free(o.props);
	o.props = NULL;
	unsigned formats = pd_report_formats(&cfg.report);
	if (formats & PD_FMT_JSON)
		json = cfg.report.json_path ? open_json_or_die(cfg.report.json_path) : stderr;
	FILE *meta =
	    formats & PD_FMT_META ? pd_report_meta_open_or_die(cfg.report.meta_path) : NULL;

	memset(&res, 0, sizeof(res));
	if (pd_run_execute(&cfg, argv + cmd, o.containment, &res) < 0)
		goto out;

	pd_budget_evaluate(&cfg.budget, &res); /* before the status: BudgetExitCode= */
	status = pd_result_exit_status(&res);
	print_launch_error(&res);
	if (formats & PD_FMT_TEXT)
		pd_report_text(&res, stderr);
	if (json) {
		if (pd_report_json(&res, json) < 0 ||
		    (json != stdout && json != stderr && fclose(json) != 0)) {
			pd_warn("--json: %s", cfg.report.json_path);
			status = PD_EXIT_ERROR;
		}
	}
	if (meta && pd_report_meta_finish(&res, meta, cfg.report.meta_path) < 0)
		status = PD_EXIT_ERROR;
	pd_budget_annotate(&res, stdout);
	pd_budget_misses_free(&res);
	free(res.violations); /* seccomp_notify.c hands them over */
out:
	free(o.props);
	pd_config_free(&cfg);
	return status;
}
