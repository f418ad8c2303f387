#!/usr/bin/env bats
# The command line: help, version, option errors.

load ../lib/common

@test "paddock --help lists the run command and exits 0" {
	run "$PADDOCK" --help
	assert_success
	assert_output --partial "usage: paddock COMMAND"
	assert_output --partial "run"
}

@test "paddock --version prints the version" {
	run "$PADDOCK" --version
	assert_success
	assert_output --regexp '^paddock [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "paddock run --help describes every option and the limit directives" {
	run "$PADDOCK" run --help
	assert_success
	for w in --property --json --quiet --containment --help --version LimitAS LimitRSS RuntimeMaxSec; do
		assert_output --partial -- "$w"
	done
}

@test "paddock run --version prints the version" {
	run "$PADDOCK" run --version
	assert_success
	assert_output --regexp '^paddock '
}

@test "paddock without a command is a usage error with status 125" {
	run -125 "$PADDOCK"
	assert_output --partial "usage:"
}

@test "an unknown subcommand is rejected with status 125" {
	run -125 --separate-stderr "$PADDOCK" frobnicate
	assert_equal "$stderr" "paddock: unknown command 'frobnicate' (try 'paddock --help')"
}

@test "run without a command is rejected with status 125" {
	run -125 --separate-stderr "$PADDOCK" run -p LimitAS=1G
	assert_equal "$stderr" "paddock: run: no command given (usage: paddock run [OPTIONS] [--] COMMAND [ARG...])"
}

@test "an unknown option is rejected with status 125 and the command never starts" {
	run -125 --separate-stderr "$PADDOCK" run --frob -- touch "$TMP/started"
	assert_equal "$stderr" "paddock: unknown option '--frob' (try 'paddock run --help')"
	assert_file_not_exists "$TMP/started"
}

@test "an option missing its value is rejected with status 125" {
	run -125 --separate-stderr "$PADDOCK" run --json
	assert_equal "$stderr" "paddock: option '--json' needs a value"
}

@test "an unknown containment mechanism is rejected with status 125" {
	run -125 --separate-stderr "$PADDOCK" run --containment=jail -- true
	assert_output --partial ""
	[[ "$stderr" == "paddock: --containment: jail: unknown mechanism"* ]]
}

@test "options after the command belong to the command" {
	run --separate-stderr "$PADDOCK" run --quiet echo --json -p x
	assert_success
	assert_output -- "--json -p x"
}

@test "-p accepts its value attached and --property is its long form" {
	run --separate-stderr "$PADDOCK" run --quiet -pLimitNOFILE=64 --property=LimitCORE=0 --json "$TMP/r.json" -- true
	assert_success
	assert_equal "$(jq -r .limits.NOFILE.soft "$TMP/r.json")" 64
	assert_equal "$(jq -r .limits.CORE.hard "$TMP/r.json")" 0
}
