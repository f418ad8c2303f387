/*
 * core.c - finding the core file a command dumped. Only core_pattern values
 * that name a file are understood ("core", "core.%p", "/abs/core-%e-%p");
 * a pipe ("|...") means no file. See core(5).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/readtext.h"
#include "launcher/run.h"

/* The first line of PATH into BUF. */
static int read_small(const char *path, char *buf, size_t n)
{
	if (pd_read_text(path, buf, n) < 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Expand %p, %P, %%, %e (the command's basename, truncated as comm) into OUT. */
static int expand(const char *pat, pid_t pid, const char *comm, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = pat; *p && o + 1 < n; p++) {
		if (*p != '%') {
			out[o++] = *p;
			continue;
		}
		p++;
		int w;
		if (*p == 'p' || *p == 'P')
			w = snprintf(out + o, n - o, "%d", (int)pid);
		else if (*p == 'e')
			w = snprintf(out + o, n - o, "%.15s", comm);
		else if (*p == '%')
			w = snprintf(out + o, n - o, "%%");
		else
			return -1; /* a specifier we cannot reproduce */
		if (w < 0 || (size_t)w >= n - o)
			return -1;
		o += (size_t)w;
	}
	out[o] = '\0';
	return 0;
}

void pd_core_find(struct pd_result *res, const char *dir, pid_t pid)
{
	char pattern[256], uses_pid[16] = "0", name[1024], path[4096];
	struct stat st;

	if (read_small("/proc/sys/kernel/core_pattern", pattern, sizeof(pattern)) < 0 ||
	    pattern[0] == '|' || !pattern[0])
		return;
	read_small("/proc/sys/kernel/core_uses_pid", uses_pid, sizeof(uses_pid));
	const char *comm = strrchr(res->argv[0], '/');
	comm = comm ? comm + 1 : res->argv[0];
	if (expand(pattern, pid, comm, name, sizeof(name)) < 0)
		return;
	if (uses_pid[0] == '1' && !strstr(pattern, "%p"))
		snprintf(name + strlen(name), sizeof(name) - strlen(name), ".%d", (int)pid);

	if (name[0] == '/') {
		snprintf(path, sizeof(path), "%s", name);
	} else if (dir) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
	} else {
		char cwd[2048];
		if (!getcwd(cwd, sizeof(cwd)))
			return;
		snprintf(path, sizeof(path), "%s/%s", cwd, name);
	}
	/* Only a file written during this run counts. */
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_mtim.tv_sec < res->start_real.tv_sec)
		return;
	snprintf(res->core_path, sizeof(res->core_path), "%s", path);
	res->core_size = (long long)st.st_size;
}
