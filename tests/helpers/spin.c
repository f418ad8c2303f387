/* spin [SECONDS]: burn CPU for SECONDS of wall time (default: forever). */
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0;
	struct timespec t0, now;
	volatile unsigned long x = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		for (int i = 0; i < 1000000; i++)
			x += (unsigned long)i;
		if (secs <= 0)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9 >=
		    secs)
			return 0;
	}
}
