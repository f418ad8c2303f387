# The launcher: build/paddock from src/launcher/*.c and src/common/*.c, and
# the test helper programs (tests/helpers/*.c -> $(BUILD)/tests/helpers/NAME).
LAUNCHER_SRC := $(sort $(wildcard src/launcher/*.c))
LAUNCHER_OBJ := $(LAUNCHER_SRC:%.c=$(BUILD)/obj/%.o)
# libseccomp and libcap: used by the sandbox modules (seccomp*.c, caps.c).
# Linked statically: loading and relocating two more shared objects costs
# about 0.2 ms per launch here, which is part of every job's overhead.
LAUNCHER_LIBS := -Wl,-Bstatic -lseccomp -lcap -Wl,-Bdynamic

HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/helpers/%)

all: $(BUILD)/paddock $(HELPER_BIN)

$(BUILD)/obj/src/launcher/main.o $(BUILD)/obj/src/launcher/cmd_run.o: CPPFLAGS += -DPD_VERSION='"$(VERSION)"'

# The built-in profiles (mk/profiles.mk), named literally: that file is read later.
$(BUILD)/paddock: $(LAUNCHER_OBJ) $(COMMON_OBJ) $(BUILD)/obj/gen/builtin_profiles.o
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) $^ $(LAUNCHER_LIBS) -o $@

# Helpers are tiny and deliberately misbehave; -O0 keeps the compiler from
# optimising their allocations and recursion away.
$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=c11 -O0 -g $(WARNFLAGS) $< -o $@

# Unit tests of the pure helpers in src/common (cmocka): explicit rules, so
# they win over the runtime's tests/runtime pattern rule.
COMMON_TEST_SRC := $(sort $(wildcard tests/common/test_*.c))
COMMON_TESTS := $(COMMON_TEST_SRC:tests/common/%.c=$(BUILD)/tests/%)
all: $(COMMON_TESTS)
$(foreach t,$(COMMON_TEST_SRC),$(eval $(t:tests/common/%.c=$(BUILD)/tests/%): $(t) $(COMMON_OBJ)))
$(COMMON_TESTS):
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) -lcmocka

# Unit tests of self-contained launcher modules: tests/launcher/test_NAME.c
# links src/launcher/NAME.o and src/common.
LAUNCHER_TEST_SRC := $(sort $(wildcard tests/launcher/test_*.c))
LAUNCHER_TESTS := $(LAUNCHER_TEST_SRC:tests/launcher/%.c=$(BUILD)/tests/%)
all: $(LAUNCHER_TESTS)
$(foreach t,$(LAUNCHER_TEST_SRC),$(eval $(t:tests/launcher/%.c=$(BUILD)/tests/%): $(t) \
	$(t:tests/launcher/test_%.c=$(BUILD)/obj/src/launcher/%.o) $(COMMON_OBJ)))
$(LAUNCHER_TESTS):
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) -lcmocka
