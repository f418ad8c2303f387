# libpgc, the GC runtime: build/libpgc.a, build/libpgc.so, build/pgc.pc, the
# cmocka unit tests (tests/runtime/test_<module>.c -> build/tests/test_<module>)
# and install-runtime (hooked into `make install`).

RUNTIME_SRC := $(sort $(wildcard src/runtime/*.c))
RUNTIME_OBJ := $(RUNTIME_SRC:%.c=$(BUILD)/obj/%.o)
RUNTIME_TEST_SRC := $(sort $(wildcard tests/runtime/test_*.c))
RUNTIME_TESTS := $(RUNTIME_TEST_SRC:tests/runtime/%.c=$(BUILD)/tests/%)
RUNTIME_HEADERS := include/pgc.h include/pgc_tracemalloc.h include/pgc_weakcontainers.h

# -fPIC: the same objects go into the static and the shared library.
# -fvisibility=hidden: only PGC_API symbols are exported from libpgc.so.
$(RUNTIME_OBJ): CFLAGS += -fPIC -fvisibility=hidden
# Sanitizer builds (make check) also run the collector's assert-only list
# checkers; release builds compile them out.
ifneq ($(strip $(SANFLAGS)),)
$(RUNTIME_OBJ): CPPFLAGS += -DPGC_GC_CHECKS
endif

PGC_SONAME := libpgc.so.0

$(BUILD)/libpgc.a: $(RUNTIME_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/libpgc.so: $(RUNTIME_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,$(PGC_SONAME) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $^

$(BUILD)/pgc.pc: mk/runtime.mk
	@mkdir -p $(dir $@)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	  'Name: pgc' 'Description: CPython-style refcounting and cycle-collecting runtime for C' \
	  'Version: $(VERSION)' 'Libs: -L$${libdir} -lpgc' 'Cflags: -I$${includedir}' > $@

# Unit tests link the static library (so they may use internal.h counters).
$(BUILD)/tests/test_%: tests/runtime/test_%.c $(BUILD)/libpgc.a $(wildcard tests/runtime/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANFLAGS) -o $@ $< $(BUILD)/libpgc.a $(LDFLAGS) -lcmocka

# pgc.pc is regenerated every time so PREFIX/LIBDIR changes reach it.
.PHONY: runtime runtime-tests runtime-check install-runtime uninstall-runtime $(BUILD)/pgc.pc
runtime: $(BUILD)/libpgc.a $(BUILD)/libpgc.so $(BUILD)/pgc.pc
runtime-tests: $(RUNTIME_TESTS)
all: runtime runtime-tests

# Runs every runtime unit test binary; fails if any fails.
runtime-check: runtime-tests
	@fail=0; for t in $(RUNTIME_TESTS); do $$t || fail=1; done; exit $$fail

# Directories come from mk/install.mk when present.
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

install: install-runtime
install-runtime: runtime
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(RUNTIME_HEADERS) $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(BUILD)/libpgc.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(BUILD)/libpgc.so $(DESTDIR)$(LIBDIR)/$(PGC_SONAME)
	ln -sf $(PGC_SONAME) $(DESTDIR)$(LIBDIR)/libpgc.so
	install -m 644 $(BUILD)/pgc.pc $(DESTDIR)$(PKGCONFIGDIR)/

uninstall: uninstall-runtime
uninstall-runtime:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(RUNTIME_HEADERS))) \
	  $(DESTDIR)$(LIBDIR)/libpgc.a $(DESTDIR)$(LIBDIR)/libpgc.so \
	  $(DESTDIR)$(LIBDIR)/$(PGC_SONAME) $(DESTDIR)$(PKGCONFIGDIR)/pgc.pc
