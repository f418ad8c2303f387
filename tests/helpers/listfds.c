/* listfds: print the numbers of this process's open fds, one per line
 * (tests that the child closed everything but 0, 1, 2). The fd named by
 * PADDOCK_STATS_FD, which paddock passes on purpose, is left out. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	const char *stats = getenv("PADDOCK_STATS_FD");
	int stats_fd = stats ? atoi(stats) : -1;
	if (!d)
		return 1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d) &&
		    atoi(e->d_name) != stats_fd)
			printf("%s\n", e->d_name);
	closedir(d);
	return 0;
}
