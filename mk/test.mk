# Tests: `make deps` installs what building and testing need, `make test`
# runs every suite through tests/run, `make check` does the same against an
# AddressSanitizer + UndefinedBehaviorSanitizer build in build-check/.

# Debian packages for building and testing (a fresh CI machine has none).
DEPS_PACKAGES := build-essential pkg-config libseccomp-dev libcap-dev bats bats-assert \
	bats-support bats-file libcmocka-dev libgc-dev jq python3 hyperfine bubblewrap \
	firejail util-linux stress-ng clang libclang-rt-14-dev valgrind strace

# Idempotent: asks dpkg what is missing; as root installs it, otherwise
# prints the exact command and fails.
deps:
	@missing=$$(for p in $(DEPS_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q '^install ok installed' || echo "$$p"; \
	done | tr '\n' ' ' | sed 's/ *$$//'); \
	if [ -z "$$missing" ]; then echo "deps: all build and test dependencies are installed"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing $$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
		echo "deps: missing packages; run as root:"; \
		echo "  sudo apt-get update && sudo apt-get install -y $$missing"; \
		exit 1; \
	fi

test: deps all
	BUILD=$(BUILD) tests/run

# Sanitizers: abort on the first report so a test sees the failure.
CHECK_SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check: deps
	$(MAKE) BUILD=build-check SANFLAGS="$(CHECK_SANFLAGS)" LDFLAGS="$(LDFLAGS) $(CHECK_SANFLAGS)" all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		BUILD=build-check tests/run
