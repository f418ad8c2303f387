/*
 * report_gc.c - the `gc` section of the text, JSON and meta reports, and the
 * verdicts that rest on the stats page. Input is a validated struct
 * pd_gc_report (stats_read.c): file names are printable ASCII already, and
 * the JSON writer escapes every string anyway. See docs/report.md.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/parse.h"
#include "launcher/report_gc.h"

static const char *human_ns(uint64_t ns, char *buf, size_t n)
{
	if (ns < 1000)
		snprintf(buf, n, "%" PRIu64 " ns", ns);
	else if (ns < 1000000)
		snprintf(buf, n, "%.1f us", (double)ns / 1e3);
	else if (ns < UINT64_C(1000000000))
		snprintf(buf, n, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, n, "%.2f s", (double)ns / 1e9);
	return buf;
}

/* The memory rlimit in force that can explain an allocation failure. */
static const char *memory_limit_named(const struct pd_result *r, char *buf, size_t n)
{
	static const enum pd_rl which[] = {PD_RL_AS, PD_RL_DATA};
	for (size_t i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		const struct pd_rlimit_setting *s = &r->limits.rl[which[i]];
		char v[32];
		if (s->set && s->soft != RLIM_INFINITY) {
			snprintf(buf, n, "Limit%s=%s", i == 0 ? "AS" : "DATA",
				 pd_fmt_size(s->soft, v, sizeof(v)));
			return buf;
		}
	}
	return NULL;
}

/* Put the page's evidence first in R->note, keeping what the launcher's
 * own verdict logic noted after it. */
static void set_note(struct pd_result *r, const char *evidence)
{
	char old[sizeof(r->note)];
	const size_t cap = sizeof(r->note) - 1;
	size_t pos = strnlen(evidence, cap);

	memcpy(old, r->note, sizeof(old));
	old[cap] = '\0';
	memcpy(r->note, evidence, pos);
	if (old[0] && pos + 2 < cap) {
		size_t n = strlen(old);
		memcpy(r->note + pos, "; ", 2);
		pos += 2;
		if (n > cap - pos)
			n = cap - pos; /* truncated: the evidence, first, survives */
		memcpy(r->note + pos, old, n);
		pos += n;
	}
	r->note[pos] = '\0';
}

void pd_gc_verdict(struct pd_result *r)
{
	const struct pd_gc_report *gc = &r->gc;
	char lim[64], ev[256], v[32];

	if (!gc->present)
		return;
	if (r->verdict != PD_V_EXIT_NONZERO && r->verdict != PD_V_SIGNALED)
		return;
	if (gc->stack_overflow && !r->exited && r->signal == SIGSEGV) {
		r->verdict = PD_V_STACK_LIMIT;
		if (r->limits.rl[PD_RL_STACK].set)
			snprintf(ev, sizeof(ev),
				 "libpgc recorded a stack overflow (SIGSEGV on the guard page) "
				 "with LimitSTACK=%s",
				 pd_fmt_size(r->limits.rl[PD_RL_STACK].soft, v, sizeof(v)));
		else
			snprintf(ev, sizeof(ev),
				 "libpgc recorded a stack overflow (SIGSEGV on the guard page)");
		set_note(r, ev);
		return;
	}
	if (gc->alloc_failures > 0 && memory_limit_named(r, lim, sizeof(lim))) {
		r->verdict = PD_V_MEMORY_LIMIT;
		snprintf(ev, sizeof(ev),
			 "libpgc recorded %" PRIu64 " failed allocation%s, last of %" PRIu64
			 " bytes, with %s",
			 gc->alloc_failures, gc->alloc_failures == 1 ? "" : "s", gc->failed_size,
			 lim);
		set_note(r, ev);
	}
}

/* ---- text ---- */

static void line(FILE *f, int width, const char *label, const char *value)
{
	fprintf(f, "  %-*s %s\n", width, label, value);
}

void pd_report_gc_text(FILE *f, const struct pd_gc_report *gc, int width)
{
	char v[256], a[32], b[32];

	if (gc->invalid[0]) {
		/* The reason is built from our own format strings and numbers
		 * only, never from page strings. */
		snprintf(v, sizeof(v), "stats page rejected: %s", gc->invalid);
		line(f, width, "gc", v);
		return;
	}
	if (!gc->present)
		return;
	snprintf(v, sizeof(v), "libpgc pid %" PRId32 ", collector %s%s%s", gc->writer_pid,
		 gc->enabled ? "enabled" : "disabled", gc->tracing ? ", tracing" : "",
		 gc->torn ? ", snapshot torn (writer died mid-update)" : "");
	line(f, width, "gc", v);
	snprintf(v, sizeof(v), "%" PRIu64 " objects, %s (peak %s)", gc->live_objects,
		 pd_fmt_bytes(gc->live_bytes, a, sizeof(a)),
		 pd_fmt_bytes(gc->peak_bytes, b, sizeof(b)));
	line(f, width, "gc live", v);
	for (unsigned g = 0; g < 3; g++) {
		char label[16];
		snprintf(label, sizeof(label), "gc gen%u", g);
		snprintf(v, sizeof(v),
			 "%" PRIu64 " collections, %" PRIu64 " collected, %" PRIu64
			 " uncollectable, count %" PRId64,
			 gc->gen[g].collections, gc->gen[g].collected, gc->gen[g].uncollectable,
			 gc->gen[g].count);
		line(f, width, label, v);
	}
	snprintf(v, sizeof(v), "%s total, %s longest", human_ns(gc->pause_total_ns, a, sizeof(a)),
		 human_ns(gc->pause_max_ns, b, sizeof(b)));
	line(f, width, "gc pauses", v);
	if (gc->alloc_failures) {
		snprintf(v, sizeof(v), "%" PRIu64 " failed allocation%s, last of %" PRIu64 " bytes",
			 gc->alloc_failures, gc->alloc_failures == 1 ? "" : "s", gc->failed_size);
		line(f, width, "gc failures", v);
	}
	if (gc->stack_overflow)
		line(f, width, "gc stack", "overflow recorded (SIGSEGV on the guard page)");
	for (unsigned i = 0; i < gc->nsites && i < PD_GC_NSITES; i++) {
		snprintf(v, sizeof(v), "%s:%" PRIu32 ": %s in %" PRIu64 " blocks",
			 gc->sites[i].file, gc->sites[i].line,
			 pd_fmt_bytes(gc->sites[i].size, a, sizeof(a)), gc->sites[i].count);
		line(f, width, i == 0 ? "gc top sites" : "", v);
	}
}

/* ---- JSON ---- */

void pd_report_gc_json(struct pd_json *j, const struct pd_gc_report *gc)
{
	if (gc->invalid[0]) {
		pd_json_object_begin(j, "gc");
		pd_json_bool(j, "valid", 0);
		pd_json_string(j, "invalid", gc->invalid);
		pd_json_object_end(j);
		return;
	}
	if (!gc->present) {
		pd_json_null(j, "gc");
		return;
	}
	pd_json_object_begin(j, "gc");
	pd_json_bool(j, "valid", 1);
	pd_json_bool(j, "consistent", !gc->torn);
	pd_json_int(j, "writer_pid", gc->writer_pid);
	pd_json_bool(j, "enabled", gc->enabled);
	pd_json_bool(j, "tracing", gc->tracing);
	pd_json_bool(j, "exited", gc->exited);
	pd_json_uint(j, "live_objects", gc->live_objects);
	pd_json_uint(j, "live_bytes", gc->live_bytes);
	pd_json_uint(j, "peak_bytes", gc->peak_bytes);
	pd_json_array_begin(j, "generations");
	for (unsigned g = 0; g < 3; g++) {
		pd_json_object_begin(j, NULL);
		pd_json_int(j, "count", gc->gen[g].count);
		pd_json_uint(j, "collections", gc->gen[g].collections);
		pd_json_uint(j, "collected", gc->gen[g].collected);
		pd_json_uint(j, "uncollectable", gc->gen[g].uncollectable);
		pd_json_object_end(j);
	}
	pd_json_array_end(j);
	pd_json_uint(j, "pause_total_ns", gc->pause_total_ns);
	pd_json_uint(j, "pause_max_ns", gc->pause_max_ns);
	pd_json_uint(j, "alloc_failures", gc->alloc_failures);
	pd_json_uint(j, "failed_size", gc->failed_size);
	pd_json_bool(j, "stack_overflow", gc->stack_overflow);
	pd_json_array_begin(j, "top_sites");
	for (unsigned i = 0; i < gc->nsites && i < PD_GC_NSITES; i++) {
		pd_json_object_begin(j, NULL);
		pd_json_string(j, "file", gc->sites[i].file);
		pd_json_uint(j, "line", gc->sites[i].line);
		pd_json_uint(j, "size", gc->sites[i].size);
		pd_json_uint(j, "count", gc->sites[i].count);
		pd_json_object_end(j);
	}
	pd_json_array_end(j);
	pd_json_object_end(j);
}

/* ---- meta ---- */

void pd_report_gc_meta(FILE *f, const struct pd_gc_report *gc, const char *prefix)
{
	if (gc->invalid[0]) {
		/* invalid[] holds only our own text; drop anything that could
		 * break a key:value line all the same. */
		char v[sizeof(gc->invalid)];
		size_t k = 0;
		for (const char *p = gc->invalid; *p && k + 1 < sizeof(v); p++)
			v[k++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
		v[k] = '\0';
		fprintf(f, "%sgc-invalid:%s\n", prefix, v);
		return;
	}
	if (!gc->present)
		return;
	fprintf(f, "%sgc-enabled:%d\n", prefix, gc->enabled);
	fprintf(f, "%sgc-consistent:%d\n", prefix, !gc->torn);
	fprintf(f, "%sgc-live-objects:%" PRIu64 "\n", prefix, gc->live_objects);
	fprintf(f, "%sgc-live-bytes:%" PRIu64 "\n", prefix, gc->live_bytes);
	fprintf(f, "%sgc-peak-bytes:%" PRIu64 "\n", prefix, gc->peak_bytes);
	for (unsigned g = 0; g < 3; g++) {
		fprintf(f, "%sgc-gen%u-collections:%" PRIu64 "\n", prefix, g,
			gc->gen[g].collections);
		fprintf(f, "%sgc-gen%u-collected:%" PRIu64 "\n", prefix, g, gc->gen[g].collected);
		fprintf(f, "%sgc-gen%u-uncollectable:%" PRIu64 "\n", prefix, g,
			gc->gen[g].uncollectable);
	}
	fprintf(f, "%sgc-pause-total:%.6f\n", prefix, (double)gc->pause_total_ns / 1e9);
	fprintf(f, "%sgc-pause-max:%.6f\n", prefix, (double)gc->pause_max_ns / 1e9);
	fprintf(f, "%sgc-alloc-failures:%" PRIu64 "\n", prefix, gc->alloc_failures);
	fprintf(f, "%sgc-failed-size:%" PRIu64 "\n", prefix, gc->failed_size);
	fprintf(f, "%sgc-stack-overflow:%d\n", prefix, gc->stack_overflow);
	for (unsigned i = 0; i < gc->nsites && i < PD_GC_NSITES; i++)
		fprintf(f, "%sgc-site%u:%s:%" PRIu32 " %" PRIu64 " %" PRIu64 "\n", prefix, i,
			gc->sites[i].file, gc->sites[i].line, gc->sites[i].size,
			gc->sites[i].count);
}
