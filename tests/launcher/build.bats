#!/usr/bin/env bats
# The build's promises: make deps as non-root, make install with PREFIX and
# DESTDIR, the man page, .ci/run.

load ../lib/common

@test "make deps as non-root prints the exact apt-get command and fails" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(id -u)" = 0 ] || skip "needs root to become nobody"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		make -s -C "$REPO" deps DEPS_PACKAGES="jq paddock-no-such-package"
	assert_failure
	assert_line "deps: missing packages; run as root:"
	assert_line "  sudo apt-get update && sudo apt-get install -y paddock-no-such-package"
}

@test "make deps succeeds quietly when everything is installed" {
	run make -s -C "$REPO" deps DEPS_PACKAGES="jq bats"
	assert_success
	assert_output "deps: all build and test dependencies are installed"
}

@test "make install honours PREFIX and DESTDIR and installs the man page" {
	# -o all: install what the test run was built with, never rebuild it
	# here (a sanitizer build needs its own flags to relink)
	run make -s -C "$REPO" -o all install BUILD="$BUILD" PREFIX=/opt/pd DESTDIR="$TMP/root"
	assert_success
	assert_file_executable "$TMP/root/opt/pd/bin/paddock"
	assert_file_exists "$TMP/root/opt/pd/share/man/man1/paddock.1"
	run "$TMP/root/opt/pd/bin/paddock" --version
	assert_success
	run make -s -C "$REPO" uninstall PREFIX=/opt/pd DESTDIR="$TMP/root"
	assert_file_not_exists "$TMP/root/opt/pd/bin/paddock"
	assert_file_not_exists "$TMP/root/opt/pd/share/man/man1/paddock.1"
}

@test "the man page renders without warnings and documents every run option" {
	command -v man >/dev/null || skip "man not installed"
	run bash -c "MANWIDTH=100 man --warnings -l '$REPO/docs/paddock.1' 2>&1 >/dev/null"
	assert_output ""
	run bash -c "MANWIDTH=200 man -l '$REPO/docs/paddock.1' 2>/dev/null"
	for w in --property --json --quiet --containment LimitRSS RuntimeMaxSec "EXIT STATUS"; do
		assert_output --partial -- "$w"
	done
}

@test ".ci/run runs make test under bash strict mode" {
	run head -3 "$REPO/.ci/run"
	assert_line --index 0 "#!/usr/bin/env bash"
	grep -q '^set -euo pipefail$' "$REPO/.ci/run"
	grep -q '^make test$' "$REPO/.ci/run"
}
