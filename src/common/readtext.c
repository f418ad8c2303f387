/*
 * readtext.c - see readtext.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "common/readtext.h"

ssize_t pd_read_text(const char *path, char *buf, size_t size)
{
	buf[0] = '\0';
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t len = read(fd, buf, size - 1);
	int err = errno;
	close(fd);
	if (len < 0) {
		errno = err;
		return -1;
	}
	buf[len] = '\0';
	return len;
}
