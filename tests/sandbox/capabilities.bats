#!/usr/bin/env bats
# NoNewPrivileges=, CapabilityBoundingSet= and AmbientCapabilities=: by
# default every capability leaves every set, even for root.

load ../lib/common

caps() { grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/self/status; }

@test "by default every capability set is empty and no_new_privs is on, even as root" {
	[ "$(id -u)" = 0 ] || skip "needs root to show that root loses its capabilities"
	run -0 --separate-stderr "$PADDOCK" run --quiet -- grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/self/status
	assert_output "$(printf 'CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1')"
}

@test "CapabilityBoundingSet= keeps exactly the named capabilities in the bounding set" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_KILL' -- \
		grep '^CapBnd' /proc/self/status
	# CAP_KILL is bit 5, CAP_NET_BIND_SERVICE bit 10
	assert_output "$(printf 'CapBnd:\t0000000000000420')"
}

@test "a '~' bounding set keeps everything but the named capabilities" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'CapabilityBoundingSet=~CAP_SYS_ADMIN' -- \
		grep '^CapBnd' /proc/self/status
	bnd=$((16#${output##*:	}))
	(( (bnd >> 21) & 1 )) && fail "CAP_SYS_ADMIN (21) still in the bounding set"
	(( (bnd >> 0) & 1 )) || fail "CAP_CHOWN (0) was dropped"
}

@test "AmbientCapabilities= hands a capability to an unprivileged command" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody \
		-p AmbientCapabilities=CAP_NET_BIND_SERVICE -- grep -E '^Cap(Eff|Amb)' /proc/self/status
	assert_output "$(printf 'CapEff:\t0000000000000400\nCapAmb:\t0000000000000400')"
}

@test "NoNewPrivileges=no without a filter directive leaves no_new_privs off" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p NoNewPrivileges=no -p 'SystemCallFilter=' \
		-p SystemCallArchitectures= -- grep '^NoNewPrivs' /proc/self/status
	assert_output "$(printf 'NoNewPrivs:\t0')"
}

@test "an unknown capability is an error naming it" {
	run -125 --separate-stderr "$PADDOCK" run -p 'CapabilityBoundingSet=CAP_FLY' -- true
	assert_equal "$stderr" "paddock: -p CapabilityBoundingSet=CAP_FLY: unknown capability 'CAP_FLY' (names look like CAP_NET_ADMIN; see capabilities(7))"
}
