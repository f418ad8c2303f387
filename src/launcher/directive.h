/*
 * directive.h - the one registry of settings paddock understands.
 *
 * Every setting, whether it comes from `-p KEY=VALUE` or from a profile line,
 * is applied through pd_directive_apply(). Each module owns a table of the
 * directives it implements (limits.c, sandbox*.c, budget.c, report_opts.c);
 * directive.c searches them all. See docs/architecture.md.
 */
#ifndef PD_DIRECTIVE_H
#define PD_DIRECTIVE_H

#include <stddef.h>

struct pd_config;

/* Where a value came from. file == NULL means the command line (`-p`). */
struct pd_origin {
	const char *file; /* borrowed: must outlive the config */
	unsigned line;
};

/* A diagnostic: the reason only. The caller prefixes place and directive. */
struct pd_diag {
	char msg[1024];
	int warning; /* set by pd_diag_warn(): accepted, but say so */
};

void pd_diag_set(struct pd_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pd_diag_warn(struct pd_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Growable string buffer used by format callbacks. Cannot fail: aborts the
 * launcher (never the runtime) on out-of-memory. */
struct pd_buf {
	char *s;
	size_t len, cap;
};
void pd_buf_puts(struct pd_buf *b, const char *s);
void pd_buf_printf(struct pd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pd_buf_free(struct pd_buf *b);

enum {
	PD_DIR_LIST = 1u << 0, /* repeated assignments merge; an empty one resets */
};

struct pd_directive {
	const char *section; /* "Service", "Budget", "Report", "Profile" */
	const char *name;    /* "LimitAS" (no '=') */
	unsigned flags;
	/* Apply VALUE to CFG. Returns 0, or -1 with the reason in DIAG. A
	 * warning (diag->warning) with return 0 means "applied, tell the user". */
	int (*set)(struct pd_config *cfg, const char *value, struct pd_diag *diag);
	/* Append the effective value, in directive syntax, to OUT (for
	 * `paddock show`). */
	void (*format)(const struct pd_config *cfg, struct pd_buf *out);
	const char *help; /* one line */
};

/* The module tables; each ends with an entry whose name is NULL. */
extern const struct pd_directive pd_limit_directives[];	  /* limits.c */
extern const struct pd_directive pd_sandbox_directives[]; /* sandbox*.c */
extern const struct pd_directive pd_budget_directives[];  /* budget.c, report_opts.c */

/* Look NAME up in SECTION (NULL: any section). NULL when unknown. */
const struct pd_directive *pd_directive_find(const char *section, const char *name);

/* Call FN for every known directive, in table order. */
void pd_directive_foreach(void (*fn)(const struct pd_directive *d, void *arg), void *arg);

/*
 * Apply one assignment. On error writes a complete message to DIAG of the
 * form "FILE:LINE: NAME=VALUE: reason" (or "-p NAME=VALUE: reason") and
 * returns -1. Records ORIGIN as the directive's latest origin in CFG.
 * SECTION NULL means "whatever section knows NAME" (used by `-p`).
 */
int pd_directive_apply(struct pd_config *cfg, const char *section, const char *name,
		       const char *value, const struct pd_origin *origin, struct pd_diag *diag);

/* Parse "NAME=VALUE" as given to -p and apply it. */
int pd_directive_apply_arg(struct pd_config *cfg, const char *arg, struct pd_diag *diag);

/* Format "FILE:LINE" or "-p" into BUF. */
const char *pd_origin_str(const struct pd_origin *o, char *buf, size_t n);

#endif
