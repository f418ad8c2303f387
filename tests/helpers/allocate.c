/* allocate BYTES [HOLD_SECONDS]: malloc BYTES, touch every page, optionally
 * hold it. Exits 1 with "allocate: failed" when malloc fails (LimitAS/DATA). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: allocate BYTES [HOLD_SECONDS]\n");
		return 2;
	}
	size_t n = strtoull(argv[1], NULL, 0);
	char *p = malloc(n);
	if (!p) {
		fprintf(stderr, "allocate: failed to allocate %zu bytes\n", n);
		return 1;
	}
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;
	if (argc > 2)
		sleep((unsigned)atoi(argv[2]));
	printf("allocated %zu\n", n);
	return 0;
}
