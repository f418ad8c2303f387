#!/usr/bin/env bats
# The command's environment: clean by default (safe PATH, LANG, LC_*, TERM,
# TZ), USER, LOGNAME, HOME and SHELL for User= and DynamicUser=, then
# PassEnvironment=, Environment= and UnsetEnvironment=.

load ../lib/common

@test "the environment is clean: a safe PATH and the locale and terminal only" {
	run -0 --separate-stderr env -i PATH=/tmp/evil:/usr/bin:/bin HOME=/root CI_TOKEN=s3cret \
		LANG=C.UTF-8 LC_TIME=C TERM=dumb TZ=UTC LD_PRELOAD=/tmp/x.so \
		"$PADDOCK" run --quiet -- /usr/bin/env
	# paddock's own stats page variable is the only addition
	assert_output "$(printf 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nLANG=C.UTF-8\nLC_TIME=C\nTERM=dumb\nTZ=UTC\n%s' \
		"$(grep -a '^PADDOCK_STATS_FD=' <<<"$output")")"
}

@test "PassEnvironment= passes a variable by name, only when set" {
	run -0 --separate-stderr env CI_TOKEN=s3cret "$PADDOCK" run --quiet \
		-p 'PassEnvironment=CI_TOKEN NOT_SET_XYZ' -- sh -c 'echo "$CI_TOKEN|${NOT_SET_XYZ-unset}"'
	assert_output 's3cret|unset'
}

@test "Environment= follows systemd quoting" {
	run -0 --separate-stderr "$PADDOCK" run --quiet \
		-p 'Environment="A=one two" B=x\ y '"'C=it\"s'" -- sh -c 'echo "$A|$B|$C"'
	assert_output 'one two|x y|it"s'
}

@test "Environment= overrides a passed variable and UnsetEnvironment= removes it" {
	run -0 --separate-stderr env V=outer W=w "$PADDOCK" run --quiet -p 'PassEnvironment=V W' \
		-p Environment=V=inner -p UnsetEnvironment=W -- sh -c 'echo "$V|${W-unset}"'
	assert_output 'inner|unset'
}

@test "UnsetEnvironment=NAME=VALUE removes only that exact assignment" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p 'Environment=A=1 B=2' \
		-p 'UnsetEnvironment=A=1 B=3' -- sh -c 'echo "${A-unset}|${B-unset}"'
	assert_output 'unset|2'
}

@test "User= sets USER, LOGNAME, HOME and SHELL from the user's passwd entry" {
	IFS=: read -r name _ _ _ _ home shell < <(getent passwd nobody)
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -- \
		sh -c 'echo "$USER|$LOGNAME|$HOME|$SHELL"'
	assert_output "$name|$name|$home|$shell"
}

@test "a uid with no passwd entry and DynamicUser= get the number, / and nologin" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=4242 -- \
		sh -c 'echo "$USER|$LOGNAME|$HOME|$SHELL"'
	assert_output '4242|4242|/|/usr/sbin/nologin'
	run -0 --separate-stderr "$PADDOCK" run --quiet -p DynamicUser=yes -- \
		sh -c 'echo "$(id -u)|$USER|$LOGNAME|$HOME|$SHELL"'
	IFS='|' read -r uid user logname home shell <<<"$output"
	assert_equal "$user|$logname|$home|$shell" "$uid|$uid|/|/usr/sbin/nologin"
}

@test "Environment= overrides the login variables User= sets" {
	run -0 --separate-stderr "$PADDOCK" run --quiet -p User=nobody -p Environment=HOME=/tmp -- \
		sh -c 'echo "$HOME"'
	assert_output /tmp
}

@test "without User= paddock sets no login variables" {
	run -0 --separate-stderr env USER=outer HOME=/root "$PADDOCK" run --quiet -- \
		sh -c 'echo "${USER-unset}|${HOME-unset}"'
	assert_output 'unset|unset'
}

@test "bad environment syntax is an error naming the entry" {
	run -125 --separate-stderr "$PADDOCK" run -p 'Environment=NOEQUALS' -- true
	assert_equal "$stderr" "paddock: -p Environment=NOEQUALS: NOEQUALS: expected NAME=VALUE"
	run -125 --separate-stderr "$PADDOCK" run -p 'Environment="A=1' -- true
	assert_equal "$stderr" "paddock: -p Environment=\"A=1: unterminated quote"
	run -125 --separate-stderr "$PADDOCK" run -p 'PassEnvironment=1BAD' -- true
	assert_equal "$stderr" "paddock: -p PassEnvironment=1BAD: 1BAD: invalid variable name"
}
