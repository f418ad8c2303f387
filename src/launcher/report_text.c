/*
 * report_text.c - the human report on stderr: aligned label/value lines,
 * verdict first, then time, then memory, then the rest.
 */
#include <string.h>
#include <time.h>

#include "common/parse.h"
#include "launcher/budget.h"
#include "launcher/report.h"
#include "launcher/report_gc.h"
#include "launcher/report_sandbox.h"

#define LABEL "  %-12s "

const char *pd_report_seconds(double s, char *buf, unsigned n)
{
	snprintf(buf, n, "%.3f s", s);
	return buf;
}

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

/* The command, shell-quoted when needed, shortened to fit a line. */
static void print_command(const struct pd_result *r, FILE *f)
{
	char line[160];
	size_t len = 0;
	for (size_t i = 0; r->argv && r->argv[i] && len < sizeof(line) - 8; i++) {
		const char *a = r->argv[i];
		int plain = *a != '\0';
		for (const char *p = a; *p; p++)
			if (!(*p == '/' || *p == '.' || *p == '-' || *p == '_' || *p == '=' ||
			      *p == ':' || *p == ',' || (*p >= '0' && *p <= '9') ||
			      (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
				plain = 0;
		if (i)
			line[len++] = ' ';
		if (!plain)
			line[len++] = '\'';
		for (const char *p = a; *p && len < sizeof(line) - 6; p++) {
			unsigned char c = (unsigned char)*p;
			line[len++] = (c < 0x20 || c == 0x7f) ? '?' : *p == '\'' ? '"' : *p;
		}
		if (!plain)
			line[len++] = '\'';
	}
	line[len] = '\0';
	fprintf(f, LABEL "%s%s\n", "command", line, len >= sizeof(line) - 8 ? " ..." : "");
}

static void print_limits(const struct pd_result *r, FILE *f)
{
	char buf[512], a[32], b[32];
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < PD_RL_COUNT; i++) {
		const struct pd_rlimit_setting *s = &r->limits.rl[i];
		if (!s->set)
			continue;
		int bytes = !strcmp(pd_rl_unit((enum pd_rl)i), "bytes");
		if (bytes) {
			pd_fmt_size(s->soft, a, sizeof(a));
			pd_fmt_size(s->hard, b, sizeof(b));
		} else {
			snprintf(a, sizeof(a), "%llu", (unsigned long long)s->soft);
			snprintf(b, sizeof(b), "%llu", (unsigned long long)s->hard);
			if (s->soft == RLIM_INFINITY)
				snprintf(a, sizeof(a), "infinity");
			if (s->hard == RLIM_INFINITY)
				snprintf(b, sizeof(b), "infinity");
		}
		int w = s->soft == s->hard
			    ? snprintf(buf + len, sizeof(buf) - len, "%s%s=%s", len ? "  " : "",
				       pd_rl_name((enum pd_rl)i), a)
			    : snprintf(buf + len, sizeof(buf) - len, "%s%s=%s:%s", len ? "  " : "",
				       pd_rl_name((enum pd_rl)i), a, b);
		if (w > 0 && (size_t)w < sizeof(buf) - len)
			len += (size_t)w;
	}
	if (r->limits.runtime_max_usec) {
		int w =
		    snprintf(buf + len, sizeof(buf) - len, "%sRuntimeMaxSec=%s", len ? "  " : "",
			     pd_fmt_timespan(r->limits.runtime_max_usec, a, sizeof(a)));
		if (w > 0 && (size_t)w < sizeof(buf) - len)
			len += (size_t)w;
	}
	fprintf(f, LABEL "%s (page size %ld)\n", "limits", len ? buf : "none set, inherited",
		r->page_size);
}

void pd_report_text(const struct pd_result *r, FILE *f)
{
	char a[32], b[32], c[32];
	const struct rusage *ru = &r->ru;
	double user = tv_s(ru->ru_utime), sys = tv_s(ru->ru_stime);
	struct tm tm;
	char when[32];

	fprintf(f, "-- paddock report --\n");
	fprintf(f, LABEL "%s\n", "verdict", pd_verdict_name(r->verdict));
	if (r->note[0])
		fprintf(f, LABEL "%s\n", "note", r->note);
	if (r->verdict == PD_V_LAUNCH_ERROR)
		fprintf(f, LABEL "%s failed: %s\n", "launch", r->launch_what,
			strerror(r->launch_errno));
	else if (r->exited)
		fprintf(f, LABEL "exit code %d\n", "status", r->exit_code);
	else
		fprintf(f, LABEL "killed by signal %d (%s)%s\n", "status", r->signal,
			pd_signal_name(r->signal), r->core_dumped ? ", core dumped" : "");
	print_command(r, f);

	gmtime_r(&r->start_real.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, LABEL "%s (started %s)\n", "wall time", pd_report_seconds(r->wall_s, a, 32),
		when);
	fprintf(f, LABEL "user %s  system %s  total %s  (%.0f%%)\n", "cpu",
		pd_report_seconds(user, a, 32), pd_report_seconds(sys, b, 32),
		pd_report_seconds(user + sys, c, 32),
		r->wall_s > 0 ? 100.0 * (user + sys) / r->wall_s : 0.0);

	fprintf(f, LABEL "peak rss %s  vm %s  data %s  (tree-wide, sampled every %u ms)\n",
		"memory", pd_fmt_bytes(r->peak_rss, a, 32), pd_fmt_bytes(r->peak_vm, b, 32),
		pd_fmt_bytes(r->peak_data, c, 32), r->sample_interval_ms);
	fprintf(f, LABEL "%u seen, %u at once\n", "processes", r->processes_seen,
		r->peak_processes);
	fprintf(f, LABEL "read %s  written %s\n", "io", pd_fmt_bytes(r->read_bytes, a, 32),
		pd_fmt_bytes(r->write_bytes, b, 32));
	if (r->core_path[0])
		fprintf(f, LABEL "%s (%s)\n", "core file", r->core_path,
			pd_fmt_bytes((uint64_t)r->core_size, a, 32));
	print_limits(r, f);
	fprintf(f, LABEL "%s\n", "containment", r->containment ? r->containment : "none");

	fprintf(f,
		LABEL "utime %.6f s  stime %.6f s  maxrss %ld KiB  ixrss %ld KiB  idrss %ld KiB  "
		      "isrss %ld KiB\n",
		"rusage", user, sys, ru->ru_maxrss, ru->ru_ixrss, ru->ru_idrss, ru->ru_isrss);
	fprintf(f,
		LABEL
		"minflt %ld  majflt %ld  nswap %ld  inblock %ld  oublock %ld (512-byte blocks)\n",
		"", ru->ru_minflt, ru->ru_majflt, ru->ru_nswap, ru->ru_inblock, ru->ru_oublock);
	fprintf(f, LABEL "msgsnd %ld  msgrcv %ld  nsignals %ld  nvcsw %ld  nivcsw %ld\n", "",
		ru->ru_msgsnd, ru->ru_msgrcv, ru->ru_nsignals, ru->ru_nvcsw, ru->ru_nivcsw);
	/* Sections of other modules go here: violations, budgets, gc. */
	pd_report_sandbox_text(f, r, 12); /* report_sandbox.c */
	pd_budget_report_text(r, f);	  /* budget_eval.c */
	pd_report_gc_text(f, &r->gc, 12); /* report_gc.c */
	fflush(f);
}
