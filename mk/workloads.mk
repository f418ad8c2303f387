# workloads/: small programs linked against libpgc, one concept each
# (build/workloads/<name>), and `make demo`. See docs/tutorial.md. (The
# stats-page helpers tests/helpers/stats_*.c build with the other helpers,
# in mk/launcher.mk.)

WORKLOAD_SRC := $(sort $(wildcard workloads/*.c))
WORKLOADS    := $(WORKLOAD_SRC:workloads/%.c=$(BUILD)/workloads/%)
STATS_HELPERS := $(patsubst tests/helpers/%.c,$(BUILD)/tests/helpers/%,\
                   $(wildcard tests/helpers/stats_*.c))

# Workloads and the stats-page helpers are fixtures that must hit
# LimitAS=, LimitSTACK= and friends for real. AddressSanitizer's terabytes of
# shadow mappings and its own SIGSEGV handler would defeat exactly that, so
# they are never instrumented: in a sanitizer build (make check, where
# paddock itself is instrumented) they link an uninstrumented copy of libpgc.
NOSAN_LDFLAGS := $(filter-out -fsanitize% -fno-sanitize%,$(LDFLAGS))
ifeq ($(strip $(SANFLAGS)),)
WORKLOAD_PGC := $(BUILD)/libpgc.a
else
WORKLOAD_PGC := $(BUILD)/workloads/libpgc-plain.a
WORKLOAD_PGC_OBJ := $(RUNTIME_SRC:%.c=$(BUILD)/obj-plain/%.o)
$(BUILD)/obj-plain/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -MMD -MP -c $< -o $@
$(WORKLOAD_PGC): $(WORKLOAD_PGC_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^
-include $(WORKLOAD_PGC_OBJ:.o=.d)
endif
$(STATS_HELPERS): override SANFLAGS :=

# Workloads link the static library: each binary runs anywhere, with no
# LD_LIBRARY_PATH (a sandboxed command may not inherit one).
$(BUILD)/workloads/%: workloads/%.c $(WORKLOAD_PGC) include/pgc.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(WORKLOAD_PGC) $(NOSAN_LDFLAGS)

.PHONY: workloads
workloads: $(WORKLOADS)
all: workloads

# make demo: the seed's central lesson, run for real. `cycles` builds cyclic
# garbage under LimitAS=256M twice with the same settings: with the collector
# on it finishes with a flat heap (verdict ok); with PGC_GC=0 it runs out of
# address space (verdict memory-limit). Both reports are shown. The demo
# succeeds when exactly those two outcomes happen, and fails otherwise.
# Like `make test`, it installs missing build dependencies first (make deps).
DEMO_SETTINGS := -p LimitAS=256M
demo: deps
	@$(MAKE) --no-print-directory all
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT; \
	echo; echo '== 1/2: cycles with the collector on'; \
	echo '$$ paddock run $(DEMO_SETTINGS) build/workloads/cycles'; \
	$(BUILD)/paddock run $(DEMO_SETTINGS) --json "$$tmp/on.json" $(BUILD)/workloads/cycles; \
	on=$$?; \
	echo; echo '== 2/2: the same, with the collector off (PGC_GC=0)'; \
	echo '$$ paddock run $(DEMO_SETTINGS) -p Environment=PGC_GC=0 build/workloads/cycles'; \
	$(BUILD)/paddock run $(DEMO_SETTINGS) -p Environment=PGC_GC=0 --json "$$tmp/off.json" \
	  $(BUILD)/workloads/cycles; \
	off=$$?; \
	echo; \
	if [ $$on -eq 0 ] && grep -q '"verdict": *"ok"' "$$tmp/on.json" && \
	   [ $$off -eq 1 ] && grep -q '"verdict": *"memory-limit"' "$$tmp/off.json"; then \
	  echo 'demo: as expected: collector on -> ok; collector off -> memory-limit'; \
	else \
	  echo "demo: UNEXPECTED: collector on exited $$on, collector off exited $$off" >&2; \
	  echo '      (expected 0 with verdict ok, then 1 with verdict memory-limit)' >&2; \
	  exit 1; \
	fi

# Unit tests of the stats-page reader and the gc verdicts (cmocka; tests/run
# runs every $(BUILD)/tests/test_* binary).
STATS_UNIT := $(BUILD)/tests/test_stats_read
$(STATS_UNIT): tests/stats/test_stats_read.c $(BUILD)/obj/src/launcher/stats_read.o \
		$(BUILD)/obj/src/launcher/report_gc.o $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LDFLAGS) -lcmocka
all: $(STATS_UNIT)
