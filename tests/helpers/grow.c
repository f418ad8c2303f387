/* grow STEP_BYTES: allocate and touch STEP_BYTES every 10 ms, forever (for
 * LimitRSS=, which only paddock's sampler enforces). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	size_t step = argc > 1 ? strtoull(argv[1], NULL, 0) : (8u << 20);
	struct timespec ts = {0, 10 * 1000 * 1000};
	for (;;) {
		char *p = malloc(step);
		if (!p)
			return 1;
		for (size_t i = 0; i < step; i += 4096)
			p[i] = 1;
		nanosleep(&ts, NULL);
	}
}
