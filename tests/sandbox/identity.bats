#!/usr/bin/env bats
# User=, Group=, SupplementaryGroups= and DynamicUser=: real, effective and
# saved ids all change; a dynamic uid is leased per run and released.

load ../lib/common

common_setup_hook() {
	[ "$(id -u)" = 0 ] || skip "changing identity needs root"
}

@test "User= changes the real, effective and saved uid and gid" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -- "$(helper sec_ids)"
	assert_output "uid 65534 65534 65534 gid 65534 65534 65534"
}

@test "User= and Group= take numbers" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=4242 -p Group=4343 -- "$(helper sec_ids)"
	assert_output "uid 4242 4242 4242 gid 4343 4343 4343"
}

@test "SupplementaryGroups= adds groups by name and number" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -p 'SupplementaryGroups=tty 4444' -- id -G
	assert_output "65534 5 4444"
}

@test "an unknown user or group is an error naming it" {
	run -125 --separate-stderr "$PADDOCK" run -p User=no-such-user-xyz -- true
	assert_equal "$stderr" "paddock: -p User=no-such-user-xyz: no such user"
	run -125 --separate-stderr "$PADDOCK" run -p 'SupplementaryGroups=tty nogrp-xyz' -- true
	assert_equal "$stderr" "paddock: -p SupplementaryGroups=tty nogrp-xyz: no such group: nogrp-xyz"
}

@test "DynamicUser=yes runs as a fresh uid from 61184-65519 and reports it" {
	run -0 --separate-stderr "$PADDOCK" run --json "$TMP/r.json" -p DynamicUser=yes -- "$(helper sec_ids)"
	uid="$(json_field "$TMP/r.json" .dynamic_uid)"
	[ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ]
	assert_output "uid $uid $uid $uid gid $uid $uid $uid"
	! getent passwd "$uid" >/dev/null
}

@test "concurrent DynamicUser= runs get different uids" {
	"$PADDOCK" run --quiet --json "$TMP/a.json" -p DynamicUser=yes -- sleep 1 3>&- &
	"$PADDOCK" run --quiet --json "$TMP/b.json" -p DynamicUser=yes -- sleep 1 3>&- &
	"$PADDOCK" run --quiet --json "$TMP/c.json" -p DynamicUser=yes -- sleep 1 3>&- &
	wait
	a="$(json_field "$TMP/a.json" .dynamic_uid)"
	b="$(json_field "$TMP/b.json" .dynamic_uid)"
	c="$(json_field "$TMP/c.json" .dynamic_uid)"
	[ "$a" != "$b" ] && [ "$a" != "$c" ] && [ "$b" != "$c" ]
}

@test "the lease is held during the run and released after it" {
	"$PADDOCK" run --quiet --json "$TMP/r.json" -p DynamicUser=yes -- sleep 2 3>&- &
	pid=$!
	lease=""
	for _ in $(seq 40); do
		sleep 0.05
		lease="$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -o '/run/paddock/dynamic-user/[0-9]*')" && break
	done
	[ -n "$lease" ] || fail "paddock holds no lease file"
	run flock -n "$lease" true
	[ "$status" -ne 0 ] || fail "$lease is not locked during the run"
	wait "$pid"
	assert_equal "${lease##*/}" "$(json_field "$TMP/r.json" .dynamic_uid)"
	flock -n "$lease" true
}

@test "DynamicUser= and User= together are an error" {
	run -125 --separate-stderr "$PADDOCK" run -p DynamicUser=yes -p User=nobody -- true
	assert_equal "$stderr" "paddock: DynamicUser=yes picks its own uid; remove User=nobody"
}
