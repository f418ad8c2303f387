/*
 * profile.c - loading a profile into a pd_config: reading files and
 * built-ins, the four sections, Include= (in order, cycles and depth
 * checked), and collecting every error as "FILE:LINE: message".
 * The line syntax is profile_parse.c; see docs/profiles.md.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "launcher/config.h"
#include "launcher/profile.h"
#include "launcher/profile_parse.h"

struct pd_profile {
	char **files; /* interned display names: origins point into these */
	size_t n_files;
	char **diags;
	size_t n_diags;
	size_t n_errors;
	unsigned files_read; /* for PD_PROFILE_MAX_FILES, per top-level load */
	int builtins_only;
};

enum section { SEC_NONE, SEC_PROFILE, SEC_SERVICE, SEC_BUDGET, SEC_REPORT, SEC_IGNORED };

static const char *const section_names[] = {
    [SEC_PROFILE] = "Profile",
    [SEC_SERVICE] = "Service",
    [SEC_BUDGET] = "Budget",
    [SEC_REPORT] = "Report",
};

/* One file being applied. Frames link to their includer for cycle checks. */
struct frame {
	struct pd_profile *p;
	struct pd_config *cfg;
	const struct frame *parent;
	const char *file; /* interned display name */
	char id[64];	  /* identity: "f:DEV:INO" or "b:NAME" */
	int builtin;
	int top;
	unsigned depth;
	enum section sec;
};

struct pd_profile *pd_profile_new(void) { return pd_alloc_or_die(sizeof(struct pd_profile)); }

void pd_profile_free(struct pd_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_files; i++)
		free(p->files[i]);
	for (size_t i = 0; i < p->n_diags; i++)
		free(p->diags[i]);
	free(p->files);
	free(p->diags);
	free(p);
}

void pd_profile_builtins_only(struct pd_profile *p) { p->builtins_only = 1; }

size_t pd_profile_n_errors(const struct pd_profile *p) { return p->n_errors; }

size_t pd_profile_n_diags(const struct pd_profile *p) { return p->n_diags; }

const char *pd_profile_diag(const struct pd_profile *p, size_t i)
{
	return i < p->n_diags ? p->diags[i] : NULL;
}

void pd_profile_print_diags(const struct pd_profile *p, FILE *out)
{
	for (size_t i = 0; i < p->n_diags; i++)
		fprintf(out, "%s\n", p->diags[i]);
}

static void add_diag(struct pd_profile *p, int is_error, const char *msg)
{
	p->diags = pd_realloc_or_die(p->diags, (p->n_diags + 1) * sizeof(*p->diags));
	p->diags[p->n_diags++] = pd_strdup_or_die(msg);
	if (is_error)
		p->n_errors++;
}

/* Record "FILE:LINE: message" as an error. */
static void ferror_at(struct pd_profile *p, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void ferror_at(struct pd_profile *p, const char *file, unsigned line, const char *fmt, ...)
{
	char msg[1536];
	int n = snprintf(msg, sizeof(msg), "%s:%u: ", file, line);
	va_list ap;

	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	add_diag(p, 1, msg);
}

static const char *intern(struct pd_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_files; i++)
		if (strcmp(p->files[i], name) == 0)
			return p->files[i];
	p->files = pd_realloc_or_die(p->files, (p->n_files + 1) * sizeof(*p->files));
	return p->files[p->n_files++] = pd_strdup_or_die(name);
}

/* --- applying --- */

static void apply_text(struct frame *f, const char *data, size_t len);

static int on_stack(const struct frame *f, const char *id)
{
	for (; f; f = f->parent)
		if (strcmp(f->id, id) == 0)
			return 1;
	return 0;
}

/* "a.conf -> b.conf -> a.conf" for the cycle message. */
static void cycle_chain(const struct frame *f, const char *again, char *buf, size_t n)
{
	const struct frame *chain[PD_PROFILE_MAX_DEPTH + 2];
	size_t depth = 0, off = 0;

	for (; f && depth < PD_PROFILE_MAX_DEPTH + 1; f = f->parent)
		chain[depth++] = f;
	buf[0] = '\0';
	while (depth-- > 0 && off < n) {
		int w = snprintf(buf + off, n - off, "%s -> ", chain[depth]->file);
		off += w > 0 ? (size_t)w : 0;
	}
	if (off < n)
		snprintf(buf + off, n - off, "%s", again);
}

/* Apply an included (or top-level) source as a child frame of PARENT.
 * Errors about getting at the source are the caller's. */
static void apply_source(struct pd_profile *p, struct pd_config *cfg, const struct frame *parent,
			 const char *file, const char *id, int builtin, const char *data,
			 size_t len)
{
	struct frame f = {
	    .p = p,
	    .cfg = cfg,
	    .parent = parent,
	    .file = intern(p, file),
	    .builtin = builtin,
	    .top = parent == NULL,
	    .depth = parent ? parent->depth + 1 : 0,
	};

	snprintf(f.id, sizeof(f.id), "%s", id);
	apply_text(&f, data, len);
}

static void include_builtin(struct frame *f, unsigned line, const char *value,
			    const struct pd_builtin_profile *b)
{
	char id[64], file[96];

	snprintf(id, sizeof(id), "b:%s", b->name);
	snprintf(file, sizeof(file), "builtin:%s", b->name);
	if (on_stack(f, id)) {
		char chain[1024];

		cycle_chain(f, file, chain, sizeof(chain));
		ferror_at(f->p, f->file, line, "Include=%s: include cycle: %s", value, chain);
		return;
	}
	apply_source(f->p, f->cfg, f, file, id, 1, b->text, b->len);
}

static void include_path(struct frame *f, unsigned line, const char *value, const char *path)
{
	char why[128], id[64], chain[1024];
	struct stat st;
	char *data;
	size_t len;

	if (pd_profile_read_file(path, &data, &len, &st, why, sizeof(why)) < 0) {
		ferror_at(f->p, f->file, line, "Include=%s: cannot read %s: %s", value, path, why);
		return;
	}
	snprintf(id, sizeof(id), "f:%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	if (on_stack(f, id)) {
		/* the usual way in: ./profiles/ci.conf saying Include=ci */
		int shadows = !pd_profile_spec_is_path(value) && pd_builtin_profile_find(value);

		cycle_chain(f, path, chain, sizeof(chain));
		ferror_at(f->p, f->file, line, "Include=%s: include cycle: %s%s%s", value, chain,
			  shadows ? "; to extend the built-in, use Include=builtin:" : "",
			  shadows ? value : "");
	} else {
		apply_source(f->p, f->cfg, f, path, id, 0, data, len);
	}
	free(data);
}

static void do_include(struct frame *f, unsigned line, const char *value)
{
	char path[4096];

	if (!*value) {
		ferror_at(f->p, f->file, line, "Include=: needs a profile name or path");
		return;
	}
	if (f->depth + 1 > PD_PROFILE_MAX_DEPTH) {
		ferror_at(f->p, f->file, line, "Include=%s: includes nested deeper than %d", value,
			  PD_PROFILE_MAX_DEPTH);
		return;
	}
	if (++f->p->files_read > PD_PROFILE_MAX_FILES) {
		if (f->p->files_read == PD_PROFILE_MAX_FILES + 1)
			ferror_at(f->p, f->file, line, "Include=%s: more than %d files included",
				  value, PD_PROFILE_MAX_FILES);
		return;
	}
	if (!strncmp(value, PD_PROFILE_BUILTIN_PREFIX, strlen(PD_PROFILE_BUILTIN_PREFIX))) {
		const struct pd_builtin_profile *b =
		    pd_builtin_profile_find(value + strlen(PD_PROFILE_BUILTIN_PREFIX));

		if (b)
			include_builtin(f, line, value, b);
		else
			ferror_at(f->p, f->file, line,
				  "Include=%.80s: no such built-in profile (%s)", value,
				  pd_builtin_profile_names());
		return;
	}
	if (pd_profile_spec_is_path(value)) {
		const char *slash = strrchr(f->file, '/');
		int n;

		if (f->builtin || f->p->builtins_only) {
			ferror_at(f->p, f->file, line,
				  "Include=%s: a built-in profile can include only by name", value);
			return;
		}
		const char *rel = value;

		while (rel[0] == '.' && rel[1] == '/')
			rel += 2; /* "./x.conf" reads better as "dir/x.conf" */
		if (value[0] == '/' || !slash)
			n = snprintf(path, sizeof(path), "%s", value);
		else
			n = snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - f->file), f->file,
				     rel);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			ferror_at(f->p, f->file, line, "Include=%.64s...: path too long", value);
			return;
		}
		include_path(f, line, value, path);
		return;
	}
	if (pd_profile_name_valid(value) < 0) {
		ferror_at(f->p, f->file, line,
			  "Include=%.80s: invalid profile name (letters, digits, '_', '-', '.')",
			  value);
		return;
	}
	/* A built-in includes built-ins only: it must mean the same on every
	 * machine, whatever ./profiles holds (a checkout could weaken it). */
	if (!f->p->builtins_only && !f->builtin &&
	    pd_profile_find_file(value, path, sizeof(path))) {
		include_path(f, line, value, path);
		return;
	}
	const struct pd_builtin_profile *b = pd_builtin_profile_find(value);
	if (b) {
		include_builtin(f, line, value, b);
		return;
	}
	ferror_at(f->p, f->file, line, "Include=%s: profile not found (searched %s)", value,
		  f->p->builtins_only ? "the built-ins" : pd_profile_search_desc());
}

static void set_description(struct frame *f, const char *value)
{
	if (!f->top)
		return; /* an included profile's Description describes only itself */
	free(f->cfg->profile_description);
	f->cfg->profile_description = *value ? pd_strdup_or_die(value) : NULL;
}

static enum section section_of(const char *name)
{
	for (int s = SEC_PROFILE; s <= SEC_REPORT; s++)
		if (strcmp(section_names[s], name) == 0)
			return (enum section)s;
	return SEC_NONE;
}

/* Directive KEY is not in section F->sec: say why, as precisely as we can. */
static void unknown_key(struct frame *f, unsigned line, const char *key)
{
	const char *here = section_names[f->sec];
	const struct pd_directive *elsewhere = pd_directive_find(NULL, key);
	const char *suggest;

	if (f->sec != SEC_PROFILE && (!strcmp(key, "Description") || !strcmp(key, "Include"))) {
		ferror_at(f->p, f->file, line, "%s=: belongs in [Profile], not [%s]", key, here);
		return;
	}
	if (elsewhere && elsewhere->section) {
		ferror_at(f->p, f->file, line, "%s=: belongs in [%s], not [%s]", key,
			  elsewhere->section, here);
		return;
	}
	if (pd_systemd_directive_known(key)) {
		ferror_at(f->p, f->file, line, "%s=: systemd directive not supported by paddock",
			  key);
		return;
	}
	suggest = f->sec == SEC_PROFILE ? NULL : pd_directive_suggest(here, key);
	if (f->sec == SEC_PROFILE)
		ferror_at(f->p, f->file, line,
			  "%s=: unknown directive in [Profile] (it has Description= and Include=)",
			  key);
	else if (suggest)
		ferror_at(f->p, f->file, line, "%s=: unknown directive in [%s]; did you mean %s=?",
			  key, here, suggest);
	else
		ferror_at(f->p, f->file, line, "%s=: unknown directive in [%s]", key, here);
}

static void on_section(void *arg, unsigned line, const char *name)
{
	struct frame *f = arg;
	static const char *const systemd_sections[] = {
	    "Unit", "Install", "Socket", "Timer", "Mount",  "Automount",
	    "Swap", "Path",    "Slice",	 "Scope", "Device", "Target",
	};

	f->sec = section_of(name);
	if (f->sec != SEC_NONE)
		return;
	f->sec = SEC_IGNORED; /* one error for the header, none for its keys */
	for (size_t i = 0; i < sizeof(systemd_sections) / sizeof(systemd_sections[0]); i++) {
		if (strcmp(systemd_sections[i], name) == 0) {
			ferror_at(f->p, f->file, line,
				  "[%s]: systemd section not supported by paddock "
				  "(a profile has [Profile], [Service], [Budget] and [Report])",
				  name);
			return;
		}
	}
	ferror_at(f->p, f->file, line,
		  "[%.64s]: unknown section (a profile has [Profile], [Service], [Budget] and "
		  "[Report])",
		  name);
}

static void on_assign(void *arg, unsigned line, const char *key, const char *value)
{
	struct frame *f = arg;
	struct pd_origin origin = {.file = f->file, .line = line};
	struct pd_diag diag;

	switch (f->sec) {
	case SEC_IGNORED:
		return;
	case SEC_NONE:
		ferror_at(f->p, f->file, line, "%s=: assignment before any [Section] header", key);
		return;
	case SEC_PROFILE:
		if (strcmp(key, "Description") == 0)
			set_description(f, value);
		else if (strcmp(key, "Include") == 0)
			do_include(f, line, value);
		else
			unknown_key(f, line, key);
		return;
	default:
		break;
	}
	if (!pd_directive_find(section_names[f->sec], key)) {
		unknown_key(f, line, key);
		return;
	}
	memset(&diag, 0, sizeof(diag));
	if (pd_directive_apply(f->cfg, section_names[f->sec], key, value, &origin, &diag) < 0)
		add_diag(f->p, 1, diag.msg);
	else if (diag.warning)
		add_diag(f->p, 0, diag.msg);
}

static void on_error(void *arg, unsigned line, const char *msg)
{
	struct frame *f = arg;

	ferror_at(f->p, f->file, line, "%s", msg);
}

static void apply_text(struct frame *f, const char *data, size_t len)
{
	static const struct pd_lex_ops ops = {on_section, on_assign, on_error};
	size_t errors_before = f->p->n_errors;

	if (pd_profile_lex(data, len, &ops, f) == 0 && f->p->n_errors == errors_before)
		ferror_at(f->p, f->file, 1, "profile is empty (no sections or settings)");
}

/* --- entry points --- */

int pd_profile_load_path(struct pd_profile *p, struct pd_config *cfg, const char *path)
{
	size_t before = p->n_errors, len;
	char why[128], id[64];
	struct stat st;
	char *data;

	p->files_read = 1;
	if (pd_profile_read_file(path, &data, &len, &st, why, sizeof(why)) < 0) {
		ferror_at(p, path, 1, "cannot read profile: %s", why);
		return (int)(p->n_errors - before);
	}
	snprintf(id, sizeof(id), "f:%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	apply_source(p, cfg, NULL, path, id, 0, data, len);
	free(data);
	return (int)(p->n_errors - before);
}

int pd_profile_load_buffer(struct pd_profile *p, struct pd_config *cfg, const char *name,
			   const char *data, size_t len)
{
	size_t before = p->n_errors;
	char id[64];

	p->files_read = 1;
	if (len > PD_PROFILE_MAX_SIZE) {
		ferror_at(p, name, 1, "cannot read profile: larger than %d bytes",
			  PD_PROFILE_MAX_SIZE);
		return (int)(p->n_errors - before);
	}
	snprintf(id, sizeof(id), "m:%p", (const void *)data);
	apply_source(p, cfg, NULL, name, id, 0, data, len);
	return (int)(p->n_errors - before);
}

/* Load the built-in B as a top-level profile. */
static int load_builtin(struct pd_profile *p, struct pd_config *cfg,
			const struct pd_builtin_profile *b)
{
	size_t before = p->n_errors;
	char id[64], file[96];

	p->files_read = 1;
	snprintf(id, sizeof(id), "b:%s", b->name);
	snprintf(file, sizeof(file), "builtin:%s", b->name);
	apply_source(p, cfg, NULL, file, id, 1, b->text, b->len);
	return (int)(p->n_errors - before);
}

int pd_profile_load(struct pd_profile *p, struct pd_config *cfg, const char *spec)
{
	const struct pd_builtin_profile *b;
	char path[4096], msg[1200];

	if (!strncmp(spec, PD_PROFILE_BUILTIN_PREFIX, strlen(PD_PROFILE_BUILTIN_PREFIX))) {
		b = pd_builtin_profile_find(spec + strlen(PD_PROFILE_BUILTIN_PREFIX));
		if (b)
			return load_builtin(p, cfg, b);
		snprintf(msg, sizeof(msg), "paddock: profile: %.80s: no such built-in profile (%s)",
			 spec, pd_builtin_profile_names());
		add_diag(p, 1, msg);
		return 1;
	}
	if (pd_profile_spec_is_path(spec))
		return pd_profile_load_path(p, cfg, spec);
	if (pd_profile_name_valid(spec) < 0) {
		snprintf(msg, sizeof(msg),
			 "paddock: profile: %.80s: invalid name (letters, digits, '_', '-', '.'; "
			 "give a path with a '/' or a .conf suffix)",
			 spec);
		add_diag(p, 1, msg);
		return 1;
	}
	if (!p->builtins_only && pd_profile_find_file(spec, path, sizeof(path)))
		return pd_profile_load_path(p, cfg, path);
	b = pd_builtin_profile_find(spec);
	if (b)
		return load_builtin(p, cfg, b);
	snprintf(msg, sizeof(msg), "paddock: profile: %s: not found (searched %s)", spec,
		 p->builtins_only ? "the built-ins" : pd_profile_search_desc());
	add_diag(p, 1, msg);
	return 1;
}

void pd_profile_apply_or_die(struct pd_config *cfg, const char *spec)
{
	/* Kept for the life of the process: cfg->origins borrow its file names. */
	static struct pd_profile *kept;
	const struct pd_builtin_profile *b;
	size_t first;
	int errors = 0;

	if (!kept)
		kept = pd_profile_new();
	first = kept->n_diags;
	if (spec) {
		errors = pd_profile_load(kept, cfg, spec);
	} else {
		b = pd_builtin_profile_find("default");
		if (b)
			errors = load_builtin(kept, cfg, b);
	}
	for (size_t i = first; i < kept->n_diags; i++)
		fprintf(stderr, "%s\n", kept->diags[i]);
	if (errors)
		exit(PD_EXIT_ERROR);
	free(cfg->profile_name);
	cfg->profile_name = pd_strdup_or_die(spec ? spec : "default");
}
