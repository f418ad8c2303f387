/*
 * report.h - formatting a finished struct pd_result. Formatters never wait,
 * sample or decide. The JSON schema is documented in docs/report.md.
 */
#ifndef PD_REPORT_H
#define PD_REPORT_H

#include <stdio.h>

#include "common/json.h"
#include "launcher/result.h"

#define PD_REPORT_SCHEMA 1

/* The human report (stderr): verdict first, then time, memory, the rest. */
void pd_report_text(const struct pd_result *r, FILE *f);

/* The JSON report, schema PD_REPORT_SCHEMA. Returns 0, or -1 on a write
 * error (errno set). */
int pd_report_json(const struct pd_result *r, FILE *f);

/* The sections of the JSON report, for modules that add their own
 * ("violations", "budget", "gc"): each writes one member of the top-level
 * object. */
void pd_report_json_rusage(struct pd_json *j, const struct rusage *ru);
void pd_report_json_limits(struct pd_json *j, const struct pd_limits *l);

/* Format a time in seconds with 3 decimals, for the text report. */
const char *pd_report_seconds(double s, char *buf, unsigned n);

#endif
