/*
 * profile_find.c - where profiles come from: names versus paths, the
 * search path ($PADDOCK_PROFILE_PATH, ./profiles, $XDG_CONFIG_HOME,
 * /etc) and the built-ins compiled in from profiles/. See docs/profiles.md.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/profile.h"

const struct pd_builtin_profile *pd_builtin_profile_find(const char *name)
{
	for (size_t i = 0; i < pd_n_builtin_profiles; i++)
		if (strcmp(pd_builtin_profiles[i].name, name) == 0)
			return &pd_builtin_profiles[i];
	return NULL;
}

const char *pd_builtin_profile_names(void)
{
	static char names[512];
	size_t off = 0;

	names[0] = '\0';
	for (size_t i = 0; i < pd_n_builtin_profiles && off < sizeof(names); i++) {
		int w = snprintf(names + off, sizeof(names) - off, "%s%s", i ? ", " : "",
				 pd_builtin_profiles[i].name);
		off += w > 0 ? (size_t)w : 0;
	}
	return names;
}

int pd_profile_spec_is_path(const char *spec)
{
	size_t n = strlen(spec);

	return strchr(spec, '/') || (n >= 5 && strcmp(spec + n - 5, ".conf") == 0);
}

int pd_profile_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > PD_PROFILE_MAX_NAME || name[0] == '.')
		return -1;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.'))
			return -1;
	return 0;
}

int pd_profile_search_path(int (*fn)(const char *dir, void *arg), void *arg)
{
	const char *env = getenv("PADDOCK_PROFILE_PATH");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char dir[4096];
	int r;

	while (env && *env) {
		const char *colon = strchr(env, ':');
		size_t n = colon ? (size_t)(colon - env) : strlen(env);

		if (n > 0 && n < sizeof(dir)) {
			memcpy(dir, env, n);
			dir[n] = '\0';
			if ((r = fn(dir, arg)) != 0)
				return r;
		}
		env = colon ? colon + 1 : NULL;
	}
	if ((r = fn("./profiles", arg)) != 0)
		return r;
	/* XDG Base Directory: a relative $XDG_CONFIG_HOME is invalid and ignored */
	if (xdg && xdg[0] == '/')
		snprintf(dir, sizeof(dir), "%s/paddock/profiles", xdg);
	else if (home && home[0] == '/')
		snprintf(dir, sizeof(dir), "%s/.config/paddock/profiles", home);
	else
		dir[0] = '\0';
	if (dir[0] && (r = fn(dir, arg)) != 0)
		return r;
	return fn("/etc/paddock/profiles", arg);
}

struct find {
	const char *name;
	char *buf;
	size_t n;
};

static int try_dir(const char *dir, void *arg)
{
	struct find *f = arg;
	int n = snprintf(f->buf, f->n, "%s/%s.conf", dir, f->name);

	/* existence only: reading (and its errors) is the loader's job */
	return n > 0 && (size_t)n < f->n && access(f->buf, F_OK) == 0;
}

int pd_profile_find_file(const char *name, char *buf, size_t n)
{
	struct find f = {name, buf, n};

	return pd_profile_search_path(try_dir, &f);
}

static int describe_dir(const char *dir, void *arg)
{
	char *out = arg;
	size_t len = strlen(out);

	snprintf(out + len, 1024 - len, "%s, ", dir);
	return 0;
}

const char *pd_profile_search_desc(void)
{
	static char desc[1024];

	desc[0] = '\0';
	pd_profile_search_path(describe_dir, desc);
	snprintf(desc + strlen(desc), sizeof(desc) - strlen(desc), "the built-ins");
	return desc;
}
