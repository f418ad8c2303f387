/* sec_ids: print the real, effective and saved uid and gid, one line:
 * "uid R E S gid R E S". Installed setuid-root by the escape tests to show
 * that no_new_privs keeps a setuid binary from gaining root. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	getresuid(&ru, &eu, &su);
	getresgid(&rg, &eg, &sg);
	printf("uid %u %u %u gid %u %u %u\n", ru, eu, su, rg, eg, sg);
	return 0;
}
