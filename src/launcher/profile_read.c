/*
 * profile_read.c - getting a profile's bytes safely: only regular files,
 * never a blocking open (a FIFO must not hang paddock), a size limit; and
 * the light pass that reads a profile's Description= for `paddock profiles`.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "launcher/profile.h"
#include "launcher/profile_parse.h"

/* O_NONBLOCK: opening a FIFO given as a profile must not wait for a writer;
 * it is then refused as "not a regular file" without being read. */
int pd_profile_read_file(const char *path, char **data, size_t *len, struct stat *st, char *why,
			 size_t whylen)
{
	struct stat local;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	size_t n = 0, cap = 4096;
	char *buf;

	if (!st)
		st = &local;
	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, whylen, "%s",
			 S_ISDIR(st->st_mode) ? "is a directory" : "not a regular file");
		close(fd);
		return -1;
	}
	buf = pd_alloc_or_die(cap);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap > PD_PROFILE_MAX_SIZE) {
				snprintf(why, whylen, "larger than %d bytes", PD_PROFILE_MAX_SIZE);
				goto fail;
			}
			cap *= 2;
			buf = pd_realloc_or_die(buf, cap);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(why, whylen, "%s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > PD_PROFILE_MAX_SIZE) {
		snprintf(why, whylen, "larger than %d bytes", PD_PROFILE_MAX_SIZE);
		goto fail;
	}
	close(fd);
	*data = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	close(fd);
	return -1;
}

struct describe {
	int in_profile;
	char *desc;
};

static void desc_section(void *arg, unsigned line, const char *name)
{
	struct describe *d = arg;

	d->in_profile = strcmp(name, "Profile") == 0;
}

static void desc_assign(void *arg, unsigned line, const char *key, const char *value)
{
	struct describe *d = arg;

	if (d->in_profile && strcmp(key, "Description") == 0) {
		free(d->desc);
		d->desc = *value ? pd_strdup_or_die(value) : NULL;
	}
}

static void desc_error(void *arg, unsigned line, const char *msg) {}

char *pd_profile_description_of(const char *text, size_t len)
{
	static const struct pd_lex_ops ops = {desc_section, desc_assign, desc_error};
	struct describe d = {0, NULL};

	pd_profile_lex(text, len, &ops, &d);
	return d.desc;
}
