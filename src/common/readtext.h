/*
 * readtext.h - reading a small text file (a /proc or cgroup file) whole,
 * in one read(2): procfs builds such a file on each read, so one call sees
 * one consistent version.
 */
#ifndef PD_READTEXT_H
#define PD_READTEXT_H

#include <stddef.h>
#include <sys/types.h>

/* Read at most SIZE-1 bytes of PATH into BUF and NUL-terminate them.
 * Returns the length, or -1 with errno set (BUF is then ""). SIZE >= 1. */
ssize_t pd_read_text(const char *path, char *buf, size_t size);

#endif
