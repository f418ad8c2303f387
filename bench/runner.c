/*
 * runner.c - runs the variants of one benchmark interleaved, round after
 * round, and prints their raw figures as TSV for bench/report.c. Each
 * variant is a command; the runner times fork..wait4 itself (wall, and the
 * CPU time wait4 reports for the child and its reaped descendants) and,
 * with -c, also collects "metric value unit" lines from the command's stdout.
 * A variant whose first run fails is printed as "not run" with the reason.
 *
 * Usage: runner [-n ROUNDS] [-w WARMUP] [-c] BENCH SPECFILE
 *   -n  measured rounds (default 10)
 *   -w  unmeasured warm-up runs of each variant first (default 1); the first
 *       keeps stderr, so a variant that cannot start is caught before timing
 *   -c  collect "metric value unit" lines from each command's stdout
 * SPECFILE: one variant a line, "NAME<TAB>ARGV0 ARG1 ..." (arguments split
 * on spaces; '#' starts a comment line).
 * Output lines (tab-separated):
 *   R BENCH VARIANT METRIC UNIT v1,v2,...    raw figures, one per round
 *   N BENCH VARIANT REASON                   not run, and why
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

#define MAX_VARIANTS 32
#define MAX_METRICS  24
#define MAX_ARGS     64

struct metric {
	char name[48];
	char unit[16];
	double *v; /* one per round */
	int n;
};

struct variant {
	char name[64];
	char *argv[MAX_ARGS];
	struct metric m[MAX_METRICS];
	int nm;
	char failed[320]; /* non-empty: not run, and why */
};

static int rounds = 10, warmup = 1, capture;
static struct variant vars[MAX_VARIANTS];
static int nvars;

static void die(const char *what, const char *val)
{
	fprintf(stderr, "bench/runner: %s: %s: %s\n", what, val, strerror(errno));
	exit(2);
}

static void parse_spec(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot open spec", path);
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (!tab || nvars == MAX_VARIANTS) {
			fprintf(stderr, "bench/runner: %s: bad or too many lines: %s\n", path,
				line);
			exit(2);
		}
		*tab = 0;
		struct variant *v = &vars[nvars++];
		snprintf(v->name, sizeof v->name, "%s", line);
		int argc = 0;
		for (char *tok = strtok(tab + 1, " "); tok && argc < MAX_ARGS - 1;
		     tok = strtok(NULL, " "))
			v->argv[argc++] = strdup(tok);
		v->argv[argc] = NULL;
		if (!argc) {
			fprintf(stderr, "bench/runner: %s: variant %s has no command\n", path,
				v->name);
			exit(2);
		}
	}
	free(line);
	fclose(f);
}

static struct metric *metric_of(struct variant *v, const char *name, const char *unit)
{
	for (int i = 0; i < v->nm; i++)
		if (!strcmp(v->m[i].name, name))
			return &v->m[i];
	if (v->nm == MAX_METRICS)
		return NULL;
	struct metric *m = &v->m[v->nm++];
	snprintf(m->name, sizeof m->name, "%s", name);
	snprintf(m->unit, sizeof m->unit, "%s", unit);
	m->v = calloc((size_t)rounds, sizeof *m->v);
	if (!m->v)
		die("calloc", "metrics");
	return m;
}

/* First line of an fd's content (from offset 0), or "" . */
static void first_line(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
}

struct outcome {
	int status;
	uint64_t wall_ns, cpu_ns;
	char err[160];
};

/*
 * Run one command: stdin from /dev/null, stdout to out_fd (or /dev/null),
 * stderr to err_fd (or /dev/null). Times fork() to wait4() return.
 */
static void run_once(struct variant *v, int out_fd, int err_fd, struct outcome *o)
{
	int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd < 0)
		die("open", "/dev/null");
	int in = null_fd, out = out_fd >= 0 ? out_fd : null_fd,
	    err = err_fd >= 0 ? err_fd : null_fd;
	struct rusage ru;
	uint64_t t0 = bench_now_ns();
	pid_t pid = fork();
	if (pid < 0)
		die("fork", v->name);
	if (pid == 0) {
		/* only async-signal-safe calls from here */
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		execvp(v->argv[0], v->argv);
		/* "cannot execute PATH: why"; write() only, we are a forked child */
		const char *e =
		    errno == ENOENT ? "not installed or not built" : strerrordesc_np(errno);
		const char *parts[] = {"cannot execute ", v->argv[0], ": ", e};
		for (size_t i = 0; i < 4; i++)
			(void)!write(2, parts[i], strlen(parts[i]));
		_exit(127);
	}
	int st;
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4", v->name);
	uint64_t t1 = bench_now_ns();
	close(null_fd);
	o->status = st;
	o->wall_ns = t1 - t0;
	o->cpu_ns = (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
		    (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
	o->err[0] = 0;
	if (err_fd >= 0)
		first_line(err_fd, o->err, sizeof o->err);
}

static void describe_failure(const struct outcome *o, char *buf, size_t len)
{
	char how[64];
	if (WIFSIGNALED(o->status))
		snprintf(how, sizeof how, "killed by signal %d (%s)", WTERMSIG(o->status),
			 strsignal(WTERMSIG(o->status)));
	else
		snprintf(how, sizeof how, "exit status %d", WEXITSTATUS(o->status));
	snprintf(buf, len, "%s%s%s", how, o->err[0] ? ": " : "", o->err);
}

/* Parse "metric value unit" lines of a capture fd into round r. */
static int collect(struct variant *v, int fd, int r)
{
	char buf[8192];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	buf[n > 0 ? n : 0] = 0;
	int got = 0;
	for (char *save, *line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[48], unit[16];
		double val;
		if (sscanf(line, "%47s %lf %15s", name, &val, unit) != 3)
			continue;
		struct metric *m = metric_of(v, name, unit);
		if (!m)
			continue;
		if (m->n == r) {
			m->v[m->n++] = val;
			got++;
		}
	}
	return got;
}

static int memfd(void)
{
	int fd = memfd_create("bench", MFD_CLOEXEC);
	if (fd < 0)
		die("memfd_create", "capture");
	return fd;
}

/* Probe (the first warm-up run): run once capturing stderr; any failure
 * marks the variant not run. */
static void probe(struct variant *v)
{
	int out = memfd(), err = memfd();
	struct outcome o;
	run_once(v, out, err, &o);
	if (!WIFEXITED(o.status) || WEXITSTATUS(o.status) != 0)
		describe_failure(&o, v->failed, sizeof v->failed);
	else if (capture) {
		char buf[256];
		first_line(out, buf, sizeof buf);
		if (!strstr(buf, " "))
			snprintf(v->failed, sizeof v->failed, "printed no figures");
	}
	close(out);
	close(err);
}

static void measure(struct variant *v, int r)
{
	int out = capture ? memfd() : -1;
	int err = memfd();
	struct outcome o;
	run_once(v, out, err, &o);
	if (!WIFEXITED(o.status) || WEXITSTATUS(o.status) != 0) {
		char why[240];
		describe_failure(&o, why, sizeof why);
		if (r == 0) /* without warm-up, round 1 is the probe */
			snprintf(v->failed, sizeof v->failed, "%s", why);
		else
			snprintf(v->failed, sizeof v->failed, "failed in round %d: %s", r + 1, why);
	} else {
		metric_of(v, "wall", "ns")->v[r] = (double)o.wall_ns;
		metric_of(v, "wall", "ns")->n = r + 1;
		metric_of(v, "cpu", "ns")->v[r] = (double)o.cpu_ns;
		metric_of(v, "cpu", "ns")->n = r + 1;
		if (capture && collect(v, out, r) == 0)
			snprintf(v->failed, sizeof v->failed, "printed no figures (round %d)",
				 r + 1);
	}
	if (out >= 0)
		close(out);
	close(err);
}

static void usage(void)
{
	fprintf(stderr, "usage: runner [-n ROUNDS] [-w WARMUP] [-c] BENCH SPECFILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "n:w:c")) != -1) {
		if (opt == 'n')
			rounds = (int)bench_count_arg("-n", optarg);
		else if (opt == 'w')
			warmup = atoi(optarg);
		else if (opt == 'c')
			capture = 1;
		else
			usage();
	}
	if (argc - optind != 2)
		usage();
	const char *bench = argv[optind];
	parse_spec(argv[optind + 1]);
	signal(SIGPIPE, SIG_IGN);

	/* The probe is the first warm-up run; with -w 0 the first round is. */
	if (warmup > 0)
		for (int i = 0; i < nvars; i++)
			probe(&vars[i]);
	for (int w = 1; w < warmup; w++)
		for (int i = 0; i < nvars; i++)
			if (!vars[i].failed[0]) {
				struct outcome o;
				run_once(&vars[i], -1, -1, &o);
			}
	/* Interleave: every round runs each variant once, the start rotating. */
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < nvars; k++) {
			struct variant *v = &vars[(r + k) % nvars];
			if (!v->failed[0])
				measure(v, r);
		}

	for (int i = 0; i < nvars; i++) {
		struct variant *v = &vars[i];
		if (v->failed[0]) {
			for (char *p = v->failed; *p; p++)
				if (*p == '\t' || *p == '\n')
					*p = ' ';
			printf("N\t%s\t%s\t%s\n", bench, v->name, v->failed);
			continue;
		}
		for (int j = 0; j < v->nm; j++) {
			struct metric *m = &v->m[j];
			printf("R\t%s\t%s\t%s\t%s\t", bench, v->name, m->name, m->unit);
			for (int r = 0; r < m->n; r++)
				printf("%s%.6g", r ? "," : "", m->v[r]);
			printf("\n");
		}
	}
	return 0;
}
