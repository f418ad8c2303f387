#!/usr/bin/env bats
# LimitRSS=: the kernel ignores RLIMIT_RSS, so paddock's sampler enforces
# it over the whole tree and says so.

load ../lib/common

@test "a process growing past LimitRSS= is killed: rss-limit" {
	run -137 "$PADDOCK" run --quiet -p LimitRSS=48M --json "$TMP/r.json" -- "$(helper grow)"
	assert_equal "$(jq -r .verdict "$TMP/r.json")" rss-limit
	jq -r .note "$TMP/r.json" | grep -q "the kernel does not enforce RLIMIT_RSS"
	(($(jq -r .memory.peak_rss_bytes "$TMP/r.json") > 48 * 1024 * 1024))
}

@test "LimitRSS= counts the whole tree, not one process" {
	local g
	g="$(helper allocate)"
	# three processes of 24 MiB each: none alone exceeds 48M, together they do
	run -137 "$PADDOCK" run --quiet -p LimitRSS=48M --json "$TMP/r.json" -- sh -c "$g 25165824 30 & $g 25165824 30 & $g 25165824 30 & wait"
	assert_equal "$(jq -r .verdict "$TMP/r.json")" rss-limit
	(($(jq -r .processes.peak_concurrent "$TMP/r.json") >= 3))
}

@test "the kill is prompt: well under a second past the limit" {
	run -137 "$PADDOCK" run --quiet -p LimitRSS=32M --json "$TMP/r.json" -- "$(helper grow)" 4194304
	# 4 MiB per 10 ms reaches 32 MiB in ~80 ms
	(($(jq -r '.wall_time_s * 1000 | floor' "$TMP/r.json") < 1000))
}

@test "a command below LimitRSS= is left alone" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p LimitRSS=256M -- "$(helper allocate)" 16777216 1
	assert_output "allocated 16777216"
}

@test "the text report states that paddock enforced the limit" {
	run -137 --separate-stderr "$PADDOCK" run -p LimitRSS=32M -- "$(helper grow)"
	[[ "$stderr" == *"verdict      rss-limit"* ]]
	[[ "$stderr" == *"paddock killed the tree (the kernel does not enforce RLIMIT_RSS)"* ]]
}

@test "a process that moves into a cgroup of its own still counts toward LimitRSS=" {
	[ -e /sys/fs/cgroup/unified/cgroup.procs ] || skip "no cgroup v2 at /sys/fs/cgroup/unified"
	cat >"$TMP/hide.sh" <<'SH'
#!/bin/sh
cg=$(sed -n 's/^0:://p' /proc/self/cgroup)
mkdir "/sys/fs/cgroup/unified$cg/hide" && echo $$ >"/sys/fs/cgroup/unified$cg/hide/cgroup.procs" && exec "$@"
SH
	chmod +x "$TMP/hide.sh"
	run -137 "$PADDOCK" run --quiet -p LimitRSS=40M --json "$TMP/r.json" -- "$TMP/hide.sh" "$(helper grow)"
	assert_equal "$(jq -r '.verdict, .containment' "$TMP/r.json" | tr '\n' ' ')" "rss-limit cgroup-kill "
	# and the cgroups were removed afterwards, the command's one first
	run bash -c "ls -d /sys/fs/cgroup/unified/paddock-*/hide 2>/dev/null"
	assert_output ""
}
