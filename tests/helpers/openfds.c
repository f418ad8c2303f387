/* openfds N: open /dev/null N times; exits 1 printing how many it got when
 * LimitNOFILE= stops it with EMFILE. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 100;
	for (int i = 0; i < n; i++) {
		if (open("/dev/null", O_RDONLY) < 0) {
			printf("opened %d: %s\n", i, strerror(errno));
			return 1;
		}
	}
	printf("opened %d\n", n);
	return 0;
}
