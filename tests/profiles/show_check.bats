#!/usr/bin/env bats
# `paddock show` (resolved settings and their origins) and the command-line
# behaviour of `paddock show`, `paddock check` and `paddock profiles`.

load ../lib/common

common_setup_hook() {
	cd "$TMP"
}

@test "show without --profile resolves the built-in default, with builtin:default:LINE origins" {
	run -0 "$PADDOCK" show
	assert_line --index 0 "# paddock show: profile default"
	assert_line --regexp '^LimitCORE=0 +# builtin:default:[0-9]+$'
	assert_line --regexp '^SystemCallFilter=~.*@mount.* +# builtin:default:[0-9]+$'
	assert_line --regexp '^LimitAS=[^ ]+ +# default$'
}

@test "show prints every section and every directive paddock knows" {
	run -0 "$PADDOCK" show
	for s in '[Profile]' '[Service]' '[Budget]' '[Report]'; do assert_line "$s"; done
	for d in LimitAS LimitNPROC RuntimeMaxSec SystemCallFilter DynamicUser PrivateNetwork \
		MaxRSS CPUTime WallTime MaxProcesses MaxReadBytes MaxWriteBytes MaxHeap MaxGCPause \
		BudgetExitCode Format JSONPath MetaPath; do
		assert_line --regexp "^$d="
	done
}

@test "show formats values in directive syntax" {
	printf '[Budget]\nMaxRSS=1536K\nCPUTime=90s\nMaxProcesses=12\n[Report]\nFormat=meta,json\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^MaxRSS=1536K +# '
	assert_line --regexp '^CPUTime=1min 30s +# '
	assert_line --regexp '^MaxProcesses=12 +# '
	assert_line --regexp '^Format=json meta +# '
}

@test "show with a bad -p fails with 125 and the -p message" {
	run -125 --separate-stderr "$PADDOCK" show -p MaxRSS=lots
	assert_equal "$stderr" "paddock: -p MaxRSS=lots: expected a number"
}

@test "show with a broken profile prints every error and fails with 125" {
	printf '[Budget]\nMaxRSS=lots\nWallTime=soon\n' >p.conf
	run -125 --separate-stderr "$PADDOCK" show --profile ./p.conf
	assert_equal "${#stderr_lines[@]}" 2
	assert_output ""
}

@test "show rejects an unknown option" {
	run -125 --separate-stderr "$PADDOCK" show --frobnicate
	assert_equal "${stderr_lines[0]}" "paddock: show: --frobnicate: unknown option or missing value"
}

@test "check of valid profiles prints FILE: ok and exits 0" {
	printf '[Budget]\nMaxRSS=1G\n' >a.conf
	printf '[Profile]\nInclude=a.conf\n' >b.conf
	run -0 --separate-stderr "$PADDOCK" check a.conf b.conf
	assert_equal "$output" $'a.conf: ok\nb.conf: ok'
	assert_equal "$stderr" ""
}

@test "check accepts a built-in profile by name" {
	run -0 "$PADDOCK" check untrusted
	assert_output "untrusted: ok"
}

@test "check without a file is a usage error" {
	run -125 --separate-stderr "$PADDOCK" check
	assert_equal "${stderr_lines[0]}" "usage: paddock check FILE|NAME..."
}

@test "check, show and profiles describe themselves with --help" {
	run -0 "$PADDOCK" check --help
	assert_line --index 0 "usage: paddock check FILE|NAME..."
	run -0 "$PADDOCK" show --help
	assert_line --index 0 "usage: paddock show [--profile NAME|PATH] [-p DIRECTIVE=VALUE]..."
	run -0 "$PADDOCK" profiles --help
	assert_line --index 0 "usage: paddock profiles"
}

@test "a warning from a directive is printed but does not fail the check" {
	printf '[Budget]\nBudgetExitCode=125\n' >p.conf
	run -0 --separate-stderr "$PADDOCK" check ./p.conf
	assert_equal "$stderr" "./p.conf:2: BudgetExitCode=125: 125 also means a timeout or a paddock or exec error"
	assert_output "./p.conf: ok"
}

@test "-p names an unsupported systemd directive and suggests the closest known name" {
	run -125 --separate-stderr "$PADDOCK" run -p ExecStart=/bin/true -- touch "$TMP/ran"
	assert_equal "$stderr" "paddock: -p ExecStart=/bin/true: systemd directive not supported by paddock"
	run -125 --separate-stderr "$PADDOCK" run -p WallTme=1s -- touch "$TMP/ran"
	assert_equal "$stderr" "paddock: -p WallTme=1s: unknown directive 'WallTme'; did you mean WallTime=?"
	assert_file_not_exists "$TMP/ran"
}
