/*
 * spin - burns CPU forever, making and dropping small cyclic garbage (a
 * list that contains itself), until LimitCPU= stops it: the kernel sends
 * SIGXCPU at the soft limit (and SIGKILL at the hard one), and the verdict
 * is cpu-limit. The report still shows the collections that ran.
 *
 *   paddock run -p LimitCPU=1:2 build/workloads/spin
 *
 * Usage: spin [ROUNDS]   (default: forever)
 */
#include <stdio.h>
#include <stdlib.h>

#include "pgc.h"

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : -1;
	long made = 0;
	for (long r = 0; rounds < 0 || r < rounds; r++) {
		pgc_object *l = pgc_list_new();
		if (!l || pgc_list_append(l, l) < 0) /* l -> l: only the collector frees it */
			return 1;
		pgc_decref(l);
		made++;
	}
	printf("spin: %ld rounds\n", made);
	return 0;
}
