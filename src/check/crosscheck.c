/* Cross-checks: the questions a check settled (result/result.h,
 * fc_obligation), put to a second prover run as a process, cvc5 on
 * SMT-LIB 2 or E on TPTP, each with a time limit.  A prover that runs out
 * of time, or cannot read the problem, gives no answer: never agreement. */
#include "folcheck.h"
#include "result/result.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef enum {
    ANSWER_PROVED,   /* unsat, Theorem, Unsatisfiable */
    ANSWER_REFUTED,  /* sat, CounterSatisfiable, Satisfiable */
    ANSWER_NONE,     /* unknown, timeout, error */
} answer_kind;

/* Runs argv with stdout read into out, for at most ms milliseconds of
 * wall clock; false when it had to be stopped. */
static bool run(char *const argv[], unsigned ms, fc_buf *out, int *status)
{
    int fds[2];
    *status = -1;
    if (pipe(fds) < 0)
        return true;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return true;
    }
    uint64_t deadline = fc_now_us() + (uint64_t)ms * 1000u;
    bool in_time = true;
    char buf[4096];
    for (;;) {
        uint64_t now = fc_now_us();
        if (now >= deadline) {
            in_time = false;
            break;
        }
        struct pollfd p = {.fd = fds[0], .events = POLLIN};
        int left = (int)((deadline - now) / 1000u) + 1;
        int n = poll(&p, 1, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            continue;
        ssize_t got = read(fds[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (out->len < (1u << 20))
            fc_buf_putn(out, buf, (size_t)got);
    }
    close(fds[0]);
    if (!in_time)
        kill(pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    return in_time;
}

static answer_kind cvc5_answer(const char *out, char **answer)
{
    char word[32] = "";
    sscanf(out, "%31s", word);
    if (!strcmp(word, "unsat") || !strcmp(word, "sat") ||
        !strcmp(word, "unknown")) {
        *answer = fc_xstrdup(word);
        return !strcmp(word, "unsat") ? ANSWER_PROVED
               : !strcmp(word, "sat") ? ANSWER_REFUTED
                                      : ANSWER_NONE;
    }
    *answer = fc_xstrdup("error");
    return ANSWER_NONE;
}

static answer_kind e_answer(const char *out, char **answer)
{
    const char *p = strstr(out, "SZS status ");
    char word[40] = "";
    if (p)
        sscanf(p + 11, "%39s", word);
    if (!word[0]) {
        *answer = fc_xstrdup("error");
        return ANSWER_NONE;
    }
    *answer = fc_xstrdup(word);
    if (!strcmp(word, "Theorem") || !strcmp(word, "Unsatisfiable") ||
        !strcmp(word, "ContradictoryAxioms"))
        return ANSWER_PROVED;
    if (!strcmp(word, "CounterSatisfiable") || !strcmp(word, "Satisfiable"))
        return ANSWER_REFUTED;
    return ANSWER_NONE;
}

/* Puts obligation i to the prover. */
static void cross_one(fc_result *r, size_t i, bool cvc5, unsigned ms)
{
    fc_obligation *o = &r->obligations.data[i];
    o->prover = cvc5 ? "cvc5" : "eprover";
    o->agrees = -1;
    const char *why = NULL;
    char *text = fc_result_obligation_problem(r, i, cvc5 ? "smtlib" : "tptp",
                                              NULL, &why);
    if (!text) {
        o->answer = fc_xstrdup("unwritable");
        return;
    }
    /* the expected answer stays out of what cvc5 reads: it aborts when
     * its answer differs from a :status, and a disagreement would pass
     * for an error */
    char *st = cvc5 ? strstr(text, "(set-info :status ") : NULL;
    if (st) {
        char *end = strchr(st, '\n');
        memmove(st, end ? end + 1 : st + strlen(st),
                strlen(end ? end + 1 : st + strlen(st)) + 1);
    }
    /* E 2.6 reads tff types but does no arithmetic */
    if (!cvc5 && (strstr(text, "$int") || strstr(text, "$real"))) {
        free(text);
        o->answer = fc_xstrdup("no_arithmetic");
        return;
    }
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/folcheck-cross-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    size_t len = strlen(text);
    bool written = fd >= 0 && write(fd, text, len) == (ssize_t)len;
    if (fd >= 0)
        close(fd);
    free(text);
    if (!written) {
        if (fd >= 0)
            unlink(path);
        o->answer = fc_xstrdup("error");
        return;
    }
    char tlimit[32], cpu[32];
    snprintf(tlimit, sizeof tlimit, "--tlimit=%u", ms);
    snprintf(cpu, sizeof cpu, "--cpu-limit=%u", (ms + 999) / 1000);
    /* full saturation: the enumerative instantiation that finds the
     * proofs e-matching misses */
    char *cvc5_argv[] = {"cvc5", "--lang", "smt2", "--full-saturate-quant",
                         tlimit, path, NULL};
    char *e_argv[] = {"eprover", "--auto", "-s", cpu, path, NULL};
    fc_buf out = {0};
    int status;
    uint64_t t0 = fc_now_us();
    /* the prover's own limit first; the wall clock a second later */
    bool in_time = run(cvc5 ? cvc5_argv : e_argv, ms + 1000, &out, &status);
    o->ms = (unsigned)((fc_now_us() - t0) / 1000u);
    unlink(path);
    answer_kind k;
    if (!in_time) {
        o->answer = fc_xstrdup("timeout");
        k = ANSWER_NONE;
    } else {
        const char *text_out = out.data ? out.data : "";
        k = cvc5 ? cvc5_answer(text_out, &o->answer)
                 : e_answer(text_out, &o->answer);
    }
    fc_buf_free(&out);
    if (k == ANSWER_PROVED)
        o->agrees = 1;
    else if (k == ANSWER_REFUTED)
        o->agrees = 0;
}

int fc_cross_check(fc_result *r, const char *prover, unsigned timeout_ms)
{
    bool cvc5 = prover && !strcmp(prover, "cvc5");
    bool e = prover && !strcmp(prover, "eprover");
    if (!cvc5 && !e)
        return -1;
    for (size_t i = 0; i < r->obligations.len; i++) {
        fc_obligation *o = &r->obligations.data[i];
        if (o->status == FC_STATUS_ENTAILED ||
            o->status == FC_STATUS_CONTRADICTED)
            cross_one(r, i, cvc5, timeout_ms ? timeout_ms : 10000);
    }
    return 0;
}
