// What Swift cannot import directly: function-like macros (CMSG_*, NLA_*), variadic
// system calls (prctl, ioctl, fcntl) and a few constants that come from macros.
#ifndef KEEPALIVED_CSHIMS_H
#define KEEPALIVED_CSHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <net/if.h>
#include <syslog.h>

// ---- ancillary data (CMSG_*) ----
struct cmsghdr *ka_cmsg_firsthdr(struct msghdr *msg);
struct cmsghdr *ka_cmsg_nxthdr(struct msghdr *msg, struct cmsghdr *cmsg);
unsigned char *ka_cmsg_data(struct cmsghdr *cmsg);
size_t ka_cmsg_space(size_t length);
size_t ka_cmsg_len(size_t length);

// ---- netlink attribute alignment (NLA_ALIGN, NLMSG_ALIGN) ----
uint32_t ka_nla_align(uint32_t length);
uint32_t ka_nlmsg_align(uint32_t length);
uint16_t ka_nla_hdrlen(void);
uint32_t ka_nlmsg_hdrlen(void);

// ---- variadic system calls ----
/// prctl(PR_SET_PDEATHSIG, sig): the calling process gets `sig` when its parent dies.
int ka_set_parent_death_signal(int sig);
/// prctl(PR_SET_NAME, name).
int ka_set_process_name(const char *name);
/// prctl(PR_SET_KEEPCAPS, on).
int ka_set_keepcaps(int on);
/// fcntl(fd, F_GETFD / F_SETFD) to set or clear FD_CLOEXEC.
int ka_set_cloexec(int fd, int on);
/// fcntl(fd, F_GETFL / F_SETFL) to set or clear O_NONBLOCK.
int ka_set_nonblocking(int fd, int on);
/// ioctl(fd, SIOCGIFINDEX) style helpers are done through if_nametoindex; nothing here.

/// pipe2(fds, O_CLOEXEC).
int ka_pipe_cloexec(int fds[2]);

// ---- signals ----
int ka_sigrtmin(void);
int ka_sigrtmax(void);

// ---- posix_spawn ----
/// posix_spawnattr with: a cleared signal mask, default dispositions for every catchable
/// signal, and (optionally) a new process group.
int ka_spawnattr_init_clean(posix_spawnattr_t *attr, int new_process_group, int new_session);

/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34+): close every descriptor from `from` up.
int ka_spawn_closefrom(posix_spawn_file_actions_t *actions, int from);

// ---- wait status macros ----
int ka_wifexited(int status);
int ka_wexitstatus(int status);
int ka_wifsignaled(int status);
int ka_wtermsig(int status);

// ---- syslog (variadic in libc) ----
void ka_syslog(int priority, const char *message);

#endif
