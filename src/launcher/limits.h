/*
 * limits.h - the Limit*= directives and RuntimeMaxSec= (owned by limits.c).
 */
#ifndef PD_LIMITS_H
#define PD_LIMITS_H

#include <stdint.h>
#include <sys/resource.h>

/* Index into pd_limits.rl[]; PD_RL_COUNT entries. Order is the report order. */
enum pd_rl {
	PD_RL_AS,
	PD_RL_DATA,
	PD_RL_STACK,
	PD_RL_CORE,
	PD_RL_CPU,
	PD_RL_NPROC,
	PD_RL_MEMLOCK,
	PD_RL_FSIZE,
	PD_RL_NOFILE,
	PD_RL_RSS,
	PD_RL_COUNT
};

struct pd_rlimit_setting {
	int set;     /* 0: inherit paddock's own limit */
	rlim_t soft; /* RLIM_INFINITY for "infinity" */
	rlim_t hard;
};

struct pd_limits {
	struct pd_rlimit_setting rl[PD_RL_COUNT];
	uint64_t runtime_max_usec; /* RuntimeMaxSec=; 0 = none */
};

/* "AS", "DATA", ... as used in Limit<NAME>= and in reports. */
const char *pd_rl_name(enum pd_rl r);
/* The RLIMIT_* resource number. */
int pd_rl_resource(enum pd_rl r);
/* Unit for reports: "bytes", "seconds" or "count". */
const char *pd_rl_unit(enum pd_rl r);

#endif
