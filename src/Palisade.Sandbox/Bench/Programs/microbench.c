/* Palisade micro-benchmarks: `microbench NAME ITERATIONS [DIR]` prints `NAME VALUE UNIT`.
   Timed inside the program with CLOCK_MONOTONIC so container start-up is not counted; `startup` and `memory`
   are measured from outside (wall time, resident memory) and print 0. File benchmarks work in DIR (default /tmp). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
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

static const char *data_dir = "/tmp";
static const char *self_path = "/microbench";
#define MIB (1 << 20)

static char *data_file(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/microbench-data-%d", data_dir, (int)getpid());
    return path;
}

static void write_mib(int fd, long n, char *block)
{
    for (long i = 0; i < n; i++)
        for (ssize_t done = 0; done < MIB;) {
            ssize_t w = write(fd, block + done, MIB - done);
            if (w <= 0)
                die("write");
            done += w;
        }
}

/* Sequential write of n MiB in 1 MiB blocks with one fsync at the end: MiB/s. */
static double bench_file_write(long n)
{
    char *block = malloc(MIB);
    if (block == NULL)
        die("malloc");
    memset(block, 'p', MIB);
    int fd = open(data_file(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
    if (fd < 0)
        die("open data file");
    double start = now_ns();
    write_mib(fd, n, block);
    if (fsync(fd) != 0)
        die("fsync");
    double seconds = (now_ns() - start) / 1e9;
    close(fd);
    unlink(data_file());
    free(block);
    return n / seconds;
}

/* Sequential read of an n MiB file (written first, untimed) in 1 MiB blocks: MiB/s. */
static double bench_file_read(long n)
{
    char *block = malloc(MIB);
    if (block == NULL)
        die("malloc");
    memset(block, 'p', MIB);
    int fd = open(data_file(), O_CREAT | O_TRUNC | O_RDWR, 0600);
    if (fd < 0)
        die("open data file");
    write_mib(fd, n, block);
    if (fsync(fd) != 0 || lseek(fd, 0, SEEK_SET) != 0)
        die("fsync/lseek");
    double start = now_ns();
    long total = 0;
    for (ssize_t r; (r = read(fd, block, MIB)) != 0; total += r)
        if (r < 0)
            die("read");
    double seconds = (now_ns() - start) / 1e9;
    close(fd);
    unlink(data_file());
    free(block);
    if (total != n * (long)MIB)
        die("short read");
    return n / seconds;
}

/* fork, execve of this program (which exits at once), wait: us/op. */
static double bench_exec(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            char *const args[] = {(char *)self_path, "noop", NULL};
            execv(self_path, args);
            _exit(127);
        }
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("exec child");
    }
    return (now_ns() - start) / n / 1e3;
}

/* A new network namespace (runc) starts with loopback down; bring it up (needs CAP_NET_ADMIN). */
static void loopback_up(void)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
        die("loopback flags");
    if (!(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
            die("bring loopback up");
    }
    close(s);
}

/* Listens on 127.0.0.1 (any port), forks a child that runs `client(port)`, returns the accepted socket. */
static int tcp_pair(void (*client)(int, long), long n, pid_t *child)
{
    loopback_up();
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 1) != 0
        || getsockname(listener, (struct sockaddr *)&addr, &len) != 0)
        die("listen on 127.0.0.1");
    *child = fork();
    if (*child < 0)
        die("fork");
    if (*child == 0) {
        close(listener);
        int s = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0)
            _exit(3);
        client(s, n);
        _exit(0);
    }
    int conn = accept(listener, NULL, NULL);
    if (conn < 0)
        die("accept");
    int one = 1;
    setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    close(listener);
    return conn;
}

static void send_mib(int s, long n)
{
    char *block = malloc(64 * 1024);
    if (block == NULL)
        _exit(4);
    memset(block, 't', 64 * 1024);
    for (long i = 0; i < n * 16; i++)
        for (ssize_t done = 0; done < 64 * 1024;) {
            ssize_t w = send(s, block + done, 64 * 1024 - done, 0);
            if (w <= 0)
                _exit(5);
            done += w;
        }
    close(s);
}

static void echo_bytes(int s, long n)
{
    char byte;
    for (long i = 0; i < n; i++)
        if (recv(s, &byte, 1, 0) != 1 || send(s, &byte, 1, 0) != 1)
            _exit(6);
    close(s);
}

static void reap(pid_t child)
{
    int status;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("tcp client");
}

/* n MiB over a loopback TCP connection inside the sandbox (gVisor: its own network stack): MiB/s. */
static double bench_tcp_throughput(long n)
{
    pid_t child;
    int conn = tcp_pair(send_mib, n, &child);
    char *block = malloc(256 * 1024);
    if (block == NULL)
        die("malloc");
    double start = now_ns();
    long total = 0;
    for (ssize_t r; (r = recv(conn, block, 256 * 1024, 0)) != 0; total += r)
        if (r < 0)
            die("recv");
    double seconds = (now_ns() - start) / 1e9;
    reap(child);
    free(block);
    if (total != n * (long)MIB)
        die("short transfer");
    return n / seconds;
}

/* 1-byte request and reply over loopback TCP: us per round trip. */
static double bench_tcp_latency(long n)
{
    pid_t child;
    int conn = tcp_pair(echo_bytes, n, &child);
    char byte = 'x';
    double start = now_ns();
    for (long i = 0; i < n; i++)
        if (send(conn, &byte, 1, 0) != 1 || recv(conn, &byte, 1, 0) != 1)
            die("tcp round trip");
    double per_op = (now_ns() - start) / n / 1e3;
    reap(child);
    return per_op;
}

/* Touches n MiB and holds it for a second, so the runner's resident-memory sampler sees it. */
static double bench_memory(long n)
{
    /* Written through a volatile pointer and never freed: the compiler may not drop the stores. */
    volatile char *p = mmap(NULL, (size_t)n * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        die("mmap");
    for (size_t i = 0; i < (size_t)n * MIB; i += 4096)
        p[i] = 'm';
    struct timespec hold = {.tv_sec = 1};
    nanosleep(&hold, NULL);
    return 0;
}

/* Container start-to-exit of a program that does nothing: the runner times it from outside. */
static double bench_startup(long n)
{
    (void)n;
    return 0;
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
        {"file-write", "MiB/s", bench_file_write}, {"file-read", "MiB/s", bench_file_read},
        {"exec", "us/op", bench_exec}, {"tcp-throughput", "MiB/s", bench_tcp_throughput},
        {"tcp-latency", "us/op", bench_tcp_latency}, {"memory", "MiB", bench_memory},
        {"startup", "ms", bench_startup},
    };
    if (argc == 2 && strcmp(argv[1], "noop") == 0)
        return 0;
    self_path = argv[0];
    if (argc == 4)
        data_dir = argv[3];
    long n = argc >= 3 ? strtol(argv[2], NULL, 10) : 0;
    if (n <= 0) {
        fprintf(stderr, "usage: microbench NAME ITERATIONS [DIR]\n");
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
