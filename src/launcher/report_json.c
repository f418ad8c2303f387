/*
 * report_json.c - the JSON report (schema 1, docs/report.md). Every key is
 * always present; values that do not apply are null.
 */
#include <string.h>
#include <time.h>

#include "launcher/budget.h"
#include "launcher/report.h"
#include "launcher/report_gc.h"
#include "launcher/report_sandbox.h"

static double tv_s(struct timeval tv) { return (double)tv.tv_sec + (double)tv.tv_usec / 1e6; }

void pd_report_json_rusage(struct pd_json *j, const struct rusage *ru)
{
	pd_json_object_begin(j, "rusage");
	pd_json_double(j, "utime", tv_s(ru->ru_utime), 6);
	pd_json_double(j, "stime", tv_s(ru->ru_stime), 6);
	pd_json_int(j, "maxrss", ru->ru_maxrss);
	pd_json_int(j, "ixrss", ru->ru_ixrss);
	pd_json_int(j, "idrss", ru->ru_idrss);
	pd_json_int(j, "isrss", ru->ru_isrss);
	pd_json_int(j, "minflt", ru->ru_minflt);
	pd_json_int(j, "majflt", ru->ru_majflt);
	pd_json_int(j, "nswap", ru->ru_nswap);
	pd_json_int(j, "inblock", ru->ru_inblock);
	pd_json_int(j, "oublock", ru->ru_oublock);
	pd_json_int(j, "msgsnd", ru->ru_msgsnd);
	pd_json_int(j, "msgrcv", ru->ru_msgrcv);
	pd_json_int(j, "nsignals", ru->ru_nsignals);
	pd_json_int(j, "nvcsw", ru->ru_nvcsw);
	pd_json_int(j, "nivcsw", ru->ru_nivcsw);
	pd_json_object_end(j);
}

static void rlim_value(struct pd_json *j, const char *key, rlim_t v)
{
	if (v == RLIM_INFINITY)
		pd_json_string(j, key, "infinity");
	else
		pd_json_uint(j, key, (unsigned long long)v);
}

void pd_report_json_limits(struct pd_json *j, const struct pd_limits *l)
{
	pd_json_object_begin(j, "limits");
	for (int r = 0; r < PD_RL_COUNT; r++) {
		pd_json_object_begin(j, pd_rl_name((enum pd_rl)r));
		pd_json_bool(j, "set", l->rl[r].set);
		rlim_value(j, "soft", l->rl[r].soft);
		rlim_value(j, "hard", l->rl[r].hard);
		pd_json_string(j, "unit", pd_rl_unit((enum pd_rl)r));
		pd_json_object_end(j);
	}
	if (l->runtime_max_usec)
		pd_json_double(j, "RuntimeMaxSec", (double)l->runtime_max_usec / 1e6, 6);
	else
		pd_json_string(j, "RuntimeMaxSec", "infinity");
	pd_json_object_end(j);
}

static void start_time(struct pd_json *j, const struct timespec *ts)
{
	struct tm tm;
	char buf[64];
	gmtime_r(&ts->tv_sec, &tm);
	size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof(buf) - n, ".%06ldZ", ts->tv_nsec / 1000);
	pd_json_string(j, "start_time", buf);
}

int pd_report_json(const struct pd_result *r, FILE *f)
{
	struct pd_json j;
	double cpu = tv_s(r->ru.ru_utime) + tv_s(r->ru.ru_stime);
	int launched = r->verdict != PD_V_LAUNCH_ERROR;

	pd_json_init(&j, f, 1);
	pd_json_object_begin(&j, NULL);
	pd_json_int(&j, "schema", PD_REPORT_SCHEMA);
	pd_json_string(&j, "verdict", pd_verdict_name(r->verdict));
	pd_json_string(&j, "note", r->note[0] ? r->note : NULL);
	pd_json_int(&j, "exit_status", pd_result_exit_status(r));
	if (launched && r->exited)
		pd_json_int(&j, "exit_code", r->exit_code);
	else
		pd_json_null(&j, "exit_code");
	if (launched && !r->exited && r->signal) {
		pd_json_int(&j, "signal", r->signal);
		pd_json_string(&j, "signal_name", pd_signal_name(r->signal));
	} else {
		pd_json_null(&j, "signal");
		pd_json_null(&j, "signal_name");
	}
	pd_json_bool(&j, "core_dumped", r->core_dumped);
	if (r->core_path[0]) {
		pd_json_object_begin(&j, "core_file");
		pd_json_string(&j, "path", r->core_path);
		pd_json_int(&j, "size", r->core_size);
		pd_json_object_end(&j);
	} else {
		pd_json_null(&j, "core_file");
	}

	pd_json_array_begin(&j, "command");
	for (size_t i = 0; r->argv && r->argv[i]; i++)
		pd_json_string(&j, NULL, r->argv[i]);
	pd_json_array_end(&j);
	start_time(&j, &r->start_real);
	pd_json_double(&j, "wall_time_s", r->wall_s, 6);
	pd_json_object_begin(&j, "cpu");
	pd_json_double(&j, "user_s", tv_s(r->ru.ru_utime), 6);
	pd_json_double(&j, "system_s", tv_s(r->ru.ru_stime), 6);
	pd_json_double(&j, "total_s", cpu, 6);
	pd_json_double(&j, "percent", r->wall_s > 0 ? 100.0 * cpu / r->wall_s : 0.0, 1);
	pd_json_object_end(&j);
	pd_report_json_rusage(&j, &r->ru);

	pd_json_object_begin(&j, "memory");
	pd_json_uint(&j, "peak_rss_bytes", r->peak_rss);
	pd_json_uint(&j, "peak_vm_bytes", r->peak_vm);
	pd_json_uint(&j, "peak_data_bytes", r->peak_data);
	pd_json_uint(&j, "sample_interval_ms", r->sample_interval_ms);
	pd_json_object_end(&j);
	pd_json_object_begin(&j, "processes");
	pd_json_uint(&j, "seen", r->processes_seen);
	pd_json_uint(&j, "peak_concurrent", r->peak_processes);
	pd_json_object_end(&j);
	pd_json_object_begin(&j, "io");
	pd_json_uint(&j, "read_bytes", r->read_bytes);
	pd_json_uint(&j, "write_bytes", r->write_bytes);
	pd_json_object_end(&j);

	pd_report_json_limits(&j, &r->limits);
	pd_json_int(&j, "page_size", r->page_size);
	pd_json_string(&j, "containment", r->containment);
	if (r->verdict == PD_V_INTERRUPTED) {
		pd_json_int(&j, "interrupt_signal", r->interrupt_signal);
	} else {
		pd_json_null(&j, "interrupt_signal");
	}
	if (!launched) {
		pd_json_object_begin(&j, "launch_error");
		pd_json_string(&j, "step", r->launch_what);
		pd_json_int(&j, "errno", r->launch_errno);
		pd_json_string(&j, "message", strerror(r->launch_errno));
		pd_json_object_end(&j);
	} else {
		pd_json_null(&j, "launch_error");
	}
	/* Sections of other modules go here, one call each:
	 * sandbox (violations, dynamic_uid), budget misses, gc statistics. */
	pd_report_sandbox_json(&j, r); /* report_sandbox.c */
	pd_budget_report_json(r, &j);  /* budget_eval.c */
	pd_report_gc_json(&j, &r->gc); /* report_gc.c */
	pd_json_object_end(&j);
	return pd_json_finish(&j);
}
