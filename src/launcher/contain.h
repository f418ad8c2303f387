/*
 * contain.h - making sure no descendant outlives the run. The strongest
 * mechanism available is chosen at setup, with clean fallbacks:
 *   1. cgroup-kill:   a per-run cgroup v2 with cgroup.kill;
 *   2. pid-namespace: CLONE_NEWPID with paddock's own init as PID 1;
 *   3. subreaper:     PR_SET_CHILD_SUBREAPER plus a walk of the children.
 * paddock is always a child subreaper, so orphans are reaped (and their
 * rusage counted) by paddock. See docs/report.md "containment".
 */
#ifndef PD_CONTAIN_H
#define PD_CONTAIN_H

#include <sys/types.h>

enum pd_contain_kind {
	PD_CONTAIN_AUTO,
	PD_CONTAIN_CGROUP,
	PD_CONTAIN_PIDNS,
	PD_CONTAIN_SUBREAPER,
};

struct pd_contain {
	enum pd_contain_kind kind;
	int cgroup_fd;	     /* O_PATH|O_DIRECTORY fd of the run's cgroup, or -1 */
	int cgroup_procs_fd; /* cgroup.procs of the run's cgroup, or -1 */
	int cgroup_kill_fd;  /* cgroup.kill, or -1 */
	int cgroup_stat_fd;  /* cgroup.stat (nr_descendants), or -1 */
	int parent_fd;	     /* the directory the run's cgroup was made in */
	char cgroup_name[64];
};

/* "cgroup-kill", "pid-namespace", "subreaper". */
const char *pd_contain_name(enum pd_contain_kind k);
/* Parse a name as above (or "auto"); -1 when unknown. */
int pd_contain_parse(const char *s, enum pd_contain_kind *out);

/* Choose and prepare the mechanism. WANT is PD_CONTAIN_AUTO or a forced one.
 * Returns 0, or -1 with a message printed when a forced mechanism is not
 * available. Makes paddock a child subreaper. */
int pd_contain_setup(struct pd_contain *c, enum pd_contain_kind want);

/* The mechanism could not be used at spawn time (e.g. clone3 refused the
 * cgroup): release it and fall back to the next one. */
void pd_contain_downgrade(struct pd_contain *c);

/* SIGKILL everything in the run: MAIN (the command, or the init) via its
 * PIDFD, and every other descendant. Safe to call repeatedly. */
void pd_contain_kill(struct pd_contain *c, pid_t main_pid, int pidfd);

/* After the command has been reaped: kill every remaining descendant and
 * reap all of them, until paddock has no children. */
void pd_contain_finish(struct pd_contain *c);

/* Remove the cgroup and close fds. */
void pd_contain_cleanup(struct pd_contain *c);

/* Fill PIDS (up to MAX) with the processes of the run, excluding EXCLUDE
 * (the pid-namespace init). Returns the count (may exceed MAX: truncated),
 * or -1. Cheap: cgroup.procs (plus the cgroups the command made below its
 * own, only when cgroup.stat says there are any), or the /proc children
 * lists; never a walk of /proc. */
int pd_contain_list(struct pd_contain *c, pid_t exclude, pid_t *pids, int max);

#endif
