# make bench / make bench-quick: optimised builds of paddock, libpgc and the
# bench/ programs in build-bench/, then bench/run.sh (docs/performance.md).
# `make bench` writes build/bench.md; `make bench-quick` runs each benchmark
# once as a smoke test (tests/bench/bench.bats) and writes build/bench-quick.md.

BENCH_BUILD := build-bench
BENCH_BIN   := $(BENCH_BUILD)/bench
# -O2 -DNDEBUG: release code, debug checkers (assert) compiled out, no -g.
BENCH_OPT   := -O2 -DNDEBUG
BENCH_CFLAGS = -std=c11 $(BENCH_OPT) $(WARNFLAGS) -fno-strict-aliasing
PYTHON      ?= $(firstword $(wildcard /usr/bin/python3) python3)

BENCH_PROGS := runner report baseline_launch seccomp_cost spin churn_malloc gc_boehm \
               gc_pgc churn_pgc
BENCH_TOOLS := $(BENCH_PROGS:%=$(BENCH_BIN)/%)
BENCH_HDRS  := bench/bench_util.h bench/shapes.h

# Libraries each program links against (the rest need only libc).
BENCH_LIBS_baseline_launch := -lseccomp
BENCH_LIBS_seccomp_cost    := -lseccomp
BENCH_LIBS_gc_boehm        := -lgc
BENCH_LIBS_report          := -lm
BENCH_LIBS_gc_pgc          := $(BENCH_BUILD)/libpgc.a -ldl -lm
BENCH_LIBS_churn_pgc       := $(BENCH_BUILD)/libpgc.a -ldl -lm

$(BENCH_BIN)/%: bench/%.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(BENCH_CFLAGS) -o $@ $< $(BENCH_LIBS_$*)

$(BENCH_BIN)/gc_pgc $(BENCH_BIN)/churn_pgc: $(BENCH_BUILD)/libpgc.a include/pgc.h

# paddock and libpgc themselves, built by their own rules with BUILD=build-bench.
# A part that fails to build is not fatal: its variants are reported as
# "not run: ... not built" (the build error is printed above the report).
BENCH_SUBMAKE = $(MAKE) -s --no-print-directory BUILD=$(BENCH_BUILD) OPTFLAGS='$(BENCH_OPT)'
BENCH_CORE := $(filter-out $(BENCH_BIN)/gc_pgc $(BENCH_BIN)/churn_pgc,$(BENCH_TOOLS))

.PHONY: bench-build
bench-build: deps
	@$(MAKE) -s --no-print-directory $(BENCH_CORE)
	@$(BENCH_SUBMAKE) $(BENCH_BUILD)/paddock || \
	  echo "bench: paddock did not build; its variants will be reported as not run" >&2
	@$(BENCH_SUBMAKE) $(BENCH_BUILD)/libpgc.a && \
	  $(MAKE) -s --no-print-directory $(BENCH_BIN)/gc_pgc $(BENCH_BIN)/churn_pgc || \
	  echo "bench: libpgc benchmarks did not build; they will be reported as not run" >&2

bench: bench-build
	PYTHON=$(PYTHON) bench/run.sh full $(BENCH_BIN) $(BENCH_BUILD)/paddock $(BUILD)/bench.md

bench-quick: bench-build
	PYTHON=$(PYTHON) bench/run.sh quick $(BENCH_BIN) $(BENCH_BUILD)/paddock $(BUILD)/bench-quick.md
