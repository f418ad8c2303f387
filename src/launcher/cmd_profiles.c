/*
 * cmd_profiles.c - `paddock profiles`: every profile --profile NAME can
 * find, in search-path order of precedence, with its description and where
 * it came from (a file, or built into paddock).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "launcher/cmd.h"
#include "launcher/profile.h"

struct entry {
	char *name;
	char *source; /* a path, or "built-in" */
	char *desc;
	int shadows_builtin;
};

struct listing {
	struct entry *v;
	size_t n;
};

static struct entry *find_entry(struct listing *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

static void add_entry(struct listing *l, const char *name, const char *source, char *desc)
{
	struct entry *e;

	l->v = pd_realloc_or_die(l->v, (l->n + 1) * sizeof(*l->v));
	e = &l->v[l->n++];
	e->name = pd_strdup_or_die(name);
	e->source = pd_strdup_or_die(source);
	e->desc = desc;
	e->shadows_builtin = 0;
}

/* Add DIR's NAME.conf files that no earlier directory provided. */
static int scan_dir(const char *dir, void *arg)
{
	struct listing *l = arg;
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return 0; /* a missing directory in the search path is normal */
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char name[PD_PROFILE_MAX_NAME + 1], path[4096], why[128];
		char *data = NULL, *desc = NULL;
		size_t len;

		if (n <= 5 || strcmp(de->d_name + n - 5, ".conf") != 0 ||
		    n - 5 > PD_PROFILE_MAX_NAME)
			continue;
		memcpy(name, de->d_name, n - 5);
		name[n - 5] = '\0';
		if (pd_profile_name_valid(name) < 0 || find_entry(l, name))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path))
			continue;
		if (pd_profile_read_file(path, &data, &len, NULL, why, sizeof(why)) < 0) {
			size_t wn = strlen(why) + 16;

			desc = pd_alloc_or_die(wn);
			snprintf(desc, wn, "(unreadable: %s)", why);
		} else {
			desc = pd_profile_description_of(data, len);
			free(data);
		}
		add_entry(l, name, path, desc);
	}
	closedir(d);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

int pd_cmd_profiles(int argc, char **argv)
{
	struct listing l = {NULL, 0};
	int width = 4;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			printf("usage: paddock profiles\n"
			       "List the profiles --profile NAME finds, with their descriptions.\n"
			       "Search order: %s.\n",
			       pd_profile_search_desc());
			return 0;
		}
		pd_warnx("profiles: %s: unexpected argument", argv[1]);
		return PD_EXIT_ERROR;
	}
	pd_profile_search_path(scan_dir, &l);
	for (size_t i = 0; i < pd_n_builtin_profiles; i++) {
		const struct pd_builtin_profile *b = &pd_builtin_profiles[i];
		struct entry *e = find_entry(&l, b->name);

		if (e)
			e->shadows_builtin = 1;
		else
			add_entry(&l, b->name, "built-in",
				  pd_profile_description_of(b->text, b->len));
	}
	qsort(l.v, l.n, sizeof(*l.v), by_name);
	for (size_t i = 0; i < l.n; i++)
		if ((int)strlen(l.v[i].name) > width)
			width = (int)strlen(l.v[i].name);
	printf("%-*s  %s\n", width, "NAME", "DESCRIPTION (SOURCE)");
	for (size_t i = 0; i < l.n; i++) {
		struct entry *e = &l.v[i];

		printf("%-*s  %s (%s%s)\n", width, e->name, e->desc ? e->desc : "-", e->source,
		       e->shadows_builtin ? ", overrides the built-in" : "");
		free(e->name);
		free(e->source);
		free(e->desc);
	}
	free(l.v);
	return fflush(stdout) == 0 ? 0 : PD_EXIT_ERROR;
}
