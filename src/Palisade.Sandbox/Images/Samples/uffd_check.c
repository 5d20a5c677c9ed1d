/* Palisade sample "incompatible" workload: needs userfaultfd(2), which gVisor does not implement.
 * Exits 1 only when the syscall is missing (ENOSYS); a permission refusal still proves the kernel has it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif

int main(void)
{
    long fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 && errno == EPERM)
        fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
    if (fd >= 0) {
        printf("userfaultfd: ok (fd %ld)\n", fd);
        close((int)fd);
        return 0;
    }
    if (errno == ENOSYS) {
        fprintf(stderr, "userfaultfd: %s (ENOSYS): this workload needs a syscall the sandbox does not implement\n", strerror(errno));
        return 1;
    }
    printf("userfaultfd: present but refused: %s\n", strerror(errno));
    return 0;
}
