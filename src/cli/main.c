/* folcheck: the command line.  Options, files and exit codes only; every
 * decision about traces is the library's. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "folcheck.h"
#include "serve/server.h"

enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_UNKNOWN = 3 };

static const char usage[] =
    "usage: folcheck COMMAND [OPTIONS] [FILE...]\n"
    "\n"
    "commands:\n"
    "  check FILE...        check traces (.fol text, .jsonl records; - is stdin)\n"
    "  audit [IN.jsonl|-]   batch: one JSON result per input line\n"
    "  merge SUMMARY...     add up audit summaries\n"
    "  report SUMMARY...    HTML report of audit summaries, side by side\n"
    "  test PATH...         regression mode: compare `expect` lines\n"
    "  parse FILE           print normalized formulas with sorts\n"
    "  export FILE...       write every question a check settles as a\n"
    "                       problem for another prover (--to, --out DIR)\n"
    "  serve                HTTP JSON server: POST /check /audit /reward,\n"
    "                       GET /health /metrics (127.0.0.1:8080)\n"
    "  codes                list the diagnostic codes\n"
    "  version              print the version\n"
    "\n"
    "options:\n"
    "  --format text|json   output format (check; default text)\n"
    "  --window N|all       local context: previous N steps (default 1)\n"
    "  --timeout MS         per solver query (default 10000; 0: none)\n"
    "  --rlimit N           Z3 resource limit per query, reproducible\n"
    "  --trace-timeout MS   wall clock per trace (default 60000; 0: none)\n"
    "  --explain            countermodels and supports\n"
    "  --cross-check P      re-verify every entailed and contradicted answer\n"
    "                       with a second prover: cvc5 or eprover\n"
    "  --cross-check-timeout MS  per problem (default 10000)\n"
    "  --to smtlib|tptp     export: the problems' language (default smtlib)\n"
    "  --dialect D          native, folio, python or tptp (default: by extension)\n"
    "  --stats              solver statistics in the summary line\n"
    "  --no-color           never colour the output\n"
    "  --tap                test: TAP output\n"
    "  --junit FILE         test: also write JUnit XML\n"
    "  --out FILE           audit: results to FILE (default stdout);\n"
    "                       export: the folder for the problems\n"
    "  -o FILE              report: the HTML page to FILE (default stdout)\n"
    "  --summary FILE       audit: corpus summary as JSON\n"
    "  --group-by KEY       audit: a sub-summary per value of meta KEY\n"
    "                       (model, checkpoint, ...; meta.model is the same)\n"
    "  --pair-by KEY        report BASE.jsonl RL.jsonl: pair two audits'\n"
    "                       results by id or a meta key, four groups by who\n"
    "                       is right (the conclusion is reached, or\n"
    "                       --correct-by KEY: the meta key says so)\n"
    "  --results FILE       report: the audit's results; examples link to\n"
    "                       a section per trace\n"
    "  --jobs N             audit: worker threads (default: cores)\n"
    "  --shard I/N          audit: keep every N-th trace from the I-th\n"
    "  --progress           audit: the progress line on stderr, also when it\n"
    "                       is not a terminal\n"
    "  --allow-partial      merge: add summaries of runs that stopped early\n"
    "  --host ADDR          serve: IPv4 address to bind (default 127.0.0.1)\n"
    "  --port N             serve: port (default 8080; 0: any free port)\n"
    "  --threads N          serve: worker threads (default 2)\n"
    "  --max-body BYTES     serve: largest request body (default 16 MiB)\n"
    "  --max-inflight N     serve: requests answered at once (default 64)\n"
    "  --request-timeout MS serve: wall clock per trace (default 60000)\n"
    "  --idle-timeout S     serve: close a connection idle this long (30)\n"
    "\n"
    "exit status: 0 every trace valid, 1 some trace invalid or incoherent,\n"
    "2 usage or input error, 3 nothing invalid but some verdict unknown.\n"
    "audit is a filter: 0 when every record was read and a result written\n"
    "(the verdicts are in the output), 2 on a usage or I/O error.\n";

typedef struct options {
    fc_check_options check;
    fc_dialect dialect;
    bool dialect_set;
    bool json;
    bool pretty;
    bool color;
    bool no_color;
    bool stats;
    bool tap;
    const char *junit;
    const char *out;
    const char *summary;
    const char *group_by;   /* audit: a meta key */
    const char *pair_by;    /* report: pair two audits' results by key */
    const char *correct_by; /* report --pair-by: meta key saying right */
    const char *results;    /* report: the audit's result lines */
    const char *to;         /* export: smtlib or tptp */
    bool allow_partial;     /* merge: add summaries of runs cut short */
    bool progress;          /* audit: the progress line, also off a terminal */
    int jobs;
    int shard_i, shard_n;
    fc_serve_options serve;
    char **files;
    int nfiles;
} options;

static void die_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "folcheck: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see `folcheck --help`)\n");
    exit(EXIT_USAGE);
}

static unsigned long parse_number(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || !*s || s[0] == '-')
        die_usage("%s needs a non-negative number", opt);
    return v;
}

static void parse_options(int argc, char **argv, int first, options *o)
{
    fc_check_options_init(&o->check);
    fc_serve_options_init(&o->serve);
    o->jobs = 0;
    o->shard_n = 1;
    o->files = calloc((size_t)argc, sizeof(char *));
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED()                                                              \
    do {                                                                    \
        if (!next)                                                          \
            die_usage("%s needs a value", a);                               \
        i++;                                                                \
    } while (0)
        if (!strcmp(a, "--format")) {
            NEED();
            if (!strcmp(next, "json"))
                o->json = true;
            else if (!strcmp(next, "json-pretty"))
                o->json = o->pretty = true;
            else if (strcmp(next, "text"))
                die_usage("unknown format '%s' (use text, json or json-pretty)", next);
        } else if (!strcmp(a, "--window")) {
            NEED();
            o->check.window = !strcmp(next, "all")
                                  ? -1
                                  : (int)parse_number(a, next);
        } else if (!strcmp(a, "--timeout")) {
            NEED();
            o->check.timeout_ms = (unsigned)parse_number(a, next);
        } else if (!strcmp(a, "--rlimit")) {
            NEED();
            o->check.rlimit = (unsigned)parse_number(a, next);
        } else if (!strcmp(a, "--trace-timeout")) {
            NEED();
            o->check.trace_timeout_ms = (unsigned)parse_number(a, next);
        } else if (!strcmp(a, "--explain")) {
            o->check.explain = true;
        } else if (!strcmp(a, "--cross-check")) {
            NEED();
            if (strcmp(next, "cvc5") && strcmp(next, "eprover"))
                die_usage("unknown prover '%s' (use cvc5 or eprover)", next);
            o->check.cross_check = next;
        } else if (!strcmp(a, "--cross-check-timeout")) {
            NEED();
            o->check.cross_check_timeout_ms = (unsigned)parse_number(a, next);
        } else if (!strcmp(a, "--to")) {
            NEED();
            if (strcmp(next, "smtlib") && strcmp(next, "tptp"))
                die_usage("unknown format '%s' (use smtlib or tptp)", next);
            o->to = next;
        } else if (!strcmp(a, "--dialect")) {
            NEED();
            if (!fc_dialect_from_name(next, &o->dialect))
                die_usage("unknown dialect '%s' (use native, folio, python or tptp)",
                          next);
            o->dialect_set = true;
        } else if (!strcmp(a, "--stats")) {
            o->stats = true;
        } else if (!strcmp(a, "--no-color")) {
            o->no_color = true;
        } else if (!strcmp(a, "--tap")) {
            o->tap = true;
        } else if (!strcmp(a, "--junit")) {
            NEED();
            o->junit = next;
        } else if (!strcmp(a, "--out") || !strcmp(a, "-o")) {
            NEED();
            o->out = next;
        } else if (!strcmp(a, "--summary")) {
            NEED();
            o->summary = next;
        } else if (!strcmp(a, "--group-by")) {
            NEED();
            o->group_by = next;
        } else if (!strcmp(a, "--pair-by")) {
            NEED();
            o->pair_by = next;
        } else if (!strcmp(a, "--correct-by")) {
            NEED();
            o->correct_by = next;
        } else if (!strcmp(a, "--results")) {
            NEED();
            o->results = next;
        } else if (!strcmp(a, "--host")) {
            NEED();
            o->serve.host = next;
        } else if (!strcmp(a, "--port")) {
            NEED();
            unsigned long v = parse_number(a, next);
            if (v > 65535)
                die_usage("--port must be at most 65535 (got %s)", next);
            o->serve.port = (unsigned)v;
        } else if (!strcmp(a, "--threads")) {
            NEED();
            unsigned long v = parse_number(a, next);
            if (v < 1 || v > 256)
                die_usage("--threads must be between 1 and 256 (got %s)",
                          next);
            o->serve.threads = (unsigned)v;
        } else if (!strcmp(a, "--max-body")) {
            NEED();
            o->serve.max_body = parse_number(a, next);
        } else if (!strcmp(a, "--max-inflight")) {
            NEED();
            unsigned long v = parse_number(a, next);
            if (v < 1 || v > 1000000)
                die_usage("--max-inflight must be between 1 and 1000000 "
                          "(got %s)", next);
            o->serve.max_inflight = (unsigned)v;
        } else if (!strcmp(a, "--idle-timeout")) {
            NEED();
            o->serve.idle_timeout_s = (unsigned)parse_number(a, next);
        } else if (!strcmp(a, "--request-timeout")) {
            NEED();
            o->serve.request_timeout_ms = (unsigned)parse_number(a, next);
        } else if (!strcmp(a, "--progress")) {
            o->progress = true;
        } else if (!strcmp(a, "--allow-partial")) {
            o->allow_partial = true;
        } else if (!strcmp(a, "--jobs") || !strcmp(a, "-j")) {
            NEED();
            o->jobs = (int)parse_number(a, next);
            if (o->jobs < 1 || o->jobs > 256)
                die_usage("--jobs must be between 1 and 256 (got %s)", next);
        } else if (!strcmp(a, "--shard")) {
            NEED();
            char *end;
            errno = 0;
            long si = strtol(next, &end, 10);
            long sn = -1;
            if (end != next && *end == '/' && end[1] >= '0' && end[1] <= '9') {
                char *end2;
                sn = strtol(end + 1, &end2, 10);
                if (*end2)
                    sn = -1;
            }
            if (errno || sn < 1 || sn > 1000000 || si < 0 || si >= sn)
                die_usage("--shard needs I/N with 0 <= I < N <= 1000000 "
                          "(got %s)", next);
            o->shard_i = (int)si;
            o->shard_n = (int)sn;
        } else if (a[0] == '-' && a[1] == '-') {
            die_usage("unknown option '%s'", a);
        } else {
            o->files[o->nfiles++] = argv[i];
        }
#undef NEED
    }
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    o->color = !o->no_color && isatty(STDOUT_FILENO) && !(nc && *nc) &&
               !(term && !strcmp(term, "dumb"));
}

/* ---- files -------------------------------------------------------------- */

static char *read_all(const char *path, size_t *len, char **err)
{
    struct stat st;
    if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        *err = strdup(strerror(EISDIR));
        return NULL;
    }
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        *err = strdup(strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            } else {
                buf = nb;
            }
        }
    }
    bool failed = ferror(f);
    if (f != stdin)
        fclose(f);
    if (!buf || failed) {
        free(buf);
        *err = strdup(failed ? "read error" : "out of memory");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static bool is_jsonl(const char *path)
{
    return ends_with(path, ".jsonl") || ends_with(path, ".json") ||
           ends_with(path, ".ndjson");
}

/* The diagnostics from index from on; with t, not those its text report
 * shows as findings of its steps. */
static void print_diags_of(const fc_diags *d, size_t from, bool color,
                           const fc_trace *t)
{
    for (size_t i = from; i < fc_diags_count(d); i++) {
        if (t && fc_trace_reports_diag(t, fc_diags_get(d, i)))
            continue;
        char *s = fc_diag_format(fc_diags_get(d, i), color);
        fputs(s, stderr);
        free(s);
    }
}

static void print_diags(const fc_diags *d, size_t from, bool color)
{
    print_diags_of(d, from, color, NULL);
}

/* Calls fn for every trace in a file: a text trace, or one per JSON line.
 * Returns false when the file cannot be read. */
typedef void (*trace_fn)(fc_trace *t, void *ctx);
/* A JSON line that could not be read: diags holds why, from index first. */
typedef void (*bad_fn)(const char *path, int lineno, const char *line,
                       size_t len, const fc_diags *diags, size_t first,
                       void *ctx);

static bool for_each_trace(const char *path, const options *o,
                           fc_diags *diags, trace_fn fn, bad_fn bad,
                           void *ctx, size_t *unreadable)
{
    size_t len;
    char *err = NULL;
    char *text = read_all(path, &len, &err);
    if (!text) {
        fprintf(stderr, "%s: error[%s]: cannot read: %s\n", path,
                fc_code_name(FC_E_IO), err);
        free(err);
        (*unreadable)++;
        return false;
    }
    fc_dialect dialect = o->dialect;
    if (!o->dialect_set && (ends_with(path, ".p") ||
                            ends_with(path, ".tptp") ||
                            ends_with(path, ".ax") ||
                            ends_with(path, ".tstp")))
        dialect = FC_DIALECT_TPTP;
    if (!o->dialect_set && ends_with(path, ".py"))
        dialect = FC_DIALECT_PYTHON;
    if (is_jsonl(path)) {
        char *line = text;
        int lineno = 0;
        size_t records = 0;
        while (line < text + len) {
            char *nl = memchr(line, '\n', (size_t)(text + len - line));
            size_t n = nl ? (size_t)(nl - line) : (size_t)(text + len - line);
            lineno++;
            size_t blank = strspn(line, " \t\r");
            if (blank < n) {
                records++;
                size_t first = fc_diags_count(diags);
                fc_trace *t = fc_trace_from_json(path, lineno, line, n,
                                                 dialect, diags);
                if (t) {
                    fn(t, ctx);
                } else {
                    (*unreadable)++;
                    if (bad)
                        bad(path, lineno, line, n, diags, first, ctx);
                }
                fc_trace_free(t);
            }
            line += n + 1;
        }
        /* as an empty text trace: nothing to check is an input error */
        if (!records) {
            fprintf(stderr, "%s:1:1: error[%s]: no record: a JSON Lines "
                            "file needs at least one trace\n",
                    path, fc_code_name(FC_E_EMPTY_INPUT));
            (*unreadable)++;
        }
    } else {
        fc_trace *t = fc_trace_parse_flags(path, text, len, dialect,
                                           FC_READ_INCLUDES, diags);
        if (t)
            fn(t, ctx);
        else
            (*unreadable)++;
        fc_trace_free(t);
    }
    free(text);
    return true;
}

/* ---- check -------------------------------------------------------------- */

typedef struct check_ctx {
    const options *o;
    fc_checker *checker;
    fc_diags *diags;
    size_t printed;
    size_t invalid, unknown, errors, traces;
} check_ctx;

static void check_one(fc_trace *t, void *vctx)
{
    check_ctx *c = vctx;
    print_diags_of(c->diags, c->printed, c->o->color && isatty(STDERR_FILENO),
                   c->o->json ? NULL : t);
    c->printed = fc_diags_count(c->diags);
    fc_result *r = fc_checker_run(c->checker, t);
    c->traces++;
    char *out;
    if (c->o->json) {
        out = fc_report_json(r, c->o->pretty);
        puts(out);
    } else {
        fc_report_options ro = {c->o->color, c->o->check.explain,
                                c->o->stats};
        out = fc_report_text(r, &ro);
        fputs(out, stdout);
    }
    free(out);
    const char *v = fc_result_verdict(r);
    if (!strcmp(v, "error"))
        c->errors++;
    else if (!strcmp(v, "invalid") || !fc_result_coherent(r))
        c->invalid++;
    else if (!strcmp(v, "unknown"))
        c->unknown++;
    fc_result_free(r);
}

static void check_bad(const char *path, int lineno, const char *line,
                      size_t len, const fc_diags *diags, size_t first,
                      void *vctx)
{
    check_ctx *c = vctx;
    if (!c->o->json)
        return;
    char *rec = fc_error_record_json(path, lineno, line, len, diags, first,
                                     NULL);
    puts(rec);
    free(rec);
}

static int cmd_check(options *o)
{
    if (o->nfiles == 0)
        die_usage("%s", "check needs at least one FILE (or - for stdin)");
    check_ctx c = {0};
    c.o = o;
    c.checker = fc_checker_new(&o->check);
    c.diags = fc_diags_new();
    size_t unreadable = 0;
    for (int i = 0; i < o->nfiles; i++) {
        for_each_trace(o->files[i], o, c.diags, check_one, check_bad, &c,
                       &unreadable);
        print_diags(c.diags, c.printed, o->color && isatty(STDERR_FILENO));
        fc_diags_free(c.diags);
        c.diags = fc_diags_new();
        c.printed = 0;
    }
    fc_diags_free(c.diags);
    fc_checker_free(c.checker);
    fflush(stdout);
    if (unreadable || c.errors)
        return EXIT_USAGE;
    if (c.invalid)
        return EXIT_INVALID;
    return c.unknown ? EXIT_UNKNOWN : EXIT_VALID;
}

/* ---- export ------------------------------------------------------------- */

typedef struct export_ctx {
    const options *o;
    fc_checker *checker;
    const char *path;       /* the file being read */
    size_t in_file;         /* traces of it so far */
    size_t written, unwritable, failed;
} export_ctx;

/* A name made of letters, digits, '_', '-' and '.' only. */
static void safe_name(char *out, size_t size, const char *in)
{
    size_t n = 0;
    for (const char *p = in; *p && n + 1 < size; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
                    (*p == '.' && n > 0);
        out[n++] = keep ? *p : '_';
    }
    out[n] = 0;
    if (!n)
        snprintf(out, size, "trace");
}

static bool make_dir(const char *path)
{
    return mkdir(path, 0777) == 0 || errno == EEXIST;
}

static void export_one(fc_trace *t, void *vctx)
{
    export_ctx *x = vctx;
    fc_result *r = fc_checker_run(x->checker, t);
    x->in_file++;
    char stem[200], dir[4096];
    const char *base = strrchr(x->path, '/');
    base = base ? base + 1 : x->path;
    if (fc_trace_id(t)) {
        safe_name(stem, sizeof stem, fc_trace_id(t));
    } else {
        char b[180];
        safe_name(b, sizeof b, base);
        if (is_jsonl(x->path))
            snprintf(stem, sizeof stem, "%s-%zu", b, x->in_file);
        else
            snprintf(stem, sizeof stem, "%s", b);
    }
    snprintf(dir, sizeof dir, "%s/%s", x->o->out, stem);
    if (!make_dir(dir)) {
        fprintf(stderr, "folcheck: error[%s]: cannot make %s: %s\n",
                fc_code_name(FC_E_IO), dir, strerror(errno));
        x->failed++;
        fc_result_free(r);
        return;
    }
    const char *ext = !strcmp(x->o->to, "tptp") ? "p" : "smt2";
    for (size_t i = 0; i < fc_result_obligation_count(r); i++) {
        char *name = NULL;
        const char *why = NULL;
        char *text = fc_result_obligation_problem(r, i, x->o->to, &name, &why);
        if (!text) {
            fprintf(stderr, "%s: obligation %zu not written: %s\n", stem,
                    i + 1, why ? why : "");
            x->unwritable++;
            continue;
        }
        char path[4400];
        snprintf(path, sizeof path, "%s/%02zu-%s.%s", dir, i + 1, name, ext);
        FILE *f = fopen(path, "w");
        bool ok = f && fputs(text, f) >= 0;
        if (f && fclose(f) != 0)
            ok = false;
        if (ok) {
            printf("%s\n", path);
            x->written++;
        } else {
            fprintf(stderr, "folcheck: error[%s]: cannot write %s: %s\n",
                    fc_code_name(FC_E_IO), path, strerror(errno));
            x->failed++;
        }
        free(text);
        free(name);
    }
    fc_result_free(r);
}

static int cmd_export(options *o)
{
    if (o->nfiles == 0)
        die_usage("%s", "export needs at least one FILE (or - for stdin)");
    if (!o->out)
        die_usage("%s", "export needs --out DIR, the folder for the problems");
    if (!o->to)
        o->to = "smtlib";
    if (!make_dir(o->out)) {
        fprintf(stderr, "folcheck: error[%s]: cannot make %s: %s\n",
                fc_code_name(FC_E_IO), o->out, strerror(errno));
        return EXIT_USAGE;
    }
    o->check.keep_obligations = true;
    export_ctx x = {.o = o, .checker = fc_checker_new(&o->check)};
    fc_diags *diags = fc_diags_new();
    size_t unreadable = 0;
    for (int i = 0; i < o->nfiles; i++) {
        x.path = o->files[i];
        x.in_file = 0;
        size_t from = fc_diags_count(diags);
        for_each_trace(o->files[i], o, diags, export_one, NULL, &x,
                       &unreadable);
        print_diags(diags, from, o->color && isatty(STDERR_FILENO));
    }
    fc_diags_free(diags);
    fc_checker_free(x.checker);
    fprintf(stderr, "folcheck: %zu problem%s written to %s", x.written,
            x.written == 1 ? "" : "s", o->out);
    if (x.unwritable)
        fprintf(stderr, "; %zu that %s cannot say", x.unwritable,
                !strcmp(o->to, "tptp") ? "TPTP" : "SMT-LIB");
    fprintf(stderr, "\n");
    fflush(stdout);
    return unreadable || x.failed ? EXIT_USAGE : EXIT_VALID;
}

/* ---- parse -------------------------------------------------------------- */

typedef struct parse_ctx {
    size_t traces;
} parse_ctx;

static void parse_one(fc_trace *t, void *vctx)
{
    parse_ctx *p = vctx;
    char *s = fc_trace_dump(t);
    if (p->traces++ && fc_trace_id(t))
        printf("\n");
    if (fc_trace_id(t))
        printf("# %s\n", fc_trace_id(t));
    fputs(s, stdout);
    free(s);
}

static int cmd_parse(options *o)
{
    if (o->nfiles == 0)
        die_usage("%s", "parse needs a FILE (or - for stdin)");
    fc_diags *d = fc_diags_new();
    size_t unreadable = 0;
    parse_ctx p = {0};
    for (int i = 0; i < o->nfiles; i++)
        for_each_trace(o->files[i], o, d, parse_one, NULL, &p, &unreadable);
    print_diags(d, 0, o->color && isatty(STDERR_FILENO));
    int rc = fc_diags_errors(d) || unreadable ? EXIT_USAGE : EXIT_VALID;
    fc_diags_free(d);
    return rc;
}

/* ---- test --------------------------------------------------------------- */

typedef struct test_ctx {
    fc_checker *checker;
    fc_test_run *run;
    const char *file;
    size_t traces;
} test_ctx;

static void test_one(fc_trace *t, void *vctx)
{
    test_ctx *c = vctx;
    fc_result *r = fc_checker_run(c->checker, t);
    char name[PATH_MAX + 64];
    if (fc_trace_id(t))
        snprintf(name, sizeof name, "%s#%s", c->file, fc_trace_id(t));
    else
        snprintf(name, sizeof name, "%s", c->file);
    fc_test_run_add_result(c->run, name, r);
    c->traces++;
    fc_result_free(r);
}

static void collect_paths(const char *path, char ***out, size_t *n,
                          size_t *cap)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        struct dirent **ents;
        int m = scandir(path, &ents, NULL, alphasort);
        for (int i = 0; i < m; i++) {
            const char *e = ents[i]->d_name;
            if (e[0] != '.') {
                char sub[PATH_MAX];
                snprintf(sub, sizeof sub, "%s/%s", path, e);
                struct stat s2;
                if (stat(sub, &s2) == 0 &&
                    (S_ISDIR(s2.st_mode) || ends_with(sub, ".fol") ||
                     ends_with(sub, ".jsonl") || ends_with(sub, ".py")))
                    collect_paths(sub, out, n, cap);
            }
            free(ents[i]);
        }
        free(ents);
        return;
    }
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        *out = realloc(*out, *cap * sizeof(char *));
    }
    (*out)[(*n)++] = strdup(path);
}

/* Writes text to path as it is; says why on stderr when it cannot. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "folcheck: cannot write %s: %s\n", path,
                strerror(errno));
        return;
    }
    fputs(text, f);
    fclose(f);
}

static int cmd_test(options *o)
{
    if (o->nfiles == 0)
        die_usage("%s", "test needs at least one PATH");
    char **paths = NULL;
    size_t npaths = 0, cap = 0;
    for (int i = 0; i < o->nfiles; i++)
        collect_paths(o->files[i], &paths, &npaths, &cap);
    test_ctx c = {.checker = fc_checker_new(&o->check),
                  .run = fc_test_run_new()};
    size_t unreadable = 0;
    for (size_t i = 0; i < npaths; i++) {
        fc_diags *d = fc_diags_new();
        size_t before = c.traces, bad_before = unreadable;
        c.file = paths[i];
        for_each_trace(paths[i], o, d, test_one, NULL, &c, &unreadable);
        /* an unreadable file is a failed case */
        if (unreadable > bad_before && c.traces == before)
            fc_test_run_add_unreadable(c.run, paths[i], d);
        fc_diags_free(d);
    }
    char *out = o->tap ? fc_test_run_tap(c.run) : fc_test_run_text(c.run);
    fputs(out, stdout);
    free(out);
    if (o->junit) {
        char *xml = fc_test_run_junit(c.run);
        write_file(o->junit, xml);
        free(xml);
    }
    int rc = fc_test_run_failed(c.run) ? EXIT_INVALID : EXIT_VALID;
    fc_test_run_free(c.run);
    for (size_t i = 0; i < npaths; i++)
        free(paths[i]);
    free(paths);
    fc_checker_free(c.checker);
    return rc;
}

/* ---- audit and merge ---------------------------------------------------- */

static void show_progress(const fc_audit_progress *p, void *user)
{
    (void)user;
    double secs = p->elapsed_us / 1e6;
    double rate = secs > 0 ? p->done / secs : 0;
    fprintf(stderr,
            "\r\033[K%llu traces, %.0f/s, %llu invalid, %llu incoherent, "
            "%llu input errors",
            (unsigned long long)p->done, rate,
            (unsigned long long)p->invalid,
            (unsigned long long)p->incoherent,
            (unsigned long long)p->errors);
    if (p->bytes_total && p->bytes_read && rate > 0) {
        double frac = (double)p->bytes_read / (double)p->bytes_total;
        if (frac > 0 && frac <= 1) {
            double left = secs / frac - secs;
            fprintf(stderr, ", %.0f%%, ETA %d:%02d", 100 * frac,
                    (int)(left / 60), (int)left % 60);
        }
    }
    fflush(stderr);
}

/* Writes a whole file atomically (a temporary beside it, renamed). */
static bool write_text_file(const char *path, const char *text)
{
    fc_atomic_file a;
    if (!fc_atomic_open(&a, path)) {
        fprintf(stderr, "folcheck: cannot write %s: %s\n", path,
                strerror(errno));
        return false;
    }
    fputs(text, a.f);
    fputc('\n', a.f);
    if (!fc_atomic_commit(&a)) {
        fprintf(stderr, "folcheck: cannot write %s: %s\n", path,
                strerror(errno));
        return false;
    }
    return true;
}

/* Opens an output named by an option at the start of a run, so that an
 * unwritable path is reported before the work, not after it. */
static bool open_output(fc_atomic_file *a, const char *what,
                        const char *path)
{
    if (fc_atomic_open(a, path))
        return true;
    fprintf(stderr, "folcheck: cannot write the %s %s: %s\n", what, path,
            strerror(errno));
    return false;
}

static int cmd_audit(options *o)
{
    if (o->nfiles > 1)
        die_usage("%s", "audit reads one input (a file, or - for stdin)");
    const char *path = o->nfiles ? o->files[0] : "-";
    struct stat st;
    if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: error[%s]: cannot read: it is a directory; "
                        "audit reads one JSON Lines file (or - for stdin)\n",
                path, fc_code_name(FC_E_IO));
        return EXIT_USAGE;
    }
    FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!in) {
        fprintf(stderr, "%s: error[%s]: cannot read: %s\n", path,
                fc_code_name(FC_E_IO), strerror(errno));
        return EXIT_USAGE;
    }
    uint64_t size = 0;
    if (in != stdin && fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
        size = (uint64_t)st.st_size;
    fc_atomic_file outf = {0}, sumf = {0};
    FILE *out = stdout;
    bool opened = true;
    if (o->out && strcmp(o->out, "-")) {
        opened = open_output(&outf, "results", o->out);
        out = outf.f;
    }
    if (opened && o->summary)
        opened = open_output(&sumf, "summary", o->summary);
    if (!opened) {
        fc_atomic_abort(&outf);
        if (in != stdin)
            fclose(in);
        return EXIT_USAGE;
    }
    fc_audit_options ao;
    fc_audit_options_init(&ao);
    ao.check = o->check;
    ao.dialect = o->dialect;
    ao.jobs = o->jobs;
    ao.shard_i = (unsigned)o->shard_i;
    ao.shard_n = (unsigned)o->shard_n;
    bool tty = o->progress || isatty(STDERR_FILENO);
    fc_summary *sum = fc_summary_new();
    fc_summary_set_group_by(sum, o->group_by);
    fc_summary_add_run(sum, path, &ao);
    bool ok = fc_audit_run(in, strcmp(path, "-") ? path : "<stdin>", out, &ao,
                           sum, tty ? show_progress : NULL, NULL, size);
    int why = errno;
    if (tty)
        fputs("\r\033[K", stderr);
    bool read_failed = !ok && !fc_summary_is_partial(sum);
    if (in != stdin)
        fclose(in);
    if (outf.f) {
        if (ok && !fc_atomic_commit(&outf)) {
            ok = false;
            why = errno;
            fc_summary_set_partial(sum);
        } else if (!ok) {
            fc_atomic_abort(&outf);
        }
    }
    /* a closed pipe (`| head`) ends the run quietly: the reader is done */
    if (read_failed)
        fprintf(stderr, "folcheck: audit: cannot read %s: %s\n",
                strcmp(path, "-") ? path : "standard input", strerror(why));
    else if (!ok && why != EPIPE)
        fprintf(stderr, "folcheck: audit: cannot write the results to %s: "
                        "%s\n",
                o->out && strcmp(o->out, "-") ? o->out : "standard output",
                strerror(why));
    if (sumf.f) {
        char *j = fc_summary_json(sum);
        fputs(j, sumf.f);
        fputc('\n', sumf.f);
        free(j);
        if (!fc_atomic_commit(&sumf)) {
            fprintf(stderr, "folcheck: cannot write the summary %s: %s\n",
                    o->summary, strerror(errno));
            ok = false;
        }
    }
    if (tty && !fc_summary_is_partial(sum)) {
        char *t = fc_summary_table(sum);
        fputs(t, stderr);
        free(t);
    }
    fc_summary_free(sum);
    /* a filter: verdicts are in the output, the status says whether the
     * run itself went through */
    return ok ? EXIT_VALID : EXIT_USAGE;
}

static int cmd_merge(options *o)
{
    if (o->nfiles == 0)
        die_usage("%s", "merge needs at least one SUMMARY file");
    fc_summary *total = fc_summary_new();
    int rc = EXIT_VALID;
    for (int i = 0; i < o->nfiles && rc == EXIT_VALID; i++) {
        size_t len;
        char *err = NULL;
        char *text = read_all(o->files[i], &len, &err);
        if (!text) {
            fprintf(stderr, "%s: error[%s]: cannot read: %s\n", o->files[i],
                    fc_code_name(FC_E_IO), err);
            free(err);
            rc = EXIT_USAGE;
            break;
        }
        fc_summary *s = fc_summary_parse(text, &err);
        free(text);
        if (!s) {
            fprintf(stderr, "folcheck: %s: %s\n", o->files[i], err);
            free(err);
            rc = EXIT_USAGE;
            break;
        }
        if (fc_summary_is_partial(s) && !o->allow_partial) {
            fprintf(stderr, "folcheck: %s: a partial summary (its run "
                            "stopped early); add it with --allow-partial\n",
                    o->files[i]);
            fc_summary_free(s);
            rc = EXIT_USAGE;
            break;
        }
        const char *gt = fc_summary_group_by(total);
        const char *gs = fc_summary_group_by(s);
        if (i > 0 && (!gt != !gs || (gt && strcmp(gt, gs)))) {
            fprintf(stderr, "folcheck: %s: grouped %s%s%s, the summaries "
                            "before it %s%s%s: their groups would not add "
                            "up\n",
                    o->files[i], gs ? "by '" : "by nothing", gs ? gs : "",
                    gs ? "'" : "", gt ? "by '" : "by nothing",
                    gt ? gt : "", gt ? "'" : "");
            fc_summary_free(s);
            rc = EXIT_USAGE;
            break;
        }
        fc_summary_merge(total, s);
        fc_summary_free(s);
    }
    if (rc == EXIT_VALID) {
        char *j = fc_summary_json(total);
        if (o->out && strcmp(o->out, "-"))
            rc = write_text_file(o->out, j) ? EXIT_VALID : EXIT_USAGE;
        else
            puts(j);
        free(j);
    }
    fc_summary_free(total);
    return rc;
}

/* ---- report ------------------------------------------------------------- */

static int cmd_report(options *o)
{
    if (o->nfiles == 0)
        die_usage("%s", "report needs at least one SUMMARY file");
    size_t n = (size_t)o->nfiles;
    char **texts = calloc(n, sizeof(char *));
    const char **names = calloc(n, sizeof(char *));
    int rc = EXIT_VALID;
    for (size_t i = 0; i < n && rc == EXIT_VALID; i++) {
        size_t len;
        char *err = NULL;
        texts[i] = read_all(o->files[i], &len, &err);
        if (!texts[i]) {
            fprintf(stderr, "%s: error[%s]: cannot read: %s\n", o->files[i],
                    fc_code_name(FC_E_IO), err);
            free(err);
            rc = EXIT_USAGE;
        }
        const char *slash = strrchr(o->files[i], '/');
        names[i] = slash && slash[1] ? slash + 1 : o->files[i];
    }
    if (rc == EXIT_VALID && o->pair_by && n != 2) {
        fprintf(stderr, "folcheck: report --pair-by needs two files of "
                        "results: BASE.jsonl RL.jsonl\n");
        rc = EXIT_USAGE;
    }
    char *results = NULL;
    if (rc == EXIT_VALID && o->results) {
        size_t len;
        char *err = NULL;
        results = read_all(o->results, &len, &err);
        if (!results) {
            fprintf(stderr, "%s: error[%s]: cannot read: %s\n", o->results,
                    fc_code_name(FC_E_IO), err);
            free(err);
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_VALID) {
        char *err = NULL;
        char *html = o->pair_by
                         ? fc_report_paired_html(texts[0], names[0], texts[1],
                                                 names[1], o->pair_by,
                                                 o->correct_by, &err)
                         : fc_report_html_results((const char *const *)texts,
                                                  names, n, results, &err);
        if (!html) {
            fprintf(stderr, "folcheck: report: %s\n", err);
            free(err);
            rc = EXIT_USAGE;
        } else if (o->out && strcmp(o->out, "-")) {
            rc = write_text_file(o->out, html) ? EXIT_VALID : EXIT_USAGE;
        } else if (fputs(html, stdout) == EOF || fflush(stdout) != 0) {
            fprintf(stderr, "folcheck: report: cannot write to stdout\n");
            rc = EXIT_USAGE;
        }
        free(html);
    }
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(names);
    free(results);
    return rc;
}

/* ---- codes -------------------------------------------------------------- */

/* ---- serve --------------------------------------------------------------- */

static int cmd_serve(options *o)
{
    if (o->nfiles)
        die_usage("serve takes no files (got %s)", o->files[0]);
    o->serve.check = o->check;
    if (o->dialect_set)
        o->serve.dialect = o->dialect;
    /* SIGTERM and SIGINT end the wait below, in this thread only */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    char *err = NULL;
    fc_server *s = fc_server_start(&o->serve, &err);
    if (!s) {
        fprintf(stderr, "folcheck serve: %s\n", err);
        free(err);
        return EXIT_USAGE;
    }
    fprintf(stderr, "folcheck serve: listening on http://%s:%u\n",
            o->serve.host, fc_server_port(s));
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "folcheck serve: stopping (signal %d); letting the "
                    "requests in flight finish\n", sig);
    fc_server_stop(s, 30000);
    fprintf(stderr, "folcheck serve: stopped\n");
    return EXIT_VALID;
}

static int cmd_codes(void)
{
    for (int i = 0; i < FC_CODE_COUNT; i++)
        printf("%-22s %s\n", fc_code_name((fc_code)i),
               fc_code_summary((fc_code)i));
    return EXIT_VALID;
}

/* Every command's standard output must reach its reader: a write error
 * is exit status 2 (with a message, but for a closed pipe). */
static volatile sig_atomic_t pipe_closed;

static void on_sigpipe(int sig)
{
    (void)sig;
    pipe_closed = 1;
}

static int finish_output(int rc, bool reported)
{
    errno = 0;
    bool flushed = fflush(stdout) != EOF;
    if (flushed && !ferror(stdout))
        return rc;
    /* audit says so itself; a closed pipe is quiet */
    if (!reported && errno != EPIPE && !pipe_closed)
        fprintf(stderr, "folcheck: cannot write the output%s%s\n",
                errno ? ": " : "", errno ? strerror(errno) : "");
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_VALID;
    }
    const char *cmd = argv[1];
    fc_tune_allocator();
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("folcheck %s\n", FOLCHECK_VERSION);
        return EXIT_VALID;
    }
    if (!strcmp(cmd, "codes"))
        return finish_output(cmd_codes(), false);
    /* a closed pipe is a write error (EPIPE), not a signal that kills
     * the run before its summary is written */
    signal(SIGPIPE, on_sigpipe);
    options o = {0};
    parse_options(argc, argv, 2, &o);
    int rc;
    if (!strcmp(cmd, "check"))
        rc = cmd_check(&o);
    else if (!strcmp(cmd, "parse"))
        rc = cmd_parse(&o);
    else if (!strcmp(cmd, "export"))
        rc = cmd_export(&o);
    else if (!strcmp(cmd, "test"))
        rc = cmd_test(&o);
    else if (!strcmp(cmd, "audit"))
        rc = cmd_audit(&o);
    else if (!strcmp(cmd, "merge"))
        rc = cmd_merge(&o);
    else if (!strcmp(cmd, "report"))
        rc = cmd_report(&o);
    else if (!strcmp(cmd, "serve"))
        rc = cmd_serve(&o);
    else
        die_usage("unknown command '%s'", cmd);
    free(o.files);
    return finish_output(rc, !strcmp(cmd, "audit"));
}
