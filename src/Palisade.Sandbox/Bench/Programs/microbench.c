/* Palisade micro-benchmarks: `microbench NAME ITERATIONS` prints `NAME VALUE UNIT`.
   Timed inside the program with CLOCK_MONOTONIC so container start-up is not counted. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what)
{
    perror(what);
    exit(2);
}

static double bench_getpid(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++)
        syscall(SYS_getpid);
    return (now_ns() - start) / n;
}

static double bench_open_close(long n)
{
    char path[64], buf[64];
    snprintf(path, sizeof path, "/tmp/microbench-%d", (int)getpid());
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    if (fd < 0 || write(fd, "palisade\n", 9) != 9 || close(fd) != 0)
        die("create /tmp file");
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        fd = open(path, O_RDONLY);
        if (fd < 0 || read(fd, buf, sizeof buf) < 0)
            die("open/read");
        close(fd);
    }
    double per_op = (now_ns() - start) / n;
    unlink(path);
    return per_op;
}

static double bench_pipe(long n)
{
    int to_child[2], to_parent[2];
    char byte = 'x';
    if (pipe(to_child) != 0 || pipe(to_parent) != 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        for (long i = 0; i < n; i++)
            if (read(to_child[0], &byte, 1) != 1 || write(to_parent[1], &byte, 1) != 1)
                _exit(3);
        _exit(0);
    }
    double start = now_ns();
    for (long i = 0; i < n; i++)
        if (write(to_child[1], &byte, 1) != 1 || read(to_parent[0], &byte, 1) != 1)
            die("pipe round trip");
    double per_op = (now_ns() - start) / n;
    int status;
    waitpid(pid, &status, 0);
    return per_op;
}

static double bench_mmap(long n)
{
    const size_t size = 1 << 20;
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            die("mmap");
        munmap(p, size);
    }
    return (now_ns() - start) / n;
}

static double bench_fork(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0)
            _exit(0);
        int status;
        waitpid(pid, &status, 0);
    }
    return (now_ns() - start) / n / 1e3;
}

static double bench_cpu(long n)
{
    /* volatile keeps the optimiser from folding the loop away. */
    volatile unsigned long acc = 1;
    double start = now_ns();
    for (long i = 0; i < n; i++)
        acc = acc * 6364136223846793005UL + 1442695040888963407UL;
    return (now_ns() - start) / 1e6;
}

int main(int argc, char **argv)
{
    static const struct { const char *name; const char *unit; double (*run)(long); } benches[] = {
        {"getpid", "ns/op", bench_getpid}, {"open-close", "ns/op", bench_open_close},
        {"pipe", "ns/op", bench_pipe}, {"mmap", "ns/op", bench_mmap},
        {"fork", "us/op", bench_fork}, {"cpu", "ms", bench_cpu},
    };
    long n = argc == 3 ? strtol(argv[2], NULL, 10) : 0;
    if (n <= 0) {
        fprintf(stderr, "usage: microbench NAME ITERATIONS\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof benches / sizeof benches[0]; i++)
        if (strcmp(argv[1], benches[i].name) == 0) {
            printf("%s %.3f %s\n", benches[i].name, benches[i].run(n), benches[i].unit);
            return 0;
        }
    fprintf(stderr, "unknown benchmark: %s\n", argv[1]);
    return 2;
}
