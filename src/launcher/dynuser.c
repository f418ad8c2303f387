/*
 * dynuser.c - DynamicUser=yes: lease a uid/gid pair (uid == gid) from
 * 61184-65519, systemd's range for dynamic users, that is in no passwd or
 * group entry, used by no running process and not leased by a concurrent
 * paddock. The lease is an flock(2) on /run/paddock/dynamic-user/UID held
 * for the whole run; the kernel drops it when paddock exits, even on a
 * crash. A private uid is what makes LimitNPROC= count only this run's
 * processes (see docs/security.md).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/sandbox_plan.h"

#define DYN_FIRST 61184u
#define DYN_LAST  65519u
#define DYN_COUNT (DYN_LAST - DYN_FIRST + 1)
#define RUN_DIR	  "/run/paddock"
#define LEASE_DIR RUN_DIR "/dynamic-user"

/* Create DIR if needed and check that only root can change it: a
 * directory, not a symlink, owned by root, writable by no one else. */
static int trusted_dir(const char *dir, mode_t mode, struct pd_diag *d)
{
	struct stat st;
	if (mkdir(dir, mode) < 0 && errno != EEXIST) {
		pd_diag_set(d, "DynamicUser=yes: cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) < 0) {
		pd_diag_set(d, "DynamicUser=yes: %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022)) {
		pd_diag_set(d,
			    "DynamicUser=yes: %s is not a root-owned directory writable only by "
			    "root; refusing to trust it",
			    dir);
		return -1;
	}
	return 0;
}

/* Mark in USED every id of the range that a running process holds as a
 * real, effective, saved or filesystem uid or gid. */
static void scan_processes(unsigned char *used)
{
	DIR *proc = opendir("/proc");
	if (!proc)
		return;
	struct dirent *e;
	char path[300], line[256];
	while ((e = readdir(proc))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			unsigned id[4];
			if (strncmp(line, "Uid:", 4) && strncmp(line, "Gid:", 4))
				continue;
			int n = sscanf(line + 4, "%u %u %u %u", &id[0], &id[1], &id[2], &id[3]);
			for (int i = 0; i < n; i++)
				if (id[i] >= DYN_FIRST && id[i] <= DYN_LAST)
					used[id[i] - DYN_FIRST] = 1;
		}
		fclose(f);
	}
	closedir(proc);
}

int pd_dynuser_lease(struct pd_sandbox_plan *p, struct pd_diag *d)
{
	if (geteuid() != 0) {
		pd_diag_set(d, "DynamicUser=yes needs paddock to run as root");
		return -1;
	}
	if (trusted_dir(RUN_DIR, 0755, d) < 0 || trusted_dir(LEASE_DIR, 0700, d) < 0)
		return -1;
	unsigned char *used = calloc(DYN_COUNT, 1);
	if (!used) {
		pd_diag_set(d, "DynamicUser=yes: out of memory");
		return -1;
	}
	scan_processes(used);
	/* Start at a pid-dependent point so concurrent runs rarely contend. */
	unsigned start = (unsigned)getpid() % DYN_COUNT;
	for (unsigned i = 0; i < DYN_COUNT; i++) {
		unsigned id = DYN_FIRST + (start + i) % DYN_COUNT;
		if (used[id - DYN_FIRST] || getpwuid(id) || getgrgid(id))
			continue;
		char path[64];
		snprintf(path, sizeof(path), LEASE_DIR "/%u", id);
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			continue;
		}
		free(used);
		p->dyn_lock_fd = fd;
		p->dyn_uid = (int)id;
		p->uid = id;
		p->gid = id;
		return 0;
	}
	free(used);
	pd_diag_set(d, "DynamicUser=yes: every uid in %u-%u is in use", DYN_FIRST, DYN_LAST);
	return -1;
}

void pd_dynuser_release(struct pd_sandbox_plan *p)
{
	/* The file stays: unlinking a lock file races with a concurrent
	 * opener, and at most 4336 tiny files can exist. */
	if (p->dyn_lock_fd >= 0)
		close(p->dyn_lock_fd);
	p->dyn_lock_fd = -1;
}
