/*
 * report.c - turns the harness's TSV stream (bench/run.sh, bench/runner.c)
 * into the Markdown report: per benchmark, tables of medians, spread and
 * ratios to the baseline; then every target with "met" / "not met" and the
 * measured ratio. With --full it adds the raw figures (for build/bench.md).
 *
 * Usage: report [--full] RAWFILE
 * Input lines (tab-separated), in any order except that H comes first:
 *   M KEY VALUE                               machine description
 *   H BENCH TITLE DESCRIPTION                 a benchmark section
 *   B BENCH METRIC BASELINE LABEL             a table: METRIC of every variant
 *   C BENCH METRIC,METRIC,... LABEL           a table: medians of several metrics
 *   R BENCH VARIANT METRIC UNIT v1,v2,...     raw figures (bench/runner)
 *   N BENCH VARIANT REASON                    a variant that did not run
 *   T BENCH METRIC VARIANT REF LIMIT LABEL    target: median ratio <= LIMIT
 *   A BENCH METRIC VARIANT LIMIT LABEL        target: median <= LIMIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXF 16
#define MAXL 4096

struct line {
	char kind;
	char *f[MAXF]; /* fields after the kind */
	int nf;
};

static struct line *lines;
static size_t nlines;

static void load(const char *path)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		perror(path);
		exit(2);
	}
	char *buf = NULL;
	size_t cap = 0, alloc = 0;
	while (getline(&buf, &cap, fp) > 0) {
		buf[strcspn(buf, "\n")] = 0;
		if (!buf[0] || !buf[1] || buf[1] != '\t')
			continue;
		if (nlines == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			lines = realloc(lines, alloc * sizeof *lines);
			if (!lines)
				exit(2);
		}
		struct line *l = &lines[nlines++];
		l->kind = buf[0];
		l->nf = 0;
		char *s = strdup(buf + 2), *save;
		for (char *t = strtok_r(s, "\t", &save); t && l->nf < MAXF;
		     t = strtok_r(NULL, "\t", &save))
			l->f[l->nf++] = t;
	}
	free(buf);
	fclose(fp);
}

struct series {
	const char *unit;
	double *v;
	int n;
	double med, p25, p75;
	const char *notrun; /* non-NULL: the variant did not run */
};

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double quantile(const double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;
	return i + 1 < n ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[n - 1];
}

/* The figures of (bench, variant, metric), or a not-run reason. */
static int find(const char *bench, const char *variant, const char *metric, struct series *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < nlines; i++) {
		struct line *l = &lines[i];
		if (l->kind == 'N' && l->nf >= 3 && !strcmp(l->f[0], bench) &&
		    !strcmp(l->f[1], variant)) {
			s->notrun = l->f[2];
			return 0;
		}
		if (l->kind != 'R' || l->nf < 5 || strcmp(l->f[0], bench) ||
		    strcmp(l->f[1], variant) || strcmp(l->f[2], metric))
			continue;
		s->unit = l->f[3];
		char *copy = strdup(l->f[4]), *save;
		s->v = malloc((strlen(copy) / 2 + 2) * sizeof *s->v);
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
			s->v[s->n++] = strtod(t, NULL);
		free(copy);
		if (!s->n)
			return -1;
		qsort(s->v, (size_t)s->n, sizeof *s->v, cmp_d);
		s->med = quantile(s->v, s->n, 0.5);
		s->p25 = quantile(s->v, s->n, 0.25);
		s->p75 = quantile(s->v, s->n, 0.75);
		return 1;
	}
	return -1;
}

static void fmt(double v, const char *unit, char *buf, size_t len)
{
	if (!strcmp(unit, "ns")) {
		if (v < 1e3)
			snprintf(buf, len, "%.1f ns", v);
		else if (v < 1e6)
			snprintf(buf, len, "%.2f µs", v / 1e3);
		else if (v < 1e9)
			snprintf(buf, len, "%.2f ms", v / 1e6);
		else
			snprintf(buf, len, "%.3f s", v / 1e9);
	} else if (!strcmp(unit, "B"))
		snprintf(buf, len, "%.1f B", v);
	else
		snprintf(buf, len, "%.0f", v);
}

/* Variants of a bench in the order they first appear. */
static int variants(const char *bench, const char **out, int max)
{
	int n = 0;
	for (size_t i = 0; i < nlines; i++) {
		struct line *l = &lines[i];
		if ((l->kind != 'R' && l->kind != 'N') || l->nf < 3 || strcmp(l->f[0], bench))
			continue;
		int seen = 0;
		for (int j = 0; j < n; j++)
			seen |= !strcmp(out[j], l->f[1]);
		if (!seen && n < max)
			out[n++] = l->f[1];
	}
	return n;
}

static void table(const char *bench, const char *metric, const char *base, const char *label)
{
	const char *vars[64];
	int nv = variants(bench, vars, 64);
	struct series b;
	int have_base = find(bench, base, metric, &b) == 1;
	printf("\n%s (ratio to `%s`):\n\n", label, base);
	printf("| variant | median | spread (p25–p75) | runs | ratio |\n");
	printf("| --- | ---: | ---: | ---: | ---: |\n");
	for (int i = 0; i < nv; i++) {
		struct series s;
		int rc = find(bench, vars[i], metric, &s);
		if (rc == 0)
			printf("| %s | not run: %s | | | |\n", vars[i], s.notrun);
		if (rc != 1)
			continue;
		char med[32], lo[32], hi[32], ratio[32] = "—";
		fmt(s.med, s.unit, med, sizeof med);
		fmt(s.p25, s.unit, lo, sizeof lo);
		fmt(s.p75, s.unit, hi, sizeof hi);
		if (have_base && b.med > 0)
			snprintf(ratio, sizeof ratio, "%.3f×", s.med / b.med);
		if (s.n > 1)
			printf("| %s | %s | %s – %s | %d | %s |\n", vars[i], med, lo, hi, s.n,
			       ratio);
		else
			printf("| %s | %s | — | 1 | %s |\n", vars[i], med, ratio);
		free(s.v);
	}
	if (have_base)
		free(b.v);
}

/* One row per variant, one column per metric (medians; no ratios). */
static void ctable(const char *bench, const char *metrics, const char *label)
{
	const char *vars[64];
	char *names[MAXF], *copy = strdup(metrics), *save;
	int nv = variants(bench, vars, 64), nm = 0;
	for (char *t = strtok_r(copy, ",", &save); t && nm < MAXF; t = strtok_r(NULL, ",", &save))
		names[nm++] = t;
	printf("\n%s:\n\n| variant |", label);
	for (int j = 0; j < nm; j++)
		printf(" %s |", names[j]);
	printf("\n| --- |");
	for (int j = 0; j < nm; j++)
		printf(" ---: |");
	printf("\n");
	for (int i = 0; i < nv; i++) {
		struct series s;
		if (find(bench, vars[i], names[0], &s) == 0) {
			printf("| %s | not run: %s |", vars[i], s.notrun);
			for (int j = 1; j < nm; j++)
				printf(" |");
			printf("\n");
			continue;
		}
		printf("| %s |", vars[i]);
		for (int j = 0; j < nm; j++) {
			char cell[32] = "—";
			if (find(bench, vars[i], names[j], &s) == 1) {
				fmt(s.med, s.unit, cell, sizeof cell);
				free(s.v);
			}
			printf(" %s |", cell);
		}
		printf("\n");
	}
	free(copy);
}

static int n_met, n_notmet, n_unmeasured;

/* Evaluates one T or A line into a table row. */
static void target(const struct line *l)
{
	struct series v, r;
	char measured[96], why[400] = "";
	int ok = -1;
	const char *bench = l->f[0], *metric = l->f[1], *variant = l->f[2];
	if (l->kind == 'T' && l->nf >= 6) {
		double limit = strtod(l->f[4], NULL);
		int rv = find(bench, variant, metric, &v), rr = find(bench, l->f[3], metric, &r);
		if (rv == 1 && rr == 1 && r.med > 0) {
			double ratio = v.med / r.med;
			ok = ratio <= limit;
			/* more digits when rounding would hide which side of the limit */
			int digits = fabs(ratio - limit) < 0.0005 ? 5 : 3;
			snprintf(measured, sizeof measured, "%.*f× (limit %s×)", digits, ratio,
				 l->f[4]);
		} else
			snprintf(why, sizeof why, "`%s`: %s", rv == 1 ? l->f[3] : variant,
				 (rv == 1 ? rr : rv) == 0 ? (rv == 1 ? r.notrun : v.notrun)
							  : "no figures");
		if (rv == 1)
			free(v.v);
		if (rr == 1)
			free(r.v);
	} else if (l->kind == 'A' && l->nf >= 5) {
		double limit = strtod(l->f[3], NULL);
		int rv = find(bench, variant, metric, &v);
		if (rv == 1) {
			char a[32], b[32];
			fmt(v.med, v.unit, a, sizeof a);
			fmt(limit, v.unit, b, sizeof b);
			snprintf(measured, sizeof measured, "%s (limit %s)", a, b);
			ok = v.med <= limit;
			free(v.v);
		} else
			snprintf(why, sizeof why, "`%s`: %s", variant,
				 rv == 0 ? v.notrun : "no figures");
	} else
		return;
	const char *label = l->f[l->nf - 1];
	if (ok < 0) {
		n_unmeasured++;
		printf("| %s | %s | not measured: %s |\n", bench, label, why);
	} else {
		ok ? n_met++ : n_notmet++;
		printf("| %s | %s | %s: **%s** |\n", bench, label, measured,
		       ok ? "met" : "not met");
	}
}

static void raw(void)
{
	printf("\n## Raw figures\n\nOne value per measured round, in round order "
	       "(R lines; N lines: not run, and why).\n\n```\n");
	for (size_t i = 0; i < nlines; i++) {
		struct line *l = &lines[i];
		if (l->kind != 'R' && l->kind != 'N')
			continue;
		printf("%c", l->kind);
		for (int j = 0; j < l->nf; j++)
			printf("\t%s", l->f[j]);
		printf("\n");
	}
	printf("```\n");
}

int main(int argc, char **argv)
{
	int full = argc == 3 && !strcmp(argv[1], "--full");
	if (argc != 2 + full) {
		fprintf(stderr, "usage: report [--full] RAWFILE\n");
		return 2;
	}
	load(argv[1 + full]);
	printf("# paddock benchmarks\n\n");
	for (size_t i = 0; i < nlines; i++)
		if (lines[i].kind == 'M' && lines[i].nf >= 2)
			printf("- %s: %s\n", lines[i].f[0], lines[i].f[1]);
	for (size_t i = 0; i < nlines; i++) {
		struct line *h = &lines[i];
		if (h->kind != 'H' || h->nf < 3)
			continue;
		printf("\n## %s\n\n%s\n", h->f[1], h->f[2]);
		for (size_t j = 0; j < nlines; j++)
			if (lines[j].kind == 'B' && lines[j].nf >= 4 &&
			    !strcmp(lines[j].f[0], h->f[0]))
				table(h->f[0], lines[j].f[1], lines[j].f[2], lines[j].f[3]);
			else if (lines[j].kind == 'C' && lines[j].nf >= 3 &&
				 !strcmp(lines[j].f[0], h->f[0]))
				ctable(h->f[0], lines[j].f[1], lines[j].f[2]);
	}
	printf("\n## Targets\n\n| bench | target | result |\n| --- | --- | --- |\n");
	for (size_t i = 0; i < nlines; i++)
		target(&lines[i]);
	printf("\n%d met, %d not met, %d not measured.\n", n_met, n_notmet, n_unmeasured);
	if (full)
		raw();
	return 0;
}
