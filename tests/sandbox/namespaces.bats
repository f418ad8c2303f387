#!/usr/bin/env bats
# PrivateNetwork= and PrivateIPC=: as root, and as an unprivileged user
# through a user namespace.

load ../lib/common

as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

# Interfaces of the caller's network namespace (sysfs shows the mounter's).
LIST_IFS='tail -n +3 /proc/self/net/dev | cut -d: -f1 | tr -d " "'

@test "PrivateNetwork=yes leaves only loopback, and it is up" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p PrivateNetwork=yes -- sh -c "$LIST_IFS"
	assert_output lo
	run -0 --separate-stderr "$PADDOCK" run --quiet -p PrivateNetwork=yes -- \
		python3 -c 'import fcntl, socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, struct.pack("16sH", b"lo", 0)))[1]
print("up" if flags & 1 else "down")'
	assert_output up
}

@test "PrivateNetwork=yes: connecting elsewhere fails at once, loopback works" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p PrivateNetwork=yes -- python3 -c '
import socket, time
t = time.monotonic()
try:
    socket.create_connection(("192.0.2.1", 80), timeout=5)
    print("connected")
except OSError as e:
    print("refused", e.errno, "fast" if time.monotonic() - t < 0.5 else "slow")
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
c = socket.create_connection(s.getsockname()); print("loopback ok")'
	assert_line --regexp '^refused [0-9]+ fast$'
	assert_line 'loopback ok'
}

@test "PrivateIPC=yes gives the command its own IPC namespace" {
	outer="$(readlink /proc/self/ns/ipc)"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p PrivateIPC=yes -- readlink /proc/self/ns/ipc
	[ "$output" != "$outer" ]
	run -0 --separate-stderr "$PADDOCK" run --quiet -- readlink /proc/self/ns/ipc
	assert_output "$outer"
}

@test "as root, PrivateNetwork= works together with User=" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p PrivateNetwork=yes -p User=nobody -- \
		sh -c "id -u; $LIST_IFS"
	assert_output "$(printf '65534\nlo')"
}

@test "an unprivileged paddock gets PrivateNetwork= and PrivateIPC= through a user namespace" {
	[ "$(id -u)" = 0 ] || skip "needs root to become nobody"
	cp "$PADDOCK" "$TMP/paddock" && chmod 755 "$TMP" "$TMP/paddock"
	run -0 --separate-stderr as_nobody "$TMP/paddock" run --quiet -p PrivateNetwork=yes -p PrivateIPC=yes -- \
		sh -c "id -u; $LIST_IFS"
	assert_output "$(printf '65534\nlo')"
}
