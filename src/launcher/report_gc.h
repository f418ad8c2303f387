/*
 * report_gc.h - the `gc` section of every report format, and the two
 * verdicts that come from the stats page (memory-limit, stack-limit).
 * The formatters only format a finished struct pd_result (see
 * docs/report.md and docs/stats-page.md).
 */
#ifndef PD_REPORT_GC_H
#define PD_REPORT_GC_H

#include <stdio.h>

#include "launcher/result.h"

struct pd_json;

/*
 * Refine R->verdict from R->gc once the tree is reaped and the page read.
 * Only an `exit-nonzero` or `signaled` verdict is refined (a timeout, a
 * paddock kill or a seccomp kill stays what it was):
 *   - `stack-limit` when the page records a stack overflow and SIGSEGV
 *     killed the command;
 *   - `memory-limit` when libpgc recorded an allocation failure while
 *     LimitAS= or LimitDATA= was finite.
 * The evidence goes into R->note. Cannot fail.
 */
void pd_gc_verdict(struct pd_result *r);

/*
 * Text report: the `gc` section as "  LABEL VALUE" lines, LABEL padded to
 * WIDTH columns like the rest of the text report. Prints nothing when the command
 * never wrote the page; one line naming the reason when it was rejected.
 */
void pd_report_gc_text(FILE *f, const struct pd_gc_report *gc, int width);

/*
 * JSON report: the member "gc" of the top-level object, written through J:
 * null when the page was never written, {"valid": false, "invalid": "..."}
 * when it was rejected, else the full object documented in docs/report.md.
 * Valid JSON whatever the page held.
 */
void pd_report_gc_json(struct pd_json *j, const struct pd_gc_report *gc);

/*
 * Meta report: `PREFIXgc-...:value` lines (PREFIX is the meta format's own
 * key prefix, e.g. "x-paddock-"). Nothing when the page was never written.
 * Values are printable ASCII: never a newline or a control byte.
 */
void pd_report_gc_meta(FILE *f, const struct pd_gc_report *gc, const char *prefix);

#endif
