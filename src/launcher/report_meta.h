/*
 * report_meta.h - the isolate-compatible "meta" report: key:value lines
 * with isolate's keys, meanings and units, then paddock's own keys, all
 * prefixed "paddock-". See docs/profiles.md "The meta format".
 */
#ifndef PD_REPORT_META_H
#define PD_REPORT_META_H

#include <stdio.h>

#include "launcher/result.h"

/* Write R as meta lines to OUT. Every value is one line of printable
 * ASCII. Returns 0, or -1 when a write failed (errno set). */
int pd_report_meta(const struct pd_result *r, FILE *out);

/* As pd_report_meta, to PATH: NULL means stderr, "-" stdout, otherwise the
 * file is created or truncated (mode 0644, O_CLOEXEC). Returns 0, or -errno. */
int pd_report_meta_to(const struct pd_result *r, const char *path);

/* Open the meta destination before the run, so a bad MetaPath= stops paddock
 * (exit 125) before anything runs: NULL means stderr, "-" stdout, else the
 * file is created or truncated (0644, O_CLOEXEC). */
FILE *pd_report_meta_open_or_die(const char *path);

/* Write R to F (from pd_report_meta_open_or_die) and close F unless it is
 * stdout or stderr. Returns 0, or -1 after printing a warning naming PATH. */
int pd_report_meta_finish(const struct pd_result *r, FILE *f, const char *path);

#endif
