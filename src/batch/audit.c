/* Batch audits: JSON Lines in, one JSON result per record out, in input
 * order, with N workers that each own a checker (and so a Z3 context).
 *
 * Memory is bounded: records travel through a ring of slots; the reader
 * waits when every slot is in flight, whatever the order in which workers
 * finish.  The writer frees a slot as soon as its result is written. */
#include "batch/audit.h"

#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "result/result.h"

enum slot_state { SLOT_FREE, SLOT_READY, SLOT_TAKEN, SLOT_DONE };

typedef struct slot {
    enum slot_state state;
    uint64_t seq;
    int lineno;
    char *line;
    size_t len;
    char *result;
} slot;

typedef struct audit {
    const fc_audit_options *o;
    const char *name;
    FILE *out;
    slot *slots;
    size_t cap;
    uint64_t next_fill, next_take, next_write;
    bool eof;
    bool write_failed;      /* the output could not be written: stop */
    int write_errno;
    bool flush_lines;       /* the output is no regular file: each line
                               goes out as soon as it is in order */
    pthread_mutex_t mu;
    pthread_cond_t slot_free, work, done;
    fc_summary *summaries;   /* one per worker */
    const char *group_by;    /* the summary's meta key, or NULL */
    /* progress */
    fc_audit_progress prog;
    fc_progress_fn progress;
    void *user;
    uint64_t t0, last_progress;
} audit;

typedef struct worker {
    audit *a;
    int index;
} worker;

void fc_audit_options_init(fc_audit_options *o)
{
    memset(o, 0, sizeof *o);
    fc_check_options_init(&o->check);
    o->shard_n = 1;
}

/* The group of a record that could not be read: its meta key when the
 * line is JSON with a meta object. */
static char *raw_group_value(const slot *s, const char *key)
{
    cJSON *j = cJSON_ParseWithLength(s->line, s->len);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "meta");
    char *text = cJSON_IsObject(m) ? cJSON_PrintUnformatted(m) : NULL;
    char *v = fc_group_value(text, key);
    cJSON_free(text);
    cJSON_Delete(j);
    return v;
}

static char *process(audit *a, fc_checker *ck, fc_summary *sum, slot *s,
                     bool *failed, bool *invalid, bool *incoherent)
{
    fc_diags *d = fc_diags_new();
    fc_trace *t = fc_trace_from_json(a->name, s->lineno, s->line, s->len,
                                     a->o->dialect, d);
    char *out;
    *failed = *invalid = *incoherent = false;
    if (!t) {
        fc_code code;
        out = fc_error_record_json(a->name, s->lineno, s->line, s->len, d, 0,
                                   &code);
        fc_summary_add_input_error(sum, code);
        if (a->group_by) {
            char *v = raw_group_value(s, a->group_by);
            fc_summary_add_input_error(fc_summary_group_of(sum, v), code);
            free(v);
        }
        *failed = true;
    } else {
        fc_result *r = fc_checker_run(ck, t);
        fc_summary_add_result(sum, r);
        if (a->group_by) {
            char *v = fc_group_value(t->meta, a->group_by);
            fc_summary_add_result(fc_summary_group_of(sum, v), r);
            free(v);
        }
        out = fc_result_json_line(r, d);
        *failed = !fc_result_checked(r);
        *invalid = !*failed && !fc_result_valid(r);
        *incoherent = !*failed && !fc_result_coherent(r);
        fc_result_free(r);
        fc_trace_free(t);
    }
    fc_diags_free(d);
    return out;
}

static void *work(void *arg)
{
    worker *w = arg;
    audit *a = w->a;
    fc_checker *ck = fc_checker_new(&a->o->check);
    fc_summary *sum = &a->summaries[w->index];
    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (a->next_take == a->next_fill && !a->eof)
            pthread_cond_wait(&a->work, &a->mu);
        if (a->next_take == a->next_fill && a->eof)
            break;
        slot *s = &a->slots[a->next_take % a->cap];
        a->next_take++;
        s->state = SLOT_TAKEN;
        pthread_mutex_unlock(&a->mu);
        bool failed, invalid, incoherent;
        char *res = process(a, ck, sum, s, &failed, &invalid, &incoherent);
        pthread_mutex_lock(&a->mu);
        s->result = res;
        s->state = SLOT_DONE;
        if (failed)
            a->prog.errors++;
        a->prog.invalid += invalid;
        a->prog.incoherent += incoherent;
        pthread_cond_broadcast(&a->done);
    }
    pthread_mutex_unlock(&a->mu);
    fc_checker_free(ck);
    return NULL;
}

static void *write_results(void *arg)
{
    audit *a = arg;
    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (!(a->next_write < a->next_fill &&
                 a->slots[a->next_write % a->cap].state == SLOT_DONE) &&
               !(a->eof && a->next_write == a->next_fill))
            pthread_cond_wait(&a->done, &a->mu);
        if (a->eof && a->next_write == a->next_fill)
            break;
        slot *s = &a->slots[a->next_write % a->cap];
        char *res = s->result;
        free(s->line);
        s->line = NULL;
        s->result = NULL;
        s->state = SLOT_FREE;
        a->next_write++;
        a->prog.done++;
        pthread_cond_broadcast(&a->slot_free);
        uint64_t now = fc_now_us();
        bool tick = a->progress && now - a->last_progress > 200000;
        fc_audit_progress snap = a->prog;
        snap.elapsed_us = now - a->t0;
        if (tick)
            a->last_progress = now;
        pthread_mutex_unlock(&a->mu);
        bool failed = false;
        if (!a->write_failed) {
            failed = fputs(res, a->out) == EOF ||
                     fputc('\n', a->out) == EOF ||
                     (a->flush_lines && fflush(a->out) == EOF);
        }
        if (failed) {
            pthread_mutex_lock(&a->mu);
            a->write_failed = true;
            a->write_errno = errno;
            pthread_mutex_unlock(&a->mu);
        }
        free(res);
        if (tick)
            a->progress(&snap, a->user);
        pthread_mutex_lock(&a->mu);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Hands one record to the workers, waiting for a free slot. */
static void enqueue(audit *a, int lineno, const char *line, size_t len)
{
    pthread_mutex_lock(&a->mu);
    while (a->next_fill - a->next_write >= a->cap)
        pthread_cond_wait(&a->slot_free, &a->mu);
    slot *s = &a->slots[a->next_fill % a->cap];
    s->seq = a->next_fill;
    s->lineno = lineno;
    s->line = fc_xstrndup(line, len);
    s->len = len;
    s->state = SLOT_READY;
    a->next_fill++;
    a->prog.records_read++;
    pthread_cond_signal(&a->work);
    pthread_mutex_unlock(&a->mu);
}

/* Reads the records of in, the shard's share of them, into the slots;
 * false on a read error. */
static bool read_records(audit *a, FILE *in)
{
    const fc_audit_options *o = a->o;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    uint64_t record = 0;
    while ((n = getline(&line, &cap, in)) >= 0) {
        pthread_mutex_lock(&a->mu);
        bool stop = a->write_failed;
        pthread_mutex_unlock(&a->mu);
        if (stop)
            break;
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n')
            len--;
        if (len && line[len - 1] == '\r')
            len--;
        pthread_mutex_lock(&a->mu);
        a->prog.bytes_read += (uint64_t)n;
        pthread_mutex_unlock(&a->mu);
        if (strspn(line, " \t\r\n") >= len)
            continue;
        uint64_t r = record++;
        if (o->shard_n > 1 && r % o->shard_n != o->shard_i)
            continue;
        enqueue(a, lineno, line, len);
    }
    free(line);
    return !ferror(in);
}

/* Tells the workers and the writer that no record will come, and waits
 * for them. */
static void finish(audit *a, pthread_t *threads, int jobs, pthread_t writer)
{
    pthread_mutex_lock(&a->mu);
    a->eof = true;
    pthread_cond_broadcast(&a->work);
    pthread_cond_broadcast(&a->done);
    pthread_mutex_unlock(&a->mu);
    for (int i = 0; i < jobs; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_lock(&a->mu);
    pthread_cond_broadcast(&a->done);
    pthread_mutex_unlock(&a->mu);
    pthread_join(writer, NULL);
}

static void audit_init(audit *a, const char *name, FILE *out,
                       const fc_audit_options *o, int jobs)
{
    a->o = o;
    a->name = name;
    a->out = out;
    /* a slow record holds back the ones after it (output stays in order):
     * enough slots keep the other workers busy meanwhile, at a few KB each */
    a->cap = (size_t)jobs * 32 < 64 ? 64 : (size_t)jobs * 32;
    a->slots = fc_xcalloc(a->cap, sizeof(slot));
    a->summaries = fc_xcalloc((size_t)jobs, sizeof(fc_summary));
    a->t0 = fc_now_us();
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->slot_free, NULL);
    pthread_cond_init(&a->work, NULL);
    pthread_cond_init(&a->done, NULL);
}

static void audit_release(audit *a)
{
    free(a->slots);
    free(a->summaries);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->slot_free);
    pthread_cond_destroy(&a->work);
    pthread_cond_destroy(&a->done);
}

bool fc_audit_run(FILE *in, const char *name, FILE *out,
                  const fc_audit_options *o, fc_summary *summary,
                  fc_progress_fn progress, void *user, uint64_t bytes_total)
{
    audit a = {0};
    int jobs = o->jobs > 0 ? o->jobs : default_jobs();
    audit_init(&a, name, out, o, jobs);
    a.progress = progress;
    a.user = user;
    a.group_by = summary ? summary->group_by : NULL;
    a.prog.bytes_total = bytes_total;

    pthread_t *threads = fc_xcalloc((size_t)jobs, sizeof(pthread_t));
    worker *workers = fc_xcalloc((size_t)jobs, sizeof(worker));
    for (int i = 0; i < jobs; i++) {
        workers[i].a = &a;
        workers[i].index = i;
        pthread_create(&threads[i], NULL, work, &workers[i]);
    }
    pthread_t writer;
    pthread_create(&writer, NULL, write_results, &a);
    struct stat st;
    a.flush_lines = fstat(fileno(out), &st) != 0 || !S_ISREG(st.st_mode);
    bool read_ok = read_records(&a, in);
    finish(&a, threads, jobs, writer);
    if (!a.write_failed && fflush(out) == EOF) {
        a.write_failed = true;
        a.write_errno = errno;
    }

    for (int i = 0; i < jobs; i++) {
        fc_summary_merge(summary, &a.summaries[i]);
        fc_summary_release(&a.summaries[i]);
    }
    summary->wall_us += fc_now_us() - a.t0;
    if (progress) {
        a.prog.elapsed_us = fc_now_us() - a.t0;
        progress(&a.prog, user);
    }
    free(threads);
    free(workers);
    bool write_ok = !a.write_failed && !ferror(out);
    int why = a.write_errno;
    audit_release(&a);
    if (!write_ok) {
        summary->partial = true;
        errno = why ? why : EIO;
        return false;
    }
    if (!read_ok)
        errno = EIO;
    return read_ok;
}
