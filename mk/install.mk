# make install / uninstall, honouring PREFIX and DESTDIR. Other areas add
# their files through INSTALL_* (the runtime: lib, include, pkgconfig).
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BUILD)/paddock $(DESTDIR)$(BINDIR)/paddock
	install -m 0644 docs/paddock.1 $(DESTDIR)$(MANDIR)/man1/paddock.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/paddock $(DESTDIR)$(MANDIR)/man1/paddock.1
