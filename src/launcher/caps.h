/*
 * caps.h - capability directives (caps.c). Masks: bit N = capability N.
 */
#ifndef PD_CAPS_H
#define PD_CAPS_H

#include "launcher/directive.h"

struct pd_sandbox_plan;

/* Apply one CapabilityBoundingSet=/AmbientCapabilities= value to MASK with
 * systemd's rules ('~' inverts, repeats merge, empty resets). 0 or -1. */
int pd_caps_parse(const char *value, unsigned long long *mask, int *assigned, struct pd_diag *d);
/* "CAP_A CAP_B" (empty for none, "~" for all). */
void pd_caps_format(unsigned long long mask, struct pd_buf *out);
/* Child, before the identity change. 0 or -1 (errno, *STEP). */
int pd_caps_drop_bounding(const struct pd_sandbox_plan *p, int *step);

#endif
