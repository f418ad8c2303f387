/* recurse: unbounded recursion with 4 KiB frames, until the stack limit
 * (LimitSTACK=) stops it with SIGSEGV. */
#include <stdio.h>
#include <string.h>

static unsigned long limit = ~0ul; /* never reached; keeps -Winfinite-recursion quiet */

static unsigned long depth(unsigned long n)
{
	volatile char frame[4096];
	memset((char *)frame, (int)n, sizeof(frame));
	if (n >= limit)
		return n;
	return depth(n + 1) + frame[n % sizeof(frame)];
}

int main(void)
{
	printf("%lu\n", depth(0));
	return 0;
}
