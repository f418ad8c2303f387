/* writefile PATH BYTES: write BYTES to PATH in 64 KiB chunks (LimitFSIZE=
 * ends it with SIGXFSZ). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	if (argc < 3) {
		fprintf(stderr, "usage: writefile PATH BYTES\n");
		return 2;
	}
	unsigned long long n = strtoull(argv[2], NULL, 0);
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror("writefile: open");
		return 1;
	}
	memset(buf, 'x', sizeof(buf));
	while (n) {
		size_t chunk = n < sizeof(buf) ? (size_t)n : sizeof(buf);
		ssize_t w = write(fd, buf, chunk);
		if (w < 0) {
			perror("writefile: write");
			return 1;
		}
		n -= (unsigned long long)w;
	}
	return close(fd) ? 1 : 0;
}
