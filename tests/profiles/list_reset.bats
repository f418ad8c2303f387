#!/usr/bin/env bats
# List directives: repeated assignments accumulate, across includes too, and
# an empty assignment resets the list (systemd.exec(5) semantics). Checked in
# real runs and through `paddock show`.

load ../lib/common

common_setup_hook() {
	cd "$TMP"
}

@test "repeated Environment= lines accumulate" {
	printf '[Service]\nEnvironment=A=1 B=2\nEnvironment=C=3\n' >p.conf
	run -0 "$PADDOCK" run -q --profile ./p.conf -- sh -c 'echo "$A$B$C"'
	assert_output "123"
}

@test "an empty Environment= drops everything assigned before it" {
	printf '[Service]\nEnvironment=A=1 B=2\nEnvironment=\nEnvironment=C=3\n' >p.conf
	run -0 "$PADDOCK" run -q --profile ./p.conf -- sh -c 'echo "[$A$B$C]"'
	assert_output "[3]"
}

@test "a list from an included profile accumulates with the including one and resets there" {
	printf '[Service]\nEnvironment=A=1\n' >base.conf
	printf '[Profile]\nInclude=base.conf\n[Service]\nEnvironment=B=2\n' >add.conf
	printf '[Profile]\nInclude=base.conf\n[Service]\nEnvironment=\nEnvironment=B=2\n' >reset.conf
	run -0 "$PADDOCK" run -q --profile ./add.conf -- sh -c 'echo "[$A$B]"'
	assert_output "[12]"
	run -0 "$PADDOCK" run -q --profile ./reset.conf -- sh -c 'echo "[$A$B]"'
	assert_output "[2]"
}

@test "-p with an empty value resets a list the profile set" {
	printf '[Service]\nEnvironment=A=1\n' >p.conf
	run -0 "$PADDOCK" run -q --profile ./p.conf -p Environment= -p Environment=B=2 -- sh -c 'echo "[$A$B]"'
	assert_output "[2]"
}

@test "an empty SystemCallFilter= resets the default profile's denylist" {
	# unshare is denied by the default profile
	run -137 "$PADDOCK" run -q -- unshare -U true
	printf '[Profile]\nInclude=default\n[Service]\nSystemCallFilter=\n' >p.conf
	run -0 "$PADDOCK" run -q --profile ./p.conf -- unshare -U true
}

@test "SystemCallFilter= lines accumulate into one list that show prints" {
	printf '[Service]\nSystemCallFilter=~@mount\nSystemCallFilter=~@swap\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^SystemCallFilter=~@mount.* @swap +# \./p\.conf:3$'
	printf '[Service]\nSystemCallFilter=~@mount\nSystemCallFilter=\n' >q.conf
	run -0 "$PADDOCK" show --profile ./q.conf
	assert_line --regexp '^SystemCallFilter= +# \./q\.conf:3$'
}

@test "Format= assignments accumulate after the first replaces the default, and empty restores it" {
	printf '[Report]\nFormat=json\nFormat=meta\n' >p.conf
	run -0 "$PADDOCK" show --profile ./p.conf
	assert_line --regexp '^Format=json meta +# \./p\.conf:3$'
	printf '[Report]\nFormat=json\nFormat=\n' >q.conf
	run -0 "$PADDOCK" show --profile ./q.conf
	assert_line --regexp '^Format=text +# \./q\.conf:3$'
}
