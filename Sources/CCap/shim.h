// libcap: POSIX.1e capabilities, used to drop to the least privilege each process needs.
#include <sys/capability.h>
