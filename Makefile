# paddock: the sandboxed runner (build/paddock) and the GC runtime (build/libpgc.*).
# Each area keeps its rules in mk/<area>.mk; this file holds the shared knobs
# and the targets people expect: all, deps, demo, test, check, bench, install, clean.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build

CC      ?= cc
# -O2 -g: fast and still debuggable; release and debug builds are the same code.
OPTFLAGS ?= -O2 -g
# Warnings are errors so a new warning cannot land unnoticed.
WARNFLAGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2 -Wvla
# _GNU_SOURCE: memfd_create, pipe2, clone3 wrappers, O_CLOEXEC everywhere.
CPPFLAGS += -D_GNU_SOURCE -Iinclude -Isrc
CFLAGS  ?=
CFLAGS  += -std=c11 $(OPTFLAGS) $(WARNFLAGS) -fno-strict-aliasing
# Sanitizer builds (make check) add their flags here.
SANFLAGS ?=
LDFLAGS ?=

VERSION := 0.1.0

.PHONY: all deps demo test check bench bench-quick fuzz install uninstall clean format
all:

include mk/common.mk
include $(filter-out mk/common.mk,$(sort $(wildcard mk/*.mk)))

clean:
	rm -rf $(BUILD) build-check build-bench build-fuzz

format:
	clang-format -i $$(git ls-files '*.c' '*.h')
