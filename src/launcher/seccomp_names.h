/*
 * seccomp_names.h - system call names and numbers for this architecture,
 * answered by libseccomp (seccomp.c is the only file that includes it) plus
 * a small table of x86-64 calls newer than the installed libseccomp.
 */
#ifndef PD_SECCOMP_NAMES_H
#define PD_SECCOMP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#define PD_SC_UNKNOWN	 (-1) /* no such system call anywhere */
#define PD_SC_OTHER_ARCH (-2) /* a real call, but not on this architecture */

/* The native number of NAME, or PD_SC_UNKNOWN / PD_SC_OTHER_ARCH. */
int pd_seccomp_resolve(const char *name);

/* Call FN for every system call name known on the native architecture. */
void pd_seccomp_foreach_known(void (*fn)(const char *name, void *arg), void *arg);

/* The name of call NR of the kernel ABI AUDIT_ARCH (as in seccomp_data),
 * into BUF; "syscall_NR" when unknown. Returns BUF. */
const char *pd_seccomp_name(uint32_t audit_arch, int nr, char *buf, size_t n);

/* "x86_64", "x86", "x32" ... for an AUDIT_ARCH value; "unknown" otherwise. */
const char *pd_seccomp_arch_name(uint32_t audit_arch);

#endif
