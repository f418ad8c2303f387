/*
 * report_meta.c - formats a finished pd_result as an isolate meta file
 * (isolate(1) "META-FILES"): time, time-wall, max-rss, csw-*, exitcode or
 * exitsig, killed, status, message; then "paddock-*" keys. Formats only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/budget.h"
#include "launcher/report_gc.h"
#include "launcher/report_meta.h"

/* Copy S into BUF as printable ASCII: a meta value must stay on its line and
 * judges parse it byte-wise, so anything else becomes '?'. */
static const char *sanitise(const char *s, char *buf, size_t n)
{
	size_t i = 0;

	for (; s && *s && i + 1 < n; s++)
		buf[i++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	buf[i] = '\0';
	return buf;
}

/* isolate prints times as "%d.%03d" (whole milliseconds). */
static void put_ms(FILE *out, const char *key, unsigned long long ms)
{
	fprintf(out, "%s:%llu.%03llu\n", key, ms / 1000, ms % 1000);
}

static unsigned long long tv_ms(struct timeval tv)
{
	return (unsigned long long)tv.tv_sec * 1000u + (unsigned long long)tv.tv_usec / 1000u;
}

/* The exit/exitsig/killed/status/message block, following isolate's
 * semantics: TO for time limits (killed), XX for the sandbox's own
 * failures, otherwise exitcode (RE when non-zero) or exitsig (SG). */
static void put_outcome(const struct pd_result *r, FILE *out)
{
	char msg[600];
	int killed = 0;

	switch (r->verdict) {
	case PD_V_WALL_TIMEOUT:
		fprintf(out, "killed:1\nstatus:TO\nmessage:Time limit exceeded (wall clock)\n");
		return;
	case PD_V_CPU_LIMIT:
		fprintf(out, "killed:1\nstatus:TO\nmessage:Time limit exceeded\n");
		return;
	case PD_V_LAUNCH_ERROR:
		snprintf(msg, sizeof(msg), "%s failed: %s",
			 r->launch_what[0] ? r->launch_what : "launch", strerror(r->launch_errno));
		fprintf(out, "status:XX\nmessage:%s\n", sanitise(msg, msg, sizeof(msg)));
		return;
	case PD_V_INTERRUPTED:
		fprintf(out, "status:XX\nmessage:Interrupted\n");
		return;
	case PD_V_RSS_LIMIT:
		/* what judges read from isolate's memory-cgroup kill */
		fprintf(out, "cg-oom-killed:1\n");
		killed = 1;
		break;
	case PD_V_SECCOMP_VIOLATION:
		killed = 1;
		break;
	default:
		break;
	}
	if (r->exited) {
		fprintf(out, "exitcode:%d\n", r->exit_code);
		if (killed)
			fprintf(out, "killed:1\n");
		if (r->exit_code != 0)
			fprintf(out, "status:RE\nmessage:Exited with error status %d\n",
				r->exit_code);
		return;
	}
	fprintf(out, "exitsig:%d\n", r->signal);
	if (killed)
		fprintf(out, "killed:1\n");
	if (r->verdict == PD_V_RSS_LIMIT)
		fprintf(out, "status:SG\nmessage:Memory limit exceeded (LimitRSS=)\n");
	else if (r->verdict == PD_V_SECCOMP_VIOLATION)
		fprintf(out, "status:SG\nmessage:Forbidden system call\n");
	else
		fprintf(out, "status:SG\nmessage:Caught fatal signal %d\n", r->signal);
}

static void put_paddock_keys(const struct pd_result *r, FILE *out)
{
	char buf[600];

	fprintf(out, "paddock-verdict:%s\n", pd_verdict_name(r->verdict));
	if (r->note[0])
		fprintf(out, "paddock-note:%s\n", sanitise(r->note, buf, sizeof(buf)));
	fprintf(out, "paddock-core-dumped:%d\n", r->core_dumped ? 1 : 0);
	fprintf(out, "paddock-peak-rss:%llu\n", (unsigned long long)r->peak_rss);
	fprintf(out, "paddock-peak-processes:%u\n", r->peak_processes);
	fprintf(out, "paddock-read-bytes:%llu\n", (unsigned long long)r->read_bytes);
	fprintf(out, "paddock-write-bytes:%llu\n", (unsigned long long)r->write_bytes);
	if (r->containment)
		fprintf(out, "paddock-containment:%s\n",
			sanitise(r->containment, buf, sizeof(buf)));
	for (size_t i = 0; i < r->n_violations; i++) {
		const struct pd_violation *v = &r->violations[i];

		fprintf(out, "paddock-violation-%s:%llu\n", sanitise(v->name, buf, 64),
			(unsigned long long)v->count);
	}
	pd_report_gc_meta(out, &r->gc, "paddock-"); /* report_gc.c: the gc section */
	fprintf(out, "paddock-budget-exceeded:%zu\n", r->n_budget_misses);
	for (size_t i = 0; i < r->n_budget_misses; i++) {
		const struct pd_budget_miss *m = &r->budget_misses[i];
		int secs = !strcmp(m->unit, "s");

		/* "paddock-budget-MaxRSS:157286400/104857600 bytes" (measured/budget) */
		fprintf(out,
			secs ? "paddock-budget-%s:%.3f/%.3f %s\n"
			     : "paddock-budget-%s:%.0f/%.0f %s\n",
			m->name, m->measured, m->budget, m->unit);
	}
}

int pd_report_meta(const struct pd_result *r, FILE *out)
{
	unsigned long long cpu_ms = tv_ms(r->ru.ru_utime) + tv_ms(r->ru.ru_stime);
	double wall = r->wall_s > 0 ? r->wall_s : 0;

	put_ms(out, "time", cpu_ms);
	put_ms(out, "time-wall", (unsigned long long)(wall * 1000.0 + 0.5));
	fprintf(out, "max-rss:%ld\n", r->ru.ru_maxrss);
	fprintf(out, "csw-voluntary:%ld\n", r->ru.ru_nvcsw);
	fprintf(out, "csw-forced:%ld\n", r->ru.ru_nivcsw);
	put_outcome(r, out);
	put_paddock_keys(r, out);
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}

int pd_report_meta_to(const struct pd_result *r, const char *path)
{
	FILE *f;
	int fd, rc;

	if (!path)
		return pd_report_meta(r, stderr) < 0 ? -errno : 0;
	if (!strcmp(path, "-"))
		return pd_report_meta(r, stdout) < 0 ? -errno : 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		return rc;
	}
	rc = pd_report_meta(r, f) < 0 ? -errno : 0;
	if (fclose(f) != 0 && rc == 0)
		rc = -errno;
	return rc;
}

FILE *pd_report_meta_open_or_die(const char *path)
{
	FILE *f;
	int fd;

	if (!path)
		return stderr;
	if (!strcmp(path, "-"))
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
		pd_err(PD_EXIT_ERROR, "MetaPath=: %s", path);
	return f;
}

int pd_report_meta_finish(const struct pd_result *r, FILE *f, const char *path)
{
	int rc = pd_report_meta(r, f);

	if (f != stdout && f != stderr && fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		pd_warn("MetaPath=: %s", path ? path : "(stderr)");
	return rc;
}
