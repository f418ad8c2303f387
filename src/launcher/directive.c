/*
 * directive.c - the registry over every module's directive table, and the
 * one place where assignments are applied and diagnostics prefixed with
 * "FILE:LINE: NAME=VALUE:" or "-p NAME=VALUE:". See docs/architecture.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/config.h"
#include "launcher/profile.h"

static const struct pd_directive *const tables[] = {
    pd_limit_directives,
    pd_sandbox_directives,
    pd_budget_directives,
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

void pd_diag_set(struct pd_diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	d->warning = 0;
}

void pd_diag_warn(struct pd_diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	d->warning = 1;
}

static void buf_reserve(struct pd_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = pd_realloc_or_die(b->s, cap);
	b->cap = cap;
}

void pd_buf_puts(struct pd_buf *b, const char *s)
{
	size_t n = strlen(s);
	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void pd_buf_printf(struct pd_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void pd_buf_free(struct pd_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

const struct pd_directive *pd_directive_find(const char *section, const char *name)
{
	for (size_t t = 0; t < N_TABLES; t++)
		for (const struct pd_directive *d = tables[t]; d->name; d++)
			if (!strcmp(d->name, name) && (!section || !strcmp(d->section, section)))
				return d;
	return NULL;
}

void pd_directive_foreach(void (*fn)(const struct pd_directive *d, void *arg), void *arg)
{
	for (size_t t = 0; t < N_TABLES; t++)
		for (const struct pd_directive *d = tables[t]; d->name; d++)
			fn(d, arg);
}

const char *pd_origin_str(const struct pd_origin *o, char *buf, size_t n)
{
	if (!o || !o->file)
		snprintf(buf, n, "-p");
	else
		snprintf(buf, n, "%s:%u", o->file, o->line);
	return buf;
}

static void record_origin(struct pd_config *cfg, const struct pd_directive *d,
			  const struct pd_origin *origin)
{
	struct pd_origin o = origin ? *origin : (struct pd_origin){NULL, 0};
	for (size_t i = 0; i < cfg->n_origins; i++) {
		if (cfg->origins[i].dir == d) {
			cfg->origins[i].origin = o;
			return;
		}
	}
	cfg->origins =
	    pd_realloc_or_die(cfg->origins, (cfg->n_origins + 1) * sizeof(*cfg->origins));
	cfg->origins[cfg->n_origins].dir = d;
	cfg->origins[cfg->n_origins].origin = o;
	cfg->n_origins++;
}

int pd_directive_apply(struct pd_config *cfg, const char *section, const char *name,
		       const char *value, const struct pd_origin *origin, struct pd_diag *diag)
{
	char where[512 + 2];
	struct pd_diag reason = {{0}, 0};
	const struct pd_directive *d = pd_directive_find(section, name);

	pd_origin_str(origin, where, sizeof(where) - 1);
	/* "-p NAME=VALUE: ..." but "FILE:LINE: NAME=VALUE: ..." */
	if (origin && origin->file)
		strcat(where, ":");
	if (!d) {
		if (section && pd_directive_find(NULL, name))
			pd_diag_set(diag, "%s %s=%s: directive '%s' does not belong in [%s]", where,
				    name, value, name, section);
		else if (pd_systemd_directive_known(name)) /* profile_systemd.c (H3) */
			pd_diag_set(diag, "%s %s=%s: systemd directive not supported by paddock",
				    where, name, value);
		else if (pd_directive_suggest(section, name))
			pd_diag_set(diag, "%s %s=%s: unknown directive '%s'; did you mean %s=?",
				    where, name, value, name, pd_directive_suggest(section, name));
		else
			pd_diag_set(diag, "%s %s=%s: unknown directive '%s'", where, name, value,
				    name);
		return -1;
	}
	if (d->set(cfg, value, &reason) < 0) {
		pd_diag_set(diag, "%s %s=%s: %s", where, name, value,
			    reason.msg[0] ? reason.msg : "invalid value");
		return -1;
	}
	record_origin(cfg, d, origin);
	diag->msg[0] = '\0';
	diag->warning = 0;
	if (reason.warning) {
		pd_diag_warn(diag, "%s %s=%s: %s", where, name, value, reason.msg);
	}
	return 0;
}

int pd_directive_apply_arg(struct pd_config *cfg, const char *arg, struct pd_diag *diag)
{
	const char *eq = strchr(arg, '=');
	char name[128];

	if (!eq || eq == arg) {
		pd_diag_set(diag, "-p %s: expected DIRECTIVE=VALUE", arg);
		return -1;
	}
	size_t n = (size_t)(eq - arg);
	if (n >= sizeof(name)) {
		pd_diag_set(diag, "-p %s: directive name is too long", arg);
		return -1;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	return pd_directive_apply(cfg, NULL, name, eq + 1, NULL, diag);
}
