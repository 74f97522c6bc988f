/* The HTTP server: requests in, the api stage's JSON calls, responses
 * out.  Each request has a context (its body as it arrives, the time it
 * started); each worker thread a checker, made on its first request and
 * freed when the thread ends; the server counters for /metrics. */
#include "serve/server.h"

#include <cjson/cJSON.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/api.h"
#include "result/result.h"
#include "util/util.h"

void fc_serve_options_init(fc_serve_options *o)
{
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->port = 8080;
    o->threads = 2;
    o->max_body = 16u << 20;
    o->max_inflight = 64;
    o->max_connections = 1024;
    o->request_timeout_ms = 60000;
    o->idle_timeout_s = 30;
    fc_check_options_init(&o->check);
    o->dialect = FC_DIALECT_NATIVE;
}

/* ---- metrics ------------------------------------------------------------ */

enum endpoint { EP_CHECK, EP_AUDIT, EP_REWARD, EP_HEALTH, EP_METRICS,
                EP_OTHER, EP_COUNT };
static const char *const ep_names[EP_COUNT] = {
    "/check", "/audit", "/reward", "/health", "/metrics", "other"};

/* upper bounds of the latency buckets, in seconds */
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                 0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                 5,      10,    30};
#define NBUCKETS (sizeof buckets / sizeof *buckets)

/* "none": the connection closed before an answer was sent */
enum { CODE_2XX, CODE_4XX, CODE_5XX, CODE_NONE, NCODES };
static const char *const code_names[NCODES] = {"2xx", "4xx", "5xx", "none"};

typedef struct metrics {
    pthread_mutex_t mu;
    uint64_t requests[EP_COUNT][NCODES];
    uint64_t hist[EP_COUNT][NBUCKETS + 1];
    double seconds[EP_COUNT];
    uint64_t traces;
} metrics;

struct fc_server {
    fc_serve_options o;
    struct MHD_Daemon *d;
    unsigned port;
    pthread_key_t checker_key;
    atomic_uint inflight;   /* whole requests in, not yet completed */
    atomic_uint working;    /* of those, whose answer is being made: the
                             * slots that --max-inflight limits */
    atomic_bool stopping;
    metrics m;
};

/* ---- one request ---------------------------------------------------------- */

/* bytes of an oversized body without a length read and dropped before
 * the connection is closed on it */
#define DRAIN_CAP ((size_t)64 << 20)

typedef struct request {
    fc_server *s;
    enum endpoint ep;
    uint64_t t0;
    fc_buf body;
    bool counted;       /* in flight */
    bool working;       /* holds a working slot */
    bool too_big;       /* past max_body: the rest is dropped */
    size_t drained;
    unsigned status;
} request;

static fc_checker *thread_checker(fc_server *s)
{
    fc_checker *c = pthread_getspecific(s->checker_key);
    if (!c) {
        c = fc_checker_new(&s->o.check);
        pthread_setspecific(s->checker_key, c);
    }
    return c;
}

static void free_checker(void *c) { fc_checker_free(c); }

/* A working slot is given back as soon as the answer is made, before its
 * last byte is sent: a client that sends its next request the moment it
 * has read an answer must not find the slot of that answer still taken. */
static void release_slot(fc_server *s, bool *working)
{
    if (*working) {
        *working = false;
        atomic_fetch_sub(&s->working, 1);
    }
}

static enum MHD_Result send_text(struct MHD_Connection *conn, request *rq,
                                 unsigned status, const char *type,
                                 char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(text), text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
                                rq->ep == EP_HEALTH || rq->ep == EP_METRICS
                                    ? "GET"
                                    : "POST");
    if (status >= 400 && status != 404 && status != 405)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    rq->status = status;
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    release_slot(rq->s, &rq->working);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *conn, request *rq,
                                 unsigned status, char *json)
{
    size_t n = strlen(json);
    char *line = fc_xmalloc(n + 2);
    memcpy(line, json, n);
    line[n] = '\n';
    line[n + 1] = 0;
    free(json);
    return send_text(conn, rq, status, "application/json", line);
}

static enum MHD_Result send_error(struct MHD_Connection *conn, request *rq,
                                  unsigned status, const char *code,
                                  const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static enum MHD_Result send_error(struct MHD_Connection *conn, request *rq,
                                  unsigned status, const char *code,
                                  const char *fmt, ...)
{
    fc_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    fc_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    cJSON *o = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", b.data ? b.data : "");
    cJSON_AddNumberToObject(e, "status", status);
    fc_buf_free(&b);
    char *s = cJSON_PrintUnformatted(o);
    char *out = fc_xstrdup(s);
    cJSON_free(s);
    cJSON_Delete(o);
    return send_json(conn, rq, status, out);
}

/* The media type without parameters, compared without case. */
static bool type_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && !strncasecmp(ct, want, n) &&
           (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

static bool dialect_arg(struct MHD_Connection *conn, fc_dialect def,
                        fc_dialect *out)
{
    const char *d = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
                                                "dialect");
    *out = def;
    return !d || fc_dialect_from_name(d, out);
}

/* ---- endpoints ------------------------------------------------------------ */

/* One trace (lineno: its line in the request), checked by this thread's
 * checker and counted; *timed_out when it ran into the request's time. */
static char *check_one(fc_server *s, int lineno, const char *input,
                       size_t len, bool record, fc_dialect dialect,
                       bool *timed_out)
{
    uint64_t us;
    char *out = fc_api_check(thread_checker(s), "<request>", lineno, input,
                             len, record, dialect, &us);
    *timed_out = s->o.request_timeout_ms &&
                 us / 1000 >= s->o.request_timeout_ms;
    pthread_mutex_lock(&s->m.mu);
    s->m.traces++;
    pthread_mutex_unlock(&s->m.mu);
    return out;
}

static enum MHD_Result do_check(fc_server *s, struct MHD_Connection *conn,
                                request *rq, bool reward)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    bool json = type_is(ct, "application/json");
    bool text = !reward && type_is(ct, "text/plain");
    if (!json && !text)
        return send_error(conn, rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                          "unsupported_media_type",
                          "the body must be application/json (a record)%s, "
                          "not %s",
                          reward ? "" : " or text/plain (a trace in the "
                                        "text syntax)",
                          ct ? ct : "none");
    fc_dialect dialect;
    if (!dialect_arg(conn, s->o.dialect, &dialect))
        return send_error(conn, rq, MHD_HTTP_BAD_REQUEST, "unknown_dialect",
                          "unknown dialect (native, folio, tptp, python)");
    const char *body = rq->body.data ? rq->body.data : "";
    size_t len = rq->body.len;
    if (text) {
        bool late = false;
        char *out = check_one(s, 1, body, len, false, dialect, &late);
        return send_json(conn, rq, late ? MHD_HTTP_GATEWAY_TIMEOUT
                                        : MHD_HTTP_OK, out);
    }
    cJSON *j = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return send_error(conn, rq, MHD_HTTP_BAD_REQUEST, "bad_json",
                          "the body is not a JSON object");
    }
    /* /reward takes a record, or {"trace": record or text, "weights"} */
    char *weights = NULL, *trace_text = NULL;
    bool record = true;
    const cJSON *tr = cJSON_GetObjectItemCaseSensitive(j, "trace");
    if (reward && tr) {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(j, "weights");
        if (w)
            weights = cJSON_PrintUnformatted(w);
        if (cJSON_IsString(tr)) {
            trace_text = fc_xstrdup(tr->valuestring);
            record = false;
        } else {
            trace_text = cJSON_PrintUnformatted(tr);
        }
    }
    cJSON_Delete(j);
    fc_reward_weights rw;
    char *err = NULL;
    if (reward && !fc_reward_weights_parse(weights, &rw, &err)) {
        enum MHD_Result ret = send_error(conn, rq, MHD_HTTP_BAD_REQUEST,
                                         "bad_weights", "%s", err);
        free(err);
        cJSON_free(weights);
        free(trace_text);
        return ret;
    }
    bool late = false;
    char *out = trace_text ? check_one(s, 1, trace_text, strlen(trace_text),
                                       record, dialect, &late)
                           : check_one(s, 1, body, len, true, dialect, &late);
    free(trace_text);
    cJSON_free(weights);
    unsigned status = late ? MHD_HTTP_GATEWAY_TIMEOUT : MHD_HTTP_OK;
    if (!reward)
        return send_json(conn, rq, status, out);
    cJSON *res = cJSON_Parse(out);
    fc_reward r;
    char *e = NULL;
    enum MHD_Result ret;
    if (!fc_reward_compute(res, &rw, &r, &e)) {
        ret = send_error(conn, rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal",
                         "%s", e);
        free(e);
    } else {
        cJSON *o = fc_reward_to_json(&r);
        cJSON_AddItemToObject(o, "result", res);
        res = NULL;
        char *p = cJSON_PrintUnformatted(o);
        ret = send_json(conn, rq, status, fc_xstrdup(p));
        cJSON_free(p);
        cJSON_Delete(o);
        fc_reward_free(&r);
    }
    cJSON_Delete(res);
    free(out);
    return ret;
}

/* /audit: the body's records checked one by one as the client reads. */
typedef struct audit_stream {
    fc_server *s;
    char *body;
    size_t len, pos;        /* next unread byte of body */
    fc_dialect dialect;
    char *line;             /* output not yet sent */
    size_t line_len, line_pos;
    int lineno;
    bool working;           /* the request's working slot, until the end */
} audit_stream;

static bool next_line(audit_stream *a)
{
    while (a->pos < a->len) {
        const char *start = a->body + a->pos;
        const char *nl = memchr(start, '\n', a->len - a->pos);
        size_t n = nl ? (size_t)(nl - start) : a->len - a->pos;
        a->pos += n + (nl ? 1 : 0);
        a->lineno++;
        size_t m = n;
        while (m && (start[m - 1] == '\r' || start[m - 1] == ' ' ||
                     start[m - 1] == '\t'))
            m--;
        if (!m)
            continue;
        bool late;
        char *out = check_one(a->s, a->lineno, start, m, true, a->dialect,
                              &late);
        size_t k = strlen(out);
        free(a->line);
        a->line = fc_xrealloc(out, k + 2);
        a->line[k] = '\n';
        a->line[k + 1] = 0;
        a->line_len = k + 1;
        a->line_pos = 0;
        return true;
    }
    return false;
}

static ssize_t audit_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    audit_stream *a = cls;
    if (a->line_pos == a->line_len && !next_line(a)) {
        release_slot(a->s, &a->working);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t n = a->line_len - a->line_pos;
    if (n > max)
        n = max;
    memcpy(buf, a->line + a->line_pos, n);
    a->line_pos += n;
    return (ssize_t)n;
}

static void audit_free(void *cls)
{
    audit_stream *a = cls;
    release_slot(a->s, &a->working); /* the client went away mid-stream */
    free(a->body);
    free(a->line);
    free(a);
}

static enum MHD_Result do_audit(fc_server *s, struct MHD_Connection *conn,
                                request *rq)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!type_is(ct, "application/x-ndjson") &&
        !type_is(ct, "application/jsonl") &&
        !type_is(ct, "application/json"))
        return send_error(conn, rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                          "unsupported_media_type",
                          "the body must be JSON Lines "
                          "(application/x-ndjson), not %s",
                          ct ? ct : "none");
    audit_stream *a = fc_xcalloc(1, sizeof *a);
    if (!dialect_arg(conn, s->o.dialect, &a->dialect)) {
        free(a);
        return send_error(conn, rq, MHD_HTTP_BAD_REQUEST, "unknown_dialect",
                          "unknown dialect (native, folio, tptp, python)");
    }
    a->s = s;
    a->working = rq->working; /* the stream holds the slot until its end */
    rq->working = false;
    a->len = rq->body.len;
    a->body = fc_buf_take(&rq->body);
    struct MHD_Response *r = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 64 * 1024, audit_read, a, audit_free);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/x-ndjson");
    rq->status = MHD_HTTP_OK;
    enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

static char *metrics_text(fc_server *s)
{
    fc_buf b = {0};
    metrics *m = &s->m;
    pthread_mutex_lock(&m->mu);
    fc_buf_puts(&b, "# HELP folcheck_requests_total HTTP requests answered, "
                    "by endpoint and status class.\n"
                    "# TYPE folcheck_requests_total counter\n");
    for (int e = 0; e < EP_COUNT; e++)
        for (int c = 0; c < NCODES; c++)
            fc_buf_printf(&b,
                          "folcheck_requests_total{endpoint=\"%s\",code=\"%s\"} "
                          "%llu\n",
                          ep_names[e], code_names[c],
                          (unsigned long long)m->requests[e][c]);
    fc_buf_puts(&b, "# HELP folcheck_request_errors_total Requests answered "
                    "with a 4xx or 5xx status.\n"
                    "# TYPE folcheck_request_errors_total counter\n");
    uint64_t errors = 0;
    for (int e = 0; e < EP_COUNT; e++)
        errors += m->requests[e][CODE_4XX] + m->requests[e][CODE_5XX];
    fc_buf_printf(&b, "folcheck_request_errors_total %llu\n",
                  (unsigned long long)errors);
    fc_buf_puts(&b, "# HELP folcheck_request_duration_seconds Time from a "
                    "request's headers to its last byte sent.\n"
                    "# TYPE folcheck_request_duration_seconds histogram\n");
    for (int e = 0; e < EP_COUNT; e++) {
        uint64_t cum = 0, total = 0;
        for (size_t i = 0; i <= NBUCKETS; i++)
            total += m->hist[e][i];
        for (size_t i = 0; i < NBUCKETS; i++) {
            cum += m->hist[e][i];
            fc_buf_printf(&b,
                          "folcheck_request_duration_seconds_bucket{endpoint="
                          "\"%s\",le=\"%g\"} %llu\n",
                          ep_names[e], buckets[i], (unsigned long long)cum);
        }
        fc_buf_printf(&b,
                      "folcheck_request_duration_seconds_bucket{endpoint="
                      "\"%s\",le=\"+Inf\"} %llu\n"
                      "folcheck_request_duration_seconds_sum{endpoint=\"%s\"} "
                      "%.6f\n"
                      "folcheck_request_duration_seconds_count{endpoint="
                      "\"%s\"} %llu\n",
                      ep_names[e], (unsigned long long)total, ep_names[e],
                      m->seconds[e], ep_names[e], (unsigned long long)total);
    }
    fc_buf_printf(&b, "# HELP folcheck_traces_checked_total Traces checked.\n"
                      "# TYPE folcheck_traces_checked_total counter\n"
                      "folcheck_traces_checked_total %llu\n",
                  (unsigned long long)m->traces);
    pthread_mutex_unlock(&m->mu);
    fc_buf_printf(&b, "# HELP folcheck_requests_in_flight Requests received "
                      "whole whose answer is not yet all sent.\n"
                      "# TYPE folcheck_requests_in_flight gauge\n"
                      "folcheck_requests_in_flight %u\n",
                  atomic_load(&s->inflight));
    return fc_buf_take(&b);
}

static enum endpoint endpoint_of(const char *url)
{
    for (int e = 0; e < EP_OTHER; e++)
        if (!strcmp(url, ep_names[e]))
            return (enum endpoint)e;
    return EP_OTHER;
}

/* ---- the handler ---------------------------------------------------------- */

static enum MHD_Result answer(void *cls, struct MHD_Connection *conn,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    fc_server *s = cls;
    request *rq = *con_cls;
    if (!rq) { /* the headers: decide what can be decided now */
        rq = fc_xcalloc(1, sizeof *rq);
        rq->s = s;
        rq->t0 = fc_now_us();
        rq->ep = endpoint_of(url);
        *con_cls = rq;
        if (atomic_load(&s->stopping))
            return send_error(conn, rq, MHD_HTTP_SERVICE_UNAVAILABLE,
                              "shutting_down", "the server is stopping");
        const char *cl = MHD_lookup_connection_value(
            conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->o.max_body)
            return send_error(conn, rq, MHD_HTTP_CONTENT_TOO_LARGE,
                              "body_too_large",
                              "the body is %s bytes, the limit is %zu "
                              "(--max-body)",
                              cl, s->o.max_body);
        return MHD_YES;
    }
    if (rq->status) { /* answered early: drop the rest of the body */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        /* a body without a length that grows past the limit: the rest is
         * read and dropped, so that the client is there to read the 413
         * (closing on a client still sending resets the connection), up
         * to a cap past which the connection is closed */
        if (rq->too_big || rq->body.len + *upload_size > s->o.max_body) {
            rq->drained += rq->body.len + *upload_size;
            fc_buf_free(&rq->body);
            rq->too_big = true;
            *upload_size = 0;
            if (rq->drained > DRAIN_CAP)
                return send_error(conn, rq, MHD_HTTP_CONTENT_TOO_LARGE,
                                  "body_too_large",
                                  "the body is larger than the limit of "
                                  "%zu bytes (--max-body)",
                                  s->o.max_body);
            return MHD_YES;
        }
        fc_buf_putn(&rq->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_big)
        return send_error(conn, rq, MHD_HTTP_CONTENT_TOO_LARGE,
                          "body_too_large",
                          "the body is larger than the limit of %zu bytes "
                          "(--max-body)",
                          s->o.max_body);
    /* the whole request is in: it is in flight until its answer is sent,
     * and holds a working slot until its answer is made (a body still
     * arriving holds neither) */
    atomic_fetch_add(&s->inflight, 1);
    rq->counted = true;
    unsigned now = atomic_fetch_add(&s->working, 1) + 1;
    rq->working = true;
    if (now > s->o.max_inflight)
        return send_error(conn, rq, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
                          "%u requests are being answered, the limit is %u; "
                          "retry later",
                          now - 1, s->o.max_inflight);
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    bool post = !strcmp(method, "POST");
    switch (rq->ep) {
    case EP_HEALTH:
        if (!get)
            break;
        return send_json(conn, rq, MHD_HTTP_OK,
                         fc_xstrdup("{\"status\":\"ok\",\"version\":\""
                                    FOLCHECK_VERSION "\"}"));
    case EP_METRICS:
        if (!get)
            break;
        return send_text(conn, rq, MHD_HTTP_OK,
                         "text/plain; version=0.0.4; charset=utf-8",
                         metrics_text(s));
    case EP_CHECK:
    case EP_REWARD:
        if (!post)
            break;
        return do_check(s, conn, rq, rq->ep == EP_REWARD);
    case EP_AUDIT:
        if (!post)
            break;
        return do_audit(s, conn, rq);
    default:
        return send_error(conn, rq, MHD_HTTP_NOT_FOUND, "not_found",
                          "no endpoint %s (POST /check, /audit, /reward; GET "
                          "/health, /metrics)",
                          url);
    }
    return send_error(conn, rq, MHD_HTTP_METHOD_NOT_ALLOWED,
                      "method_not_allowed", "%s does not take %s",
                      ep_names[rq->ep], method);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode why)
{
    (void)conn;
    (void)why;
    fc_server *s = cls;
    request *rq = *con_cls;
    if (!rq)
        return;
    double sec = (double)(fc_now_us() - rq->t0) / 1e6;
    unsigned st = rq->status;
    int c = st == 0     ? CODE_NONE
            : st >= 500 ? CODE_5XX
            : st >= 400 ? CODE_4XX
                        : CODE_2XX;
    size_t b = 0;
    while (b < NBUCKETS && sec > buckets[b])
        b++;
    pthread_mutex_lock(&s->m.mu);
    s->m.requests[rq->ep][c]++;
    s->m.hist[rq->ep][b]++;
    s->m.seconds[rq->ep] += sec;
    pthread_mutex_unlock(&s->m.mu);
    release_slot(s, &rq->working);
    if (rq->counted)
        atomic_fetch_sub(&s->inflight, 1);
    fc_buf_free(&rq->body);
    free(rq);
    *con_cls = NULL;
}

/* ---- the daemon ------------------------------------------------------------ */

fc_server *fc_server_start(const fc_serve_options *o, char **err)
{
    fc_server *s = fc_xcalloc(1, sizeof *s);
    s->o = *o;
    if (s->o.request_timeout_ms &&
        (!s->o.check.trace_timeout_ms ||
         s->o.check.trace_timeout_ms > s->o.request_timeout_ms))
        s->o.check.trace_timeout_ms = s->o.request_timeout_ms;
    pthread_mutex_init(&s->m.mu, NULL);
    pthread_key_create(&s->checker_key, free_checker);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->host ? o->host : "127.0.0.1",
                  &addr.sin_addr) != 1) {
        fc_buf b = {0};
        fc_buf_printf(&b, "cannot bind to %s: not an IPv4 address", o->host);
        *err = fc_buf_take(&b);
        pthread_key_delete(s->checker_key);
        pthread_mutex_destroy(&s->m.mu);
        free(s);
        return NULL;
    }
    /* poll, not epoll: in epoll mode libmicrohttpd 0.9.75 never wakes
     * again for a connection whose last data and close arrived together
     * (a client that gave up mid-request), so such connections were held
     * for the idle timeout, and 1,024 of them stopped the server accepting
     * (serve_test: test_aborted_uploads) */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
                     MHD_USE_ITC;
    s->d = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, answer, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 1),
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->idle_timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_END);
    if (!s->d) {
        fc_buf b = {0};
        fc_buf_printf(&b, "cannot listen on %s:%u (in use, or not allowed)",
                      o->host ? o->host : "127.0.0.1", o->port);
        *err = fc_buf_take(&b);
        pthread_key_delete(s->checker_key);
        pthread_mutex_destroy(&s->m.mu);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    return s;
}

unsigned fc_server_port(const fc_server *s) { return s->port; }

void fc_server_stop(fc_server *s, unsigned grace_ms)
{
    if (!s)
        return;
    atomic_store(&s->stopping, true);
    MHD_socket fd = MHD_quiesce_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    uint64_t until = fc_now_us() + (uint64_t)grace_ms * 1000u;
    while (atomic_load(&s->inflight) > 0 && fc_now_us() < until)
        usleep(10000);
    MHD_stop_daemon(s->d);
    pthread_key_delete(s->checker_key);
    pthread_mutex_destroy(&s->m.mu);
    free(s);
}
