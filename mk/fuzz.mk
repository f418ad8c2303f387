# `make fuzz`: the profile parser under libFuzzer with AddressSanitizer and
# UndefinedBehaviorSanitizer, for a bounded time. Fails on any crash, leak,
# hang or sanitizer report (libFuzzer exits non-zero and keeps the input in
# build-fuzz/). Seeds: every profile in profiles/ and tests/fixtures/.

# Seconds of fuzzing; raise it for a longer campaign (FUZZ_TIME=3600).
FUZZ_TIME  ?= 60
FUZZ_BUILD ?= build-fuzz
# Debian's clang ships libFuzzer (libclang-rt-14-dev).
FUZZ_CC    ?= clang
# -O1 keeps it fast enough while stack traces stay readable.
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
# Everything the launcher links except its main(). The generated built-in
# profiles are named literally: mk/profiles.mk is read after this file.
FUZZ_SRC   := fuzz/profile_fuzz.c $(COMMON_SRC) \
              $(filter-out src/launcher/main.c,$(sort $(wildcard src/launcher/*.c)))

$(FUZZ_BUILD)/profile_fuzz: $(FUZZ_SRC) $(BUILD)/gen/builtin_profiles.c $(wildcard src/launcher/*.h src/common/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 $(CPPFLAGS) $(FUZZ_FLAGS) -o $@ $(FUZZ_SRC) $(BUILD)/gen/builtin_profiles.c \
		-lseccomp -lcap

fuzz: $(FUZZ_BUILD)/profile_fuzz
	@rm -rf $(FUZZ_BUILD)/seeds && mkdir -p $(FUZZ_BUILD)/seeds $(FUZZ_BUILD)/corpus
	@cp profiles/*.conf tests/fixtures/*/*.conf $(FUZZ_BUILD)/seeds/ 2>/dev/null || true
	$(FUZZ_BUILD)/profile_fuzz -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
		-max_len=8192 -dict=fuzz/profile.dict -artifact_prefix=$(FUZZ_BUILD)/ \
		-print_final_stats=1 $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds
