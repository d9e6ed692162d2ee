/* measure — run a command; print its wall time and peak memory.
 *
 *   measure COMMAND [ARG...]
 *
 * Prints "WALL_SECONDS PEAK_KB STATUS CPU_SECONDS" on file descriptor 3 when it is
 * open (else on stderr), so the command's own output stays apart; exits
 * with the command's status.  Wall time from CLOCK_MONOTONIC (microseconds, where
 * GNU time gives hundredths), peak resident set of the child from wait4's
 * rusage (ru_maxrss, KB), and its CPU time (user + system): on a loaded
 * machine the wall time says more of the load than of the program.  Used by bench/run.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct timespec t0, t1;
    struct rusage ru;
    int status;
    pid_t pid;
    if (argc < 2) {
        fprintf(stderr, "usage: measure COMMAND [ARG...]\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 3;
    }
    if (pid == 0) {
        if (fcntl(3, F_GETFD) != -1)
            close(3); /* the report channel is ours, not the command's */
        execvp(argv[1], argv + 1);
        fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("measure: wait4");
        return 3;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    FILE *out = fcntl(3, F_GETFD) != -1 ? fdopen(3, "w") : stderr;
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    fprintf(out ? out : stderr, "%.6f %ld %d %.6f\n", wall, ru.ru_maxrss, rc, cpu);
    return rc;
}
