/* aborter: abort(), dumping core when LimitCORE= allows it. */
#include <stdlib.h>

int main(void) { abort(); }
