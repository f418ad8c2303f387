/*
 * profile_fuzz.c - libFuzzer target for the profile parser and loader: any
 * byte string is loaded as a profile into a fresh config, and everything is
 * freed again. Crashes, hangs, leaks and sanitizer reports are bugs. Run by
 * `make fuzz` (mk/fuzz.mk); includes resolve to built-ins only.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "launcher/config.h"
#include "launcher/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pd_profile *p = pd_profile_new();
	struct pd_config cfg;

	pd_profile_builtins_only(p);
	pd_config_init(&cfg);
	pd_profile_load_buffer(p, &cfg, "fuzz.conf", (const char *)data, size);
	/* the diagnostics must be well-formed strings */
	for (size_t i = 0; i < pd_profile_n_diags(p); i++)
		if (!pd_profile_diag(p, i)[0])
			__builtin_trap();
	pd_config_free(&cfg);
	pd_profile_free(p);
	/* the light pass `paddock profiles` runs over every file it lists */
	free(pd_profile_description_of((const char *)data, size));
	return 0;
}
