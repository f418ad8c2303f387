/*
 * contain.c - containment of the process tree: a per-run cgroup v2 with
 * cgroup.kill, else a pid namespace (init in child.c), else a subreaper walk
 * of /proc/PID/task/PID/children. See contain.h for the contract.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/err.h"
#include "common/readtext.h"
#include "launcher/contain.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

const char *pd_contain_name(enum pd_contain_kind k)
{
	switch (k) {
	case PD_CONTAIN_CGROUP:
		return "cgroup-kill";
	case PD_CONTAIN_PIDNS:
		return "pid-namespace";
	case PD_CONTAIN_SUBREAPER:
		return "subreaper";
	default:
		return "auto";
	}
}

int pd_contain_parse(const char *s, enum pd_contain_kind *out)
{
	for (int k = PD_CONTAIN_AUTO; k <= PD_CONTAIN_SUBREAPER; k++) {
		if (!strcmp(s, pd_contain_name((enum pd_contain_kind)k))) {
			*out = (enum pd_contain_kind)k;
			return 0;
		}
	}
	return -1;
}

static int open_cgroup2_root(void)
{
	static const char *const roots[] = {"/sys/fs/cgroup/unified", "/sys/fs/cgroup"};
	for (unsigned i = 0; i < 2; i++) {
		struct statfs sf;
		int fd = open(roots[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstatfs(fd, &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC)
			return fd;
		close(fd);
	}
	return -1;
}

/* paddock's own cgroup v2 path ("0::/a/b" in /proc/self/cgroup), relative. */
static int own_cgroup_path(char *out, size_t n)
{
	char buf[4096];
	if (pd_read_text("/proc/self/cgroup", buf, sizeof(buf)) <= 0)
		return -1;
	for (char *line = buf; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strncmp(line, "0::/", 4)) {
			snprintf(out, n, "%s", line[4] ? line + 4 : ".");
			return 0;
		}
		line = next;
	}
	return -1;
}

static void close_cgroup_fds(struct pd_contain *c)
{
	if (c->cgroup_fd >= 0)
		close(c->cgroup_fd);
	if (c->cgroup_procs_fd >= 0)
		close(c->cgroup_procs_fd);
	if (c->cgroup_kill_fd >= 0)
		close(c->cgroup_kill_fd);
	if (c->cgroup_stat_fd >= 0)
		close(c->cgroup_stat_fd);
	c->cgroup_fd = c->cgroup_procs_fd = c->cgroup_kill_fd = c->cgroup_stat_fd = -1;
}

static int setup_cgroup(struct pd_contain *c)
{
	char path[4096];
	int root = open_cgroup2_root();
	if (root < 0)
		return -1;
	if (own_cgroup_path(path, sizeof(path)) < 0) {
		close(root);
		return -1;
	}
	c->parent_fd = openat(root, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	close(root);
	if (c->parent_fd < 0)
		return -1;
	for (unsigned attempt = 0;; attempt++) {
		snprintf(c->cgroup_name, sizeof(c->cgroup_name), "paddock-%d-%u", (int)getpid(),
			 attempt);
		if (mkdirat(c->parent_fd, c->cgroup_name, 0755) == 0)
			break;
		if (errno != EEXIST || attempt == 16)
			goto fail_parent;
	}
	c->cgroup_fd = openat(c->parent_fd, c->cgroup_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c->cgroup_fd < 0)
		goto fail_dir;
	char sub[96];
	snprintf(sub, sizeof(sub), "%s/cgroup.kill", c->cgroup_name);
	c->cgroup_kill_fd = openat(c->parent_fd, sub, O_WRONLY | O_CLOEXEC);
	snprintf(sub, sizeof(sub), "%s/cgroup.procs", c->cgroup_name);
	c->cgroup_procs_fd = openat(c->parent_fd, sub, O_RDWR | O_CLOEXEC);
	snprintf(sub, sizeof(sub), "%s/cgroup.stat", c->cgroup_name);
	c->cgroup_stat_fd = openat(c->parent_fd, sub, O_RDONLY | O_CLOEXEC);
	if (c->cgroup_kill_fd < 0 || c->cgroup_procs_fd < 0)
		goto fail_dir;
	c->kind = PD_CONTAIN_CGROUP;
	return 0;

fail_dir:
	close_cgroup_fds(c);
	unlinkat(c->parent_fd, c->cgroup_name, AT_REMOVEDIR);
fail_parent:
	close(c->parent_fd);
	c->parent_fd = -1;
	c->cgroup_name[0] = '\0';
	return -1;
}

int pd_contain_setup(struct pd_contain *c, enum pd_contain_kind want)
{
	memset(c, 0, sizeof(*c));
	c->cgroup_fd = c->cgroup_procs_fd = c->cgroup_kill_fd = c->cgroup_stat_fd = -1;
	c->parent_fd = -1;
	/* Orphans come to paddock, which reaps them and counts their rusage. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

	if (want == PD_CONTAIN_AUTO || want == PD_CONTAIN_CGROUP) {
		if (setup_cgroup(c) == 0)
			return 0;
		if (want == PD_CONTAIN_CGROUP) {
			pd_warn(
			    "containment cgroup-kill: cannot create a cgroup v2 with cgroup.kill");
			return -1;
		}
	}
	c->kind = want == PD_CONTAIN_SUBREAPER ? PD_CONTAIN_SUBREAPER : PD_CONTAIN_PIDNS;
	return 0;
}

void pd_contain_downgrade(struct pd_contain *c)
{
	if (c->kind == PD_CONTAIN_CGROUP) {
		pd_contain_cleanup(c);
		c->kind = PD_CONTAIN_PIDNS;
	} else {
		c->kind = PD_CONTAIN_SUBREAPER;
	}
}

/* Append the pids in BUF, decimal numbers separated by spaces or newlines,
 * to PIDS[*N..MAX). *N counts them all, so *N > MAX says some were dropped. */
static void parse_pids(const char *buf, pid_t *pids, int *n, int max)
{
	for (const char *p = buf; *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (*n < max)
			pids[*n] = (pid_t)v;
		(*n)++;
		p = end;
		while (*p == ' ' || *p == '\n')
			p++;
	}
}

/* Append the children of PID (main thread only) to PIDS[*N..MAX). */
static void read_children(pid_t pid, pid_t *pids, int *n, int max)
{
	char path[64], buf[8192];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	if (pd_read_text(path, buf, sizeof(buf)) > 0)
		parse_pids(buf, pids, n, max);
}

/* Append the pids listed in a cgroup.procs file FD to PIDS[*N..MAX). */
static int read_procs(int fd, pid_t *pids, int *n, int max)
{
	char buf[16384];
	ssize_t len = pread(fd, buf, sizeof(buf) - 1, 0);
	if (len < 0)
		return -1;
	buf[len] = '\0';
	parse_pids(buf, pids, n, max);
	return 0;
}

/* cgroup.stat's nr_descendants: cgroups the command created below its own. */
static long nr_descendants(struct pd_contain *c)
{
	char buf[512];
	if (c->cgroup_stat_fd < 0)
		return 0;
	ssize_t len = pread(c->cgroup_stat_fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	char *p = strstr(buf, "nr_descendants ");
	return p ? strtol(p + 15, NULL, 10) : 0;
}

/* Calls FN on every cgroup directory below DIRFD, children before parents,
 * at most 16 levels deep. Takes ownership of DIRFD. */
static void for_each_subcgroup(int dirfd, int depth,
			       void (*fn)(int parent, const char *name, void *arg), void *arg)
{
	DIR *d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (depth < 16) {
			int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (sub >= 0)
				for_each_subcgroup(sub, depth + 1, fn, arg);
		}
		fn(dirfd, e->d_name, arg);
	}
	closedir(d);
}

struct pid_list {
	pid_t *pids;
	int *n, max;
};

static void list_subcgroup(int parent, const char *name, void *arg)
{
	struct pid_list *l = arg;
	char path[300];
	snprintf(path, sizeof(path), "%s/cgroup.procs", name);
	int fd = openat(parent, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		read_procs(fd, l->pids, l->n, l->max);
		close(fd);
	}
}

static void remove_subcgroup(int parent, const char *name, void *arg)
{
	unlinkat(parent, name, AT_REMOVEDIR);
}

/* A directory fd of the run's cgroup (cgroup_fd is O_PATH), or -1. */
static int open_cgroup_dir(struct pd_contain *c)
{
	return openat(c->cgroup_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int pd_contain_list(struct pd_contain *c, pid_t exclude, pid_t *pids, int max)
{
	int n = 0;
	if (c->kind == PD_CONTAIN_CGROUP && c->cgroup_procs_fd >= 0) {
		if (read_procs(c->cgroup_procs_fd, pids, &n, max) < 0)
			return -1;
		if (nr_descendants(c) > 0) {
			/* The command made cgroups of its own: its processes
			 * there still count (and cannot hide from LimitRSS=). */
			struct pid_list l = {pids, &n, max};
			int dir = open_cgroup_dir(c);
			if (dir >= 0)
				for_each_subcgroup(dir, 0, list_subcgroup, &l);
		}
		return n;
	}
	/* Breadth-first over paddock's children (orphans included: subreaper). */
	read_children(getpid(), pids, &n, max);
	for (int i = 0; i < n && i < max; i++)
		read_children(pids[i], pids, &n, max);
	if (exclude > 0) {
		int m = 0;
		for (int i = 0; i < n && i < max; i++)
			if (pids[i] != exclude)
				pids[m++] = pids[i];
		n -= (n < max ? n : max) - m;
	}
	return n;
}

/* SIGKILL every process pd_contain_list() finds. */
static void kill_walk(struct pd_contain *c)
{
	pid_t pids[4096];
	int n = pd_contain_list(c, 0, pids, 4096);
	for (int i = 0; i < n && i < 4096; i++)
		kill(pids[i], SIGKILL);
}

/* The run's cgroup (and those below it) holds no process. */
static int cgroup_is_empty(struct pd_contain *c)
{
	pid_t one[1];
	return pd_contain_list(c, 0, one, 1) == 0;
}

/* SIGKILL paddock's descendants found through the children lists, whatever
 * the mechanism: catches a process that left the run's cgroup (root can
 * write another cgroup.procs) but, paddock being its subreaper, is still
 * paddock's to reap. Returns how many were found. */
static int kill_children(void)
{
	pid_t pids[4096];
	int n = 0;
	read_children(getpid(), pids, &n, 4096);
	for (int i = 0; i < n && i < 4096; i++)
		read_children(pids[i], pids, &n, 4096);
	for (int i = 0; i < n && i < 4096; i++)
		kill(pids[i], SIGKILL);
	return n;
}

void pd_contain_kill(struct pd_contain *c, pid_t main_pid, int pidfd)
{
	if (c->kind == PD_CONTAIN_CGROUP && c->cgroup_kill_fd >= 0) {
		if (pwrite(c->cgroup_kill_fd, "1", 1, 0) != 1)
			kill_walk(c);
	}
	if (pidfd >= 0)
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	else if (main_pid > 0)
		kill(main_pid, SIGKILL);
	if (c->kind == PD_CONTAIN_SUBREAPER) {
		if (main_pid > 0)
			kill(-main_pid, SIGKILL); /* its session's process group */
		kill_walk(c);
	}
}

void pd_contain_finish(struct pd_contain *c)
{
	if (c->kind == PD_CONTAIN_CGROUP && c->cgroup_kill_fd >= 0)
		if (pwrite(c->cgroup_kill_fd, "1", 1, 0) != 1)
			kill_walk(c);
	for (;;) {
		/* Each round kills what is left; every waitpid reaps at least one,
		 * so this ends even if something escaped the cgroup. */
		if (c->kind != PD_CONTAIN_CGROUP)
			kill_walk(c);
		else if (cgroup_is_empty(c))
			kill_children();
		pid_t pid = waitpid(-1, NULL, __WALL);
		if (pid < 0 && errno == ECHILD)
			break;
	}
}

void pd_contain_cleanup(struct pd_contain *c)
{
	/* cgroups the command left below its own: empty now, removed first */
	if (c->cgroup_fd >= 0 && nr_descendants(c) > 0) {
		int dir = open_cgroup_dir(c);
		if (dir >= 0)
			for_each_subcgroup(dir, 0, remove_subcgroup, NULL);
	}
	close_cgroup_fds(c);
	if (c->parent_fd >= 0) {
		if (c->cgroup_name[0] && unlinkat(c->parent_fd, c->cgroup_name, AT_REMOVEDIR) < 0)
			pd_warn("cannot remove cgroup %s", c->cgroup_name);
		close(c->parent_fd);
		c->parent_fd = -1;
	}
	c->cgroup_name[0] = '\0';
}
