#define _GNU_SOURCE
#include "CShims.h"
#include <fcntl.h>
#include <sys/prctl.h>
#include <linux/netlink.h>
#include <errno.h>

struct cmsghdr *ka_cmsg_firsthdr(struct msghdr *msg) { return CMSG_FIRSTHDR(msg); }
struct cmsghdr *ka_cmsg_nxthdr(struct msghdr *msg, struct cmsghdr *cmsg) { return CMSG_NXTHDR(msg, cmsg); }
unsigned char *ka_cmsg_data(struct cmsghdr *cmsg) { return CMSG_DATA(cmsg); }
size_t ka_cmsg_space(size_t length) { return CMSG_SPACE(length); }
size_t ka_cmsg_len(size_t length) { return CMSG_LEN(length); }

uint32_t ka_nla_align(uint32_t length) { return NLA_ALIGN(length); }
uint32_t ka_nlmsg_align(uint32_t length) { return NLMSG_ALIGN(length); }
uint16_t ka_nla_hdrlen(void) { return NLA_HDRLEN; }
uint32_t ka_nlmsg_hdrlen(void) { return NLMSG_HDRLEN; }

int ka_set_parent_death_signal(int sig) { return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0, 0, 0); }
int ka_set_process_name(const char *name) { return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0); }
int ka_set_keepcaps(int on) { return prctl(PR_SET_KEEPCAPS, (unsigned long)on, 0, 0, 0); }

int ka_set_cloexec(int fd, int on) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    flags = on ? (flags | FD_CLOEXEC) : (flags & ~FD_CLOEXEC);
    return fcntl(fd, F_SETFD, flags);
}

int ka_set_nonblocking(int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    return fcntl(fd, F_SETFL, flags);
}

int ka_sigrtmin(void) { return SIGRTMIN; }
int ka_sigrtmax(void) { return SIGRTMAX; }

int ka_spawnattr_init_clean(posix_spawnattr_t *attr, int new_process_group, int new_session) {
    int rc = posix_spawnattr_init(attr);
    if (rc != 0) return rc;
    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (new_process_group) flags |= POSIX_SPAWN_SETPGROUP;
    if (new_session) flags |= POSIX_SPAWN_SETSID;
    if ((rc = posix_spawnattr_setsigmask(attr, &empty)) != 0) return rc;
    if ((rc = posix_spawnattr_setsigdefault(attr, &all)) != 0) return rc;
    if (new_process_group && (rc = posix_spawnattr_setpgroup(attr, 0)) != 0) return rc;
    return posix_spawnattr_setflags(attr, flags);
}

int ka_wifexited(int status) { return WIFEXITED(status); }
int ka_wexitstatus(int status) { return WEXITSTATUS(status); }
int ka_wifsignaled(int status) { return WIFSIGNALED(status); }
int ka_wtermsig(int status) { return WTERMSIG(status); }

void ka_syslog(int priority, const char *message) { syslog(priority, "%s", message); }

int ka_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int ka_spawn_closefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
