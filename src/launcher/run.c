/*
 * run.c - one run, in the order of docs/architecture.md "One run":
 * prepare (may fail with 125), spawn, watch from the event loop, contain,
 * measure. Formatting is elsewhere (report_*.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/err.h"
#include "common/readtext.h"
#include "launcher/loop.h"
#include "launcher/run.h"
#include "launcher/stats_read.h"

extern char **environ;

void pd_run_kill(struct pd_run *run, enum pd_verdict why, const char *note)
{
	if (!run->killing) {
		run->killing = 1;
		run->kill_verdict = why;
		snprintf(run->kill_note, sizeof(run->kill_note), "%s", note ? note : "");
	}
	if (!run->main_done)
		pd_contain_kill(&run->contain, run->pid, run->pidfd);
}

struct pd_loop *pd_run_loop(struct pd_run *run) { return run->loop; }

static double elapsed_s(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Reap whatever has exited: orphans (paddock is their subreaper) and the
 * command. Stops the loop once the command is reaped. */
static void reap_ready(struct pd_run *run)
{
	for (;;) {
		int status;
		struct rusage ru;
		pid_t pid = wait4(-1, &status, WNOHANG | __WALL, &ru);
		if (pid <= 0)
			break;
		if (pid == run->pid) {
			run->res->wall_s = elapsed_s(&run->t0);
			run->main_done = 1;
			run->main_status = status;
			run->main_ru = ru;
			pd_loop_stop(run->loop);
		}
	}
}

static void on_pidfd(struct pd_loop *loop, int fd, uint32_t events, void *arg) { reap_ready(arg); }

static void on_signal(struct pd_loop *loop, int signo, const struct signalfd_siginfo *si, void *arg)
{
	struct pd_run *run = arg;
	if (signo == SIGCHLD) {
		reap_ready(run);
		return;
	}
	if (!run->killing)
		run->res->interrupt_signal = signo;
	char note[64];
	snprintf(note, sizeof(note), "paddock received %s", pd_signal_name(signo));
	pd_run_kill(run, PD_V_INTERRUPTED, note);
}

static void on_wall_timer(struct pd_loop *loop, int fd, void *arg)
{
	struct pd_run *run = arg;
	pd_run_kill(run, PD_V_WALL_TIMEOUT, NULL);
	pd_loop_del_fd(loop, fd);
}

static void on_sample_timer(struct pd_loop *loop, int fd, void *arg)
{
	struct pd_run *run = arg;
	if (run->main_done)
		return;
	uint64_t rss = pd_sampler_sample(&run->sampler);
	const struct pd_rlimit_setting *l = &run->cfg->limits.rl[PD_RL_RSS];
	if (l->set && l->hard != RLIM_INFINITY && rss > l->hard && !run->killing) {
		char note[160];
		snprintf(note, sizeof(note),
			 "tree-wide resident memory %llu bytes exceeded LimitRSS=%llu; paddock "
			 "killed the tree (the kernel does not enforce RLIMIT_RSS)",
			 (unsigned long long)rss, (unsigned long long)l->hard);
		pd_run_kill(run, PD_V_RSS_LIMIT, note);
	}
}

static struct timespec ts_add_usec(struct timespec t, uint64_t usec)
{
	t.tv_sec += (time_t)(usec / 1000000);
	t.tv_nsec += (long)(usec % 1000000) * 1000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	return t;
}

/* read_bytes and write_bytes of /proc/self/io: these include every child
 * paddock has reaped, so the difference across the run covers the tree. */
static void read_self_io(uint64_t *rd, uint64_t *wr)
{
	char buf[512];
	*rd = *wr = 0;
	if (pd_read_text("/proc/self/io", buf, sizeof(buf)) <= 0)
		return;
	char *p = strstr(buf, "\nread_bytes: ");
	if (p)
		*rd = strtoull(p + 13, NULL, 10);
	p = strstr(buf, "\nwrite_bytes: ");
	if (p)
		*wr = strtoull(p + 14, NULL, 10);
}

/* Limits not set by paddock are inherited from it: report those values
 * (set stays 0). Ten getrlimit calls, no allocation. */
static void report_inherited_limits(struct pd_limits *l)
{
	for (int r = 0; r < PD_RL_COUNT; r++) {
		struct rlimit cur;
		if (l->rl[r].set || getrlimit(pd_rl_resource((enum pd_rl)r), &cur) != 0)
			continue;
		l->rl[r].soft = cur.rlim_cur;
		l->rl[r].hard = cur.rlim_max;
	}
}

static void prepare_rlimits(struct pd_run *run)
{
	const struct pd_limits *l = &run->cfg->limits;
	for (int r = 0; r < PD_RL_COUNT; r++) {
		if (!l->rl[r].set)
			continue;
		unsigned i = run->plan.n_rlimits++;
		run->plan.rlimits[i].resource = pd_rl_resource((enum pd_rl)r);
		run->plan.rlimits[i].rl.rlim_cur = l->rl[r].soft;
		run->plan.rlimits[i].rl.rlim_max = l->rl[r].hard;
	}
}

static void launch_error(struct pd_run *run, int step, int err)
{
	struct pd_result *res = run->res;
	res->verdict = PD_V_LAUNCH_ERROR;
	res->launch_errno = err;
	snprintf(res->launch_what, sizeof(res->launch_what), "%s", pd_child_step_name(step));
}

/* Spawn, falling back to weaker containment when clone3 refuses a flag. */
static int spawn_contained(struct pd_run *run)
{
	for (;;) {
		run->plan.pidns_init = run->contain.kind == PD_CONTAIN_PIDNS;
		int rc = pd_spawn(run);
		if (rc == 0)
			return 0;
		if ((rc == -EINVAL || rc == -EPERM || rc == -EOPNOTSUPP || rc == -EBUSY ||
		     rc == -ENOSPC || rc == -EACCES) &&
		    run->containment_wanted == PD_CONTAIN_AUTO &&
		    run->contain.kind != PD_CONTAIN_SUBREAPER) {
			pd_contain_downgrade(&run->contain);
			continue;
		}
		errno = -rc;
		pd_warn("cannot start the command (clone3)");
		return -1;
	}
}

/* After the command's status is known: kill and reap the rest, measure. */
static void finish(struct pd_run *run, uint64_t io_rd0, uint64_t io_wr0)
{
	struct pd_result *res = run->res;
	int status = run->main_status;

	pd_contain_finish(&run->contain);
	pd_contain_cleanup(&run->contain);

	res->main_cpu_s =
	    (double)(run->main_ru.ru_utime.tv_sec + run->main_ru.ru_stime.tv_sec) +
	    (double)(run->main_ru.ru_utime.tv_usec + run->main_ru.ru_stime.tv_usec) / 1e6;
	if (run->plan.pidns_init) {
		struct pd_init_status st;
		if (read(run->init_status_pipe[0], &st, sizeof(st)) == sizeof(st)) {
			status = st.wait_status;
			res->main_cpu_s = (double)st.cpu_usec / 1e6;
		}
	}
	res->exited = WIFEXITED(status);
	res->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
	res->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	res->core_dumped = WIFSIGNALED(status) && WCOREDUMP(status);

	getrusage(RUSAGE_CHILDREN, &res->ru);
	uint64_t rd, wr;
	read_self_io(&rd, &wr);
	res->read_bytes = rd - io_rd0;
	res->write_bytes = wr - io_wr0;

	struct pd_sampler *s = &run->sampler;
	/* A sample may miss a short peak; ru_maxrss is the largest single
	 * process's peak, a lower bound for the tree's. */
	uint64_t maxrss = (uint64_t)res->ru.ru_maxrss * 1024;
	res->peak_rss = s->peak_rss > maxrss ? s->peak_rss : maxrss;
	res->peak_vm = s->peak_vm;
	res->peak_data = s->peak_data;
	res->processes_seen = s->processes_seen;
	res->peak_processes = s->peak_processes ? s->peak_processes : 1;
	res->sample_interval_ms = PD_SAMPLE_INTERVAL_MS;

	if (res->core_dumped)
		pd_core_find(res, run->cfg->sandbox.working_directory,
			     run->plan.pidns_init ? 2 : run->pid);
	pd_stats_read(run->stats_fd, &res->gc); /* the tree is reaped: nothing writes */
	pd_sandbox_finish(run->sandbox, res);
	pd_verdict_decide(run, res);
}

static int watch(struct pd_run *run)
{
	const struct pd_limits *l = &run->cfg->limits;
	if (pd_loop_add_fd(run->loop, run->pidfd, EPOLLIN, on_pidfd, run) < 0)
		return -1;
	if (l->runtime_max_usec) {
		struct timespec when = ts_add_usec(run->t0, l->runtime_max_usec);
		if (pd_loop_add_timer(run->loop, &when, 0, on_wall_timer, run) < 0)
			return -1;
	}
	struct timespec first = ts_add_usec(run->t0, 2000);
	if (pd_loop_add_timer(run->loop, &first, PD_SAMPLE_INTERVAL_MS * 1000, on_sample_timer,
			      run) < 0)
		return -1;
	/* The seccomp listener joined the loop in pd_sandbox_started(). */
	reap_ready(run); /* the command may already be gone */
	if (!run->main_done && pd_loop_run(run->loop) < 0)
		return -1;
	return 0;
}

int pd_run_execute(struct pd_config *cfg, char *const *argv, enum pd_contain_kind containment,
		   struct pd_result *res)
{
	struct pd_run run;
	char *const *envp;
	sigset_t mask;
	int ret = -1;
	char **stats_envp = NULL; /* envp plus PADDOCK_STATS_FD (stats_read.c) */

	memset(&run, 0, sizeof(run));
	run.cfg = cfg;
	run.argv = argv;
	run.res = res;
	run.containment_wanted = containment;
	run.pidfd = run.stats_fd = -1;
	run.err_pipe[0] = run.err_pipe[1] = -1;
	run.init_status_pipe[0] = run.init_status_pipe[1] = -1;
	res->argv = argv;
	res->limits = cfg->limits;
	report_inherited_limits(&res->limits);
	res->page_size = sysconf(_SC_PAGESIZE);
	res->dynamic_uid = -1;
	clock_gettime(CLOCK_REALTIME, &res->start_real);
	run.sandbox = pd_sandbox_prepare_or_die(&cfg->sandbox); /* exits 125 on bad input */
	envp = pd_sandbox_envp(run.sandbox);

	run.path = pd_spawn_resolve(argv[0], envp);
	if (!run.path) {
		launch_error(&run, PD_STEP_EXECVE, errno);
		res->containment = "none";
		pd_sandbox_plan_free(run.sandbox);
		return 0;
	}
	run.plan.path = run.path;
	run.plan.argv = argv;
	run.plan.envp = envp;
	run.plan.cgroup_procs_fd = -1;
	prepare_rlimits(&run);
	run.plan.sandbox_early = pd_sandbox_child_early;
	run.plan.sandbox_apply = pd_sandbox_child_apply;
	run.plan.sandbox_plan = run.sandbox;

	if (pd_contain_setup(&run.contain, containment) < 0)
		goto out;
	/* The stats page (stats_read.c): kept open in the child, named in its
	 * environment, read in finish() once the tree is reaped. Created after
	 * the containment, whose cleanup `goto out` needs. */
	run.stats_fd = pd_stats_create();
	if (run.stats_fd < 0) {
		errno = -run.stats_fd;
		run.stats_fd = -1;
		pd_warn("cannot create the stats page (memfd_create)");
		goto out;
	}
	run.plan.keep_fds[run.plan.n_keep_fds++] = run.stats_fd;
	stats_envp = pd_stats_envp_or_die(run.plan.envp, run.stats_fd, cfg->trace_alloc_frames);
	run.plan.envp = stats_envp;

	if (pipe2(run.err_pipe, O_CLOEXEC) < 0 || pipe2(run.init_status_pipe, O_CLOEXEC) < 0) {
		pd_warn("pipe2");
		goto out;
	}
	run.plan.err_fd = run.err_pipe[1];
	run.plan.init_status_fd = run.init_status_pipe[1];

	/* Signals become loop events; the child restores an empty mask. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	run.loop = pd_loop_new();
	if (!run.loop || pd_loop_add_signals(run.loop, &mask, on_signal, &run) < 0) {
		pd_warn("cannot set up the event loop");
		goto out;
	}

	uint64_t io_rd0, io_wr0;
	read_self_io(&io_rd0, &io_wr0);
	clock_gettime(CLOCK_REALTIME, &res->start_real);
	clock_gettime(CLOCK_MONOTONIC, &run.t0);
	if (spawn_contained(&run) < 0)
		goto out;
	res->containment = pd_contain_name(run.contain.kind);
	pd_sampler_init(&run.sampler, &run.contain, run.plan.pidns_init ? run.pid : 0);
	if (!run.plan.pidns_init)
		pd_sampler_saw(&run.sampler, run.pid);
	close(run.err_pipe[1]);
	close(run.init_status_pipe[1]);
	run.err_pipe[1] = run.init_status_pipe[1] = -1;
	/* Before the pipe is read: the child waits for us to take its seccomp
	 * listener (sandbox.h). */
	if (pd_sandbox_started(run.sandbox, &run) < 0)
		pd_run_kill(&run, PD_V_LAUNCH_ERROR, "the seccomp listener could not be watched");

	/* EOF: execve succeeded. A report: the child failed before it. */
	struct pd_child_report rep = run.early_report;
	ssize_t n = sizeof(rep);
	if (!run.has_early_report) {
		do
			n = read(run.err_pipe[0], &rep, sizeof(rep));
		while (n < 0 && errno == EINTR);
	}
	if (n == sizeof(rep)) {
		launch_error(&run, rep.step, rep.err);
		pd_contain_kill(&run.contain, run.pid, run.pidfd);
		waitpid(run.pid, &run.main_status, __WALL);
		run.main_done = 1;
		res->wall_s = elapsed_s(&run.t0);
		pd_contain_finish(&run.contain);
		pd_contain_cleanup(&run.contain);
		getrusage(RUSAGE_CHILDREN, &res->ru);
		ret = 0;
		goto out;
	}

	if (watch(&run) < 0) {
		pd_warn("event loop failed");
		pd_contain_kill(&run.contain, run.pid, run.pidfd);
		pd_contain_finish(&run.contain);
		pd_contain_cleanup(&run.contain);
		goto out;
	}
	finish(&run, io_rd0, io_wr0);
	ret = 0;
out:
	pd_contain_cleanup(&run.contain);
	for (int i = 0; i < 2; i++) {
		if (run.err_pipe[i] >= 0)
			close(run.err_pipe[i]);
		if (run.init_status_pipe[i] >= 0)
			close(run.init_status_pipe[i]);
	}
	if (run.pidfd >= 0)
		close(run.pidfd);
	pd_loop_free(run.loop);
	free(run.path);
	free(stats_envp);
	if (run.stats_fd >= 0)
		close(run.stats_fd);
	pd_sandbox_plan_free(run.sandbox);
	return ret;
}
