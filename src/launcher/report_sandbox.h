/*
 * report_sandbox.h - the sandbox section of the reports: denied system
 * calls (name, number, first pid, count, action) and the DynamicUser= uid.
 * Formats a finished struct pd_result only (see docs/report.md).
 */
#ifndef PD_REPORT_SANDBOX_H
#define PD_REPORT_SANDBOX_H

#include <stdio.h>

#include "launcher/result.h"

struct pd_json;

/* Text: a "seccomp" line per denied call and a "dynamic uid" line, labels
 * padded to WIDTH. Prints nothing when neither applies. */
void pd_report_sandbox_text(FILE *f, const struct pd_result *r, int width);

/* JSON: the members "violations" (an array, possibly empty) and
 * "dynamic_uid" (a number or null) of the top-level object. */
void pd_report_sandbox_json(struct pd_json *j, const struct pd_result *r);

#endif
