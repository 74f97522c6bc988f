/* The HTML report: audit summaries drawn as one self-contained page.  CSS
 * and SVG are inline and there is no script, font or network access, so
 * the file opens anywhere and can be mailed or archived as it is.  Several
 * summaries are drawn side by side to compare runs (a base model against
 * its RL-trained version, say).  Every number is shown as a count with
 * thousands separators next to a share, and every scale adapts to the
 * data, so the page reads the same with 2 traces or 200,000. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "folcheck.h"
#include "batch/summary.h"
#include "util/util.h"

/* ---- palette ------------------------------------------------------------ */

static const char *const run_colors[] = {
    "#3366cc", "#e8710a", "#109667", "#8b46c9",
    "#d6336c", "#1596b0", "#9c7b16", "#5c6b80",
};
#define N_RUN_COLORS (sizeof run_colors / sizeof run_colors[0])

#define C_GOOD "#1a9e6a"
#define C_WARN "#e8a317"
#define C_BAD "#d64545"
#define C_GREY "#6b7f99"
#define C_LIGHT "#b8c0cc"
#define C_PURPLE "#8b46c9"

/* The colour of each category of the taxonomy; their names, titles and
 * order come from result/result.h. */
static const char *const category_color[FC_CAT_COUNT] = {
    [FC_CAT_FALSE_PREMISE] = C_BAD,
    [FC_CAT_FALSE_RULE] = C_PURPLE,
    [FC_CAT_CALCULATOR_ERROR] = "#e8710a",
    [FC_CAT_FORMAT_ERROR] = "#1596b0",
    [FC_CAT_ILL_FORMED] = C_GREY,
    [FC_CAT_UNKNOWN] = "#9aa3ad",
};

/* ---- one summary -------------------------------------------------------- */

typedef struct run {
    const char *name;
    char letter[24];
    const char *color;
    fc_summary s;
    cJSON *root;            /* the parsed summary, for its runs array */
    bool shared_root;       /* a group's column: root is its summary's */
    char *owned_name;       /* a group's column: "model: rl" */
} run;

typedef struct report {
    run *r;
    size_t n;
    fc_buf b;
    /* --pair-by: columns come in pairs (base, RL) and each RL column is
     * tested against its own base column */
    bool paired;
    char *pair_note;        /* what was paired, for the page */
    /* --results: the audit's result lines by id, to link the examples to
     * a section per trace; linked: the ids linked so far, in order */
    cJSON *results;         /* object: id -> result line */
    FC_VEC(const char *) linked;
} report;

/* The column a column is compared with: the first, or its pair's base. */
static size_t baseline_of(const report *rp, size_t i)
{
    return rp->paired ? i & ~(size_t)1 : 0;
}

/* ---- text --------------------------------------------------------------- */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Appends s as HTML text (also safe in attribute values): markup characters
 * become entities, control characters and invalid UTF-8 become U+FFFD.  With
 * max > 0, a longer text keeps max - 1 characters and an ellipsis. */
static void esc_n(fc_buf *b, const char *s, size_t max)
{
    if (!s)
        s = "";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0, kept = 0;
    size_t limit = max && utf8_chars(s) > max ? max - 1 : (size_t)-1;
    while (i < n) {
        if (kept == limit) {
            fc_buf_puts(b, "\xE2\x80\xA6");
            return;
        }
        kept++;
        unsigned char c = p[i];
        switch (c) {
        case '&': fc_buf_puts(b, "&amp;"); i++; continue;
        case '<': fc_buf_puts(b, "&lt;"); i++; continue;
        case '>': fc_buf_puts(b, "&gt;"); i++; continue;
        case '"': fc_buf_puts(b, "&quot;"); i++; continue;
        case '\'': fc_buf_puts(b, "&#39;"); i++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            fc_buf_puts(b, c == '\t' || c == '\n' ? " " : "\xEF\xBF\xBD");
            i++;
            continue;
        }
        int l = fc_utf8_len(p + i, n - i);
        if (l <= 0) {
            fc_buf_puts(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        fc_buf_putn(b, s + i, (size_t)l);
        i += (size_t)l;
    }
}

static void esc(fc_buf *b, const char *s) { esc_n(b, s, 0); }

/* A path, with line-break opportunities after its slashes. */
static void esc_path(fc_buf *b, const char *s)
{
    for (const char *slash; (slash = strchr(s, '/')); s = slash + 1) {
        char *part = fc_xstrndup(s, (size_t)(slash - s) + 1);
        esc(b, part);
        free(part);
        if (slash[1])
            fc_buf_puts(b, "<wbr>");
    }
    esc(b, s);
}

/* 1234567 -> "1,234,567". */
static const char *cnt(char out[32], uint64_t v)
{
    char tmp[24];
    int len = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    int o = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = tmp[i];
    }
    out[o] = '\0';
    return out;
}

/* A share as HTML-safe text: one decimal, and never a misleading 0% or
 * 100% for a share that is not exactly that. */
static const char *pct(char out[24], double num, double den)
{
    if (!(den > 0)) {
        snprintf(out, 24, "\xE2\x80\x93");
        return out;
    }
    double p = 100.0 * num / den;
    if (num <= 0)
        snprintf(out, 24, "0%%");
    else if (num >= den)
        snprintf(out, 24, "%.0f%%", p);
    else if (p < 0.1)
        snprintf(out, 24, "&lt;0.1%%");
    else if (p >= 99.95)
        snprintf(out, 24, "&gt;99.9%%");
    else
        snprintf(out, 24, "%.1f%%", p);
    return out;
}

static double ratio(uint64_t a, uint64_t b) { return b ? (double)a / b : 0; }

/* A duration in microseconds, in the largest unit that keeps it short. */
static const char *dur(char out[32], uint64_t us)
{
    double s = us / 1e6;
    if (us == 0)
        snprintf(out, 32, "\xE2\x80\x93");
    else if (s < 1)
        snprintf(out, 32, "%.0f ms", us / 1e3);
    else if (s < 60)
        snprintf(out, 32, "%.1f s", s);
    else if (s < 3600)
        snprintf(out, 32, "%d min %02d s", (int)(s / 60), (int)s % 60);
    else
        snprintf(out, 32, "%d h %02d min", (int)(s / 3600),
                 (int)(s / 60) % 60);
    return out;
}

/* An axis from 0 that holds x (a percentage): a round tick step (1, 2,
 * 2.5 or 5 times a power of ten) and 3 to 6 intervals, at most 100%. */
static void axis(double x, double *max, int *ticks)
{
    if (!(x > 0))
        x = 1;
    if (x > 100)
        x = 100;
    double raw = x / 5;
    double e = pow(10, floor(log10(raw)));
    double f = raw / e;
    double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * e;
    int n = (int)ceil(x / step - 1e-9);
    if (n < 3)
        n = 3;
    if (n * step > 100 && x <= 100)
        n = (int)ceil(100 / step - 1e-9);
    *max = n * step;
    *ticks = n;
}

/* A tick value of a percent axis: "0.5%", "12.5%", "0.02%", "100%". */
static const char *tick(char out[24], double v)
{
    snprintf(out, 24, "%.4g%%", v);
    return out;
}

/* Rough width of a text in pixels, to keep labels from overlapping. */
static double text_w(const char *s, double size)
{
    return (double)utf8_chars(s) * size * 0.58;
}

static uint64_t sum_u64(const uint64_t *v, size_t n)
{
    uint64_t t = 0;
    for (size_t i = 0; i < n; i++)
        t += v[i];
    return t;
}

/* ---- page pieces -------------------------------------------------------- */

static const char css[] =
    ":root{--ink:#1f2733;--muted:#667085;--line:#e4e7ec;--bg:#f5f6f8;"
    "--card:#fff}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);"
    "font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,\"Noto Sans\",\"DejaVu Sans\",sans-serif}\n"
    "main{max-width:1100px;margin:0 auto;padding:28px 24px 40px}\n"
    "header{margin-bottom:6px}\n"
    "h1{font-size:22px;margin:0;font-weight:650;letter-spacing:-.01em}\n"
    "h1 .brand{color:var(--muted);font-weight:500}\n"
    ".sub{color:var(--muted);margin:2px 0 12px}\n"
    "nav{display:flex;flex-wrap:wrap;gap:6px;margin:10px 0 4px}\n"
    "nav a{color:var(--muted);text-decoration:none;font-size:12.5px;"
    "padding:3px 10px;border:1px solid var(--line);border-radius:999px;"
    "background:var(--card)}\n"
    "nav a:hover{color:var(--ink);border-color:#c9ced6}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:8px 22px;margin:6px 0 0}\n"
    ".legend .item{display:flex;align-items:center;gap:8px;min-width:0}\n"
    ".chip{display:inline-block;min-width:22px;height:22px;padding:0 6px;"
    "line-height:22px;border-radius:5px;color:#fff;font-weight:650;"
    "font-size:12px;text-align:center;flex:none}\n"
    ".name{font-weight:600;overflow-wrap:anywhere}\n"
    ".muted{color:var(--muted)}\n"
    "section{background:var(--card);border:1px solid var(--line);"
    "border-radius:12px;padding:20px 24px 22px;margin:16px 0;"
    "box-shadow:0 1px 2px rgba(16,24,40,.04)}\n"
    "h2{font-size:16px;margin:0 0 2px;font-weight:650}\n"
    "h3{font-size:13.5px;margin:18px 0 6px;font-weight:600}\n"
    ".note{color:var(--muted);font-size:12.5px;margin:0 0 14px;"
    "max-width:820px}\n"
    ".empty{color:var(--muted);font-style:italic;margin:6px 0}\n"
    ".grid{display:flex;flex-wrap:wrap;gap:18px 28px}\n"
    ".card{min-width:0}\n"
    ".card .head{display:flex;align-items:center;gap:8px;margin:0 0 4px}\n"
    ".card .foot{color:var(--muted);font-size:12.5px;margin-top:2px}\n"
    ".scroll{overflow-x:auto}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    "svg text{fill:var(--ink);font-size:12px}\n"
    "svg .m{fill:var(--muted)}\n"
    "svg .b{font-weight:650}\n"
    "svg .w{fill:#fff}\n"
    "svg .axis{stroke:#98a2b3;stroke-width:1}\n"
    "svg .gridl{stroke:#eef0f3;stroke-width:1}\n"
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums;"
    "font-size:13px}\n"
    "th,td{padding:6px 10px;border-bottom:1px solid var(--line);"
    "text-align:right;white-space:nowrap;vertical-align:top}\n"
    "th{font-weight:600;color:var(--muted);font-size:12px}\n"
    "th:first-child,td:first-child{text-align:left}\n"
    "tr:last-child td{border-bottom:none}\n"
    "td .pc{font-weight:650}\n"
    "td .ct{color:var(--muted);font-size:12px}\n"
    "details.ex{margin:6px 0}details.ex summary{cursor:pointer;"
    "color:var(--muted);font-size:13px}\n"
    "details.ex code{font-size:12px;white-space:pre-wrap;"
    "overflow-wrap:anywhere}\n"
    "td .sig{font-weight:600;font-size:12px;margin-left:4px}\n"
    "td .dl{color:var(--muted);font-size:11.5px;margin-left:4px}\n"
    "td.wrap{white-space:normal;overflow-wrap:anywhere;min-width:200px;max-width:420px;"
    "text-align:left}\n"
    ".keys{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12.5px;"
    "margin:8px 0 0;color:var(--muted)}\n"
    ".keys span{display:inline-flex;align-items:center}\n"
    ".keys b{margin-right:5px}\n"
    ".sw{display:inline-block;width:11px;height:11px;border-radius:3px;"
    "margin-right:6px;vertical-align:-1px}\n"
    "footer{color:var(--muted);font-size:12px;text-align:center;"
    "margin-top:22px}\n"
    "@media print{body{background:#fff}section{box-shadow:none;"
    "break-inside:avoid}nav{display:none}}\n";

static void swatch(fc_buf *b, const char *color, const char *label)
{
    fc_buf_printf(b, "<span><i class=\"sw\" style=\"background:%s\"></i>",
                  color);
    esc(b, label);
    fc_buf_puts(b, "</span>");
}

static void chip(fc_buf *b, const run *r)
{
    fc_buf_printf(b, "<span class=\"chip\" style=\"background:%s\">%s</span>",
                  r->color, r->letter);
}

/* A table row's start: a run's chip and name in the first cell. */
static void run_cell(fc_buf *b, const run *r, size_t max)
{
    fc_buf_puts(b, "<tr><td><span style=\"display:inline-flex;gap:8px;"
                   "align-items:center\">");
    chip(b, r);
    fc_buf_puts(b, "<span class=\"name\" title=\"");
    esc(b, r->name);
    fc_buf_puts(b, "\">");
    esc_n(b, r->name, max);
    fc_buf_puts(b, "</span></span></td>");
}

/* The same in SVG: a chip with the letter and the (shortened) name. */
static void svg_run_label(fc_buf *b, const run *r, double x, double y,
                          size_t max)
{
    fc_buf_printf(b,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"18\" "
                  "rx=\"4\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" "
                  "text-anchor=\"middle\" class=\"w b\" "
                  "style=\"font-size:11px\">%s</text>",
                  x, y - 13, r->color, x + 10, y, r->letter);
    fc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x + 27, y);
    esc_n(b, r->name, max);
    fc_buf_puts(b, "</text>");
}

/* The colour key of the runs, under charts that compare them. */
static void run_keys(report *rp)
{
    if (rp->n < 2)
        return;
    fc_buf *b = &rp->b;
    fc_buf_puts(b, "<div class=\"keys\">");
    for (size_t i = 0; i < rp->n; i++) {
        fc_buf_printf(b, "<span><i class=\"sw\" style=\"background:%s\">"
                         "</i><b>%s</b> ",
                      rp->r[i].color, rp->r[i].letter);
        esc_n(b, rp->r[i].name, 40);
        fc_buf_puts(b, "</span>");
    }
    fc_buf_puts(b, "</div>\n");
}

static void section_open(fc_buf *b, const char *id, const char *title,
                         const char *note)
{
    fc_buf_printf(b, "<section id=\"%s\">\n<h2>%s</h2>\n", id, title);
    if (note)
        fc_buf_printf(b, "<p class=\"note\">%s</p>\n", note);
}

static void section_close(fc_buf *b) { fc_buf_puts(b, "</section>\n"); }

/* ---- header and overview ------------------------------------------------ */

static void page_head(report *rp)
{
    fc_buf *b = &rp->b;
    fc_buf_puts(b,
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                "<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" "
                "content=\"default-src 'none'; style-src 'unsafe-inline'; "
                "img-src data:\">\n"
                "<meta name=\"viewport\" "
                "content=\"width=device-width, initial-scale=1\">\n"
                "<meta name=\"generator\" content=\"folcheck " FOLCHECK_VERSION
                "\">\n"
                "<link rel=\"icon\" href=\"data:,\">\n<title>folcheck report: ");
    for (size_t i = 0; i < rp->n; i++) {
        if (i)
            fc_buf_puts(b, " vs ");
        esc_n(b, rp->r[i].name, 40);
    }
    fc_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
                  css);
}

static void page_header(report *rp)
{
    fc_buf *b = &rp->b;
    uint64_t traces = 0, steps = 0;
    for (size_t i = 0; i < rp->n; i++) {
        traces += rp->r[i].s.traces;
        steps += rp->r[i].s.steps;
    }
    char a[32], c[32];
    fc_buf_puts(b, "<header>\n<h1><span class=\"brand\">folcheck</span> "
                   "audit report</h1>\n");
    if (rp->paired)
        fc_buf_printf(b,
                      "<p class=\"sub\">two audits paired, in four groups "
                      "&middot; %s traces &middot; %s steps checked with "
                      "Z3</p>\n",
                      cnt(a, traces), cnt(c, steps));
    else
        fc_buf_printf(b,
                      "<p class=\"sub\">%zu %s &middot; %s traces &middot; "
                      "%s steps checked with Z3</p>\n",
                      rp->n, rp->n == 1 ? "summary" : "summaries, side by side",
                      cnt(a, traces), cnt(c, steps));
    fc_buf_puts(b, "<div class=\"legend\">\n");
    for (size_t i = 0; i < rp->n; i++) {
        const run *r = &rp->r[i];
        fc_buf_puts(b, "<div class=\"item\">");
        chip(b, r);
        fc_buf_puts(b, "<span class=\"name\">");
        esc_n(b, r->name, 80);
        fc_buf_printf(b, "</span><span class=\"muted\">%s traces</span></div>\n",
                      cnt(a, r->s.traces));
    }
    if (rp->paired) /* result lines hold no positions or runs */
        fc_buf_puts(b, "</div>\n<nav>"
                       "<a href=\"#pairs\">Pairs</a>"
                       "<a href=\"#overview\">Overview</a>"
                       "<a href=\"#quadrant\">Coherence &amp; validity</a>"
                       "<a href=\"#errors\">Errors</a>"
                       "<a href=\"#conclusions\">Conclusions</a></nav>\n"
                       "</header>\n");
    else
        fc_buf_puts(b, "</div>\n<nav>"
                       "<a href=\"#overview\">Overview</a>"
                       "<a href=\"#quadrant\">Coherence &amp; validity</a>"
                       "<a href=\"#errors\">Errors</a>"
                       "<a href=\"#positions\">Error positions</a>"
                       "<a href=\"#conclusions\">Conclusions</a>"
                       "<a href=\"#runs\">Runs</a></nav>\n</header>\n");
}

/* ---- uncertainty --------------------------------------------------------- */

/* The 95% Wilson score interval of k successes in n trials. */
static void wilson(uint64_t k, uint64_t n, double *lo, double *hi)
{
    const double z = 1.959963984540054;
    double nn = (double)n, ph = (double)k / nn, z2 = z * z;
    double den = 1 + z2 / nn;
    double mid = (ph + z2 / (2 * nn)) / den;
    double half = z * sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / den;
    *lo = fmax(0, mid - half);
    *hi = fmin(1, mid + half);
}

static double lchoose(double n, double k)
{
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/* Fisher's exact test, two-sided, of the 2x2 table [a b; c d]: the sum of
 * the probabilities, under fixed margins, of every table no more likely
 * than the one observed. */
static double fisher_p(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    double r1 = (double)(a + b), r2 = (double)(c + d);
    double c1 = (double)(a + c), n = r1 + r2;
    double base = lchoose(n, c1);
    double obs = lchoose(r1, (double)a) + lchoose(r2, c1 - (double)a) - base;
    double lo = fmax(0, c1 - r2), hi = fmin(r1, c1), sum = 0;
    for (double x = lo; x <= hi; x++) {
        double lp = lchoose(r1, x) + lchoose(r2, c1 - x) - base;
        if (lp <= obs + 1e-7)
            sum += exp(lp);
    }
    return fmin(1, sum);
}

/* Holm's step-down correction of n p-values, in place. */
static void holm(double *p, size_t n)
{
    size_t order[64];
    if (n > 64)
        n = 64;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort by p */
        for (size_t j = i; j > 0 && p[order[j]] < p[order[j - 1]]; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    double run = 0;
    for (size_t k = 0; k < n; k++) {
        double adj = fmin(1, (double)(n - k) * p[order[k]]);
        run = fmax(run, adj);
        p[order[k]] = run;
    }
}

enum metric {
    M_COHERENT,
    M_VALID,
    M_GAP,
    M_UNKNOWN,
    M_REACHED,
    M_AGREE,
    M_VERDICT,
    M_COUNT
};

static const char *const metric_names[M_COUNT] = {
    "Coherent traces", "Valid traces", "Coherent but invalid",
    "Unknown verdicts", "Conclusion reached", "Agreement with labels",
    "Verdicts as expected"};

static void metric_of(const fc_summary *s, enum metric m, uint64_t *num,
                      uint64_t *den)
{
    *den = s->traces;
    switch (m) {
    case M_COHERENT: *num = s->coherent; break;
    case M_VALID: *num = s->valid; break;
    case M_GAP: *num = s->quadrant[1][0]; break;
    case M_UNKNOWN: *num = s->unknown; break;
    case M_REACHED:
        *num = s->reached;
        *den = s->conclusions;
        break;
    case M_AGREE:
        *num = 0;
        for (int i = 0; i < FC_REF_COUNT; i++)
            *num += s->confusion[i][i];
        *den = s->labelled;
        break;
    case M_VERDICT:
        *num = s->verdict_confusion[1][0] + s->verdict_confusion[0][1];
        *den = sum_u64(&s->verdict_confusion[0][0], 6);
        break;
    default: *num = 0; break;
    }
}

/* A generic horizontal 100% stacked bar per run, its colour key and a table
 * of the counts.  vals holds n * np counts, run-major. */
typedef struct part {
    const char *name, *color;
} part;

static void stacked(report *rp, const part *parts, size_t np,
                    const uint64_t *vals, const char *unit)
{
    fc_buf *b = &rp->b;
    const double W = 1000, LX = 4, BX = 230, BW = 620, RH = 26, GAP = 12;
    double H = rp->n * (RH + GAP) + 4;
    bool used[16] = {0};
    char a[32], p[24], t[32];
    fc_buf_printf(b,
                  "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                  "role=\"img\">\n",
                  W, H, W);
    for (size_t i = 0; i < rp->n; i++) {
        const run *r = &rp->r[i];
        const uint64_t *v = vals + i * np;
        uint64_t total = sum_u64(v, np);
        double y = 2 + i * (RH + GAP);
        svg_run_label(b, r, LX, y + RH / 2 + 5, 26);
        if (!total) {
            fc_buf_printf(b,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                          "height=\"%.1f\" rx=\"4\" fill=\"#f1f3f6\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" class=\"m\">none</text>\n",
                          BX, y, BW, RH, BX + 10, y + RH / 2 + 4);
            continue;
        }
        double x = BX;
        for (size_t k = 0; k < np; k++) {
            if (!v[k])
                continue;
            used[k] = true;
            double w = BW * (double)v[k] / (double)total;
            fc_buf_printf(b,
                          "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
                          "height=\"%.1f\" fill=\"%s\"><title>",
                          x, y, w > 0.6 ? w - 0.6 : w, RH, parts[k].color);
            esc(b, r->name);
            fc_buf_printf(b, ": %s %s %s of %s (%s)</title></rect>",
                          parts[k].name, cnt(a, v[k]), unit, cnt(t, total),
                          pct(p, (double)v[k], (double)total));
            if (text_w(p, 11.5) + 10 <= w)
                fc_buf_printf(b,
                              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                              "class=\"w b\" style=\"font-size:11.5px\">%s"
                              "</text>",
                              x + w / 2, y + RH / 2 + 4, p);
            x += w;
        }
        fc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"m\">%s %s</text>\n",
                      BX + BW + 12, y + RH / 2 + 4, cnt(a, total), unit);
    }
    fc_buf_puts(b, "</svg>\n<div class=\"keys\">");
    for (size_t k = 0; k < np; k++)
        if (used[k])
            swatch(b, parts[k].color, parts[k].name);
    fc_buf_puts(b, "</div>\n");
    /* the counts, for reading without hovering */
    fc_buf_puts(b, "<div class=\"scroll\"><table style=\"margin-top:10px\">"
                   "<tr><th></th>");
    for (size_t i = 0; i < rp->n; i++) {
        fc_buf_puts(b, "<th>");
        chip(b, &rp->r[i]);
        fc_buf_puts(b, "</th>");
    }
    fc_buf_puts(b, "</tr>\n");
    for (size_t k = 0; k < np; k++) {
        if (!used[k])
            continue;
        fc_buf_puts(b, "<tr><td>");
        swatch(b, parts[k].color, parts[k].name);
        fc_buf_puts(b, "</td>");
        for (size_t i = 0; i < rp->n; i++) {
            const uint64_t *v = vals + i * np;
            fc_buf_printf(b,
                          "<td><span class=\"pc\">%s</span> "
                          "<span class=\"ct\">%s</span></td>",
                          cnt(a, v[k]),
                          pct(p, (double)v[k], (double)sum_u64(v, np)));
        }
        fc_buf_puts(b, "</tr>\n");
    }
    fc_buf_puts(b, "</table></div>\n");
}

static void overview(report *rp)
{
    fc_buf *b = &rp->b;
    char a[32], c[32], p[24];
    section_open(b, "overview", "Overview",
                 rp->paired
                     ? "A trace is <b>coherent</b> when no step is locally "
                       "contradicted or ill-formed, and <b>valid</b> when "
                       "every step follows from the premises and the "
                       "conclusion is reached. Shares are of the traces "
                       "checked; each RL column's differences are against "
                       "the base column of its group, in percentage points."
                 : rp->n > 1
                     ? "A trace is <b>coherent</b> when no step is locally "
                       "contradicted or ill-formed, and <b>valid</b> when "
                       "every step follows from the premises and the "
                       "conclusion is reached. Shares are of the traces "
                       "checked; differences are against the first "
                       "summary, in percentage points."
                     : "A trace is <b>coherent</b> when no step is locally "
                       "contradicted or ill-formed, and <b>valid</b> when "
                       "every step follows from the premises and the "
                       "conclusion is reached. Shares are of the traces "
                       "checked.");
    bool show[M_COUNT];
    for (int m = 0; m < M_COUNT; m++) {
        show[m] = m <= M_GAP;
        for (size_t i = 0; i < rp->n; i++) {
            uint64_t num, den;
            metric_of(&rp->r[i].s, (enum metric)m, &num, &den);
            if (m == M_UNKNOWN ? num > 0 : den > 0)
                show[m] = true;
        }
    }
    fc_buf_puts(b, "<div class=\"scroll\"><table>\n<tr><th></th>");
    for (size_t i = 0; i < rp->n; i++) {
        fc_buf_puts(b, "<th>");
        chip(b, &rp->r[i]);
        fc_buf_puts(b, " ");
        esc_n(b, rp->r[i].name, 28);
        fc_buf_puts(b, "</th>");
    }
    fc_buf_puts(b, "</tr>\n<tr><td>Traces checked</td>");
    for (size_t i = 0; i < rp->n; i++) {
        const fc_summary *s = &rp->r[i].s;
        fc_buf_printf(b, "<td><span class=\"pc\">%s</span>", cnt(a, s->traces));
        if (s->input_errors)
            fc_buf_printf(b, "<br><span class=\"ct\">+ %s unreadable</span>",
                          cnt(c, s->input_errors));
        fc_buf_puts(b, "</td>");
    }
    fc_buf_puts(b, "</tr>\n<tr><td>Steps</td>");
    for (size_t i = 0; i < rp->n; i++) {
        const fc_summary *s = &rp->r[i].s;
        fc_buf_printf(b, "<td><span class=\"pc\">%s</span>", cnt(a, s->steps));
        if (s->traces)
            fc_buf_printf(b, "<br><span class=\"ct\">%.1f per trace</span>",
                          (double)s->steps / (double)s->traces);
        fc_buf_puts(b, "</td>");
    }
    fc_buf_puts(b, "</tr>\n");
    uint64_t n0, d0;
    /* each column against the first: Fisher's exact test per row, Holm's
     * correction across the rows shown */
    double padj[M_COUNT][16];
    for (size_t i = 1; i < rp->n && i < 16; i++) {
        size_t b0 = baseline_of(rp, i);
        if (b0 == i)
            continue;
        double ps[M_COUNT];
        int rows[M_COUNT];
        size_t np = 0;
        for (int m = 0; m < M_COUNT; m++) {
            padj[m][i] = -1;
            uint64_t num, den;
            metric_of(&rp->r[b0].s, (enum metric)m, &n0, &d0);
            metric_of(&rp->r[i].s, (enum metric)m, &num, &den);
            if (!show[m] || !den || !d0)
                continue;
            ps[np] = fisher_p(n0, d0 - n0, num, den - num);
            rows[np++] = m;
        }
        holm(ps, np);
        for (size_t k = 0; k < np; k++)
            padj[rows[k]][i] = ps[k];
    }
    bool any_test = false;
    for (int m = 0; m < M_COUNT; m++) {
        if (!show[m])
            continue;
        fc_buf_printf(b, "<tr><td>%s</td>", metric_names[m]);
        for (size_t i = 0; i < rp->n; i++) {
            uint64_t num, den;
            size_t b0 = baseline_of(rp, i);
            metric_of(&rp->r[b0].s, (enum metric)m, &n0, &d0);
            metric_of(&rp->r[i].s, (enum metric)m, &num, &den);
            if (!den) {
                fc_buf_puts(b, "<td><span class=\"ct\">\xE2\x80\x93</span></td>");
                continue;
            }
            fc_buf_printf(b, "<td><span class=\"pc\">%s</span>",
                          pct(p, (double)num, (double)den));
            if (i != b0 && d0) {
                double d = 100 * (ratio(num, den) - ratio(n0, d0));
                fc_buf_printf(b, "<span class=\"dl\">%s%.1f pp</span>",
                              d >= 0.05 ? "+" : d <= -0.05 ? "\xE2\x88\x92" : "\xC2\xB1",
                              fabs(d));
            }
            if (i != b0 && i < 16 && padj[m][i] >= 0) {
                double q = padj[m][i];
                any_test = true;
                if (q < 0.001)
                    fc_buf_printf(b, "<span class=\"sig\" title=\"Fisher's "
                                     "exact test, Holm-corrected\"> p&lt;0.001"
                                     "*</span>");
                else
                    fc_buf_printf(b, "<span class=\"%s\" title=\"Fisher's "
                                     "exact test, Holm-corrected\"> p=%.3f%s"
                                     "</span>",
                                  q < 0.05 ? "sig" : "ct", q,
                                  q < 0.05 ? "*" : "");
            }
            double lo, hi;
            wilson(num, den, &lo, &hi);
            char pl[24], ph[24];
            fc_buf_printf(b, "<br><span class=\"ct\">%s of %s &middot; 95%% "
                             "CI %s\xE2\x80\x93%s</span></td>",
                          cnt(a, num), cnt(c, den), pct(pl, lo, 1),
                          pct(ph, hi, 1));
        }
        fc_buf_puts(b, "</tr>\n");
    }
    fc_buf_puts(b, "</table></div>\n");
    fc_buf_puts(b, "<p class=\"note\">95% CI: the Wilson score interval of "
                   "each share.");
    if (any_test) {
        fc_buf_puts(b, rp->paired
                           ? " p: Fisher's exact test (two-sided) of each RL "
                             "share against the base share of the same "
                             "group"
                           : " p: Fisher's exact test (two-sided) of each "
                             "share against the first column's");
        fc_buf_puts(b, ", with Holm's correction across the rows of the "
                       "table; <b>*</b> marks a difference significant at "
                       "5% after correction.");
    }
    fc_buf_puts(b, "</p>\n");

    /* step verdicts against the global context */
    static const struct {
        fc_status st;
        part p;
    } sts[] = {
        {FC_STATUS_ENTAILED, {"entailed", C_GOOD}},
        {FC_STATUS_DEFINITION, {"definition", "#7fc8a9"}},
        {FC_STATUS_UNDETERMINED, {"undetermined", C_LIGHT}},
        {FC_STATUS_CONTRADICTED, {"contradicted", C_BAD}},
        {FC_STATUS_UNKNOWN, {"unknown", C_PURPLE}},
        {FC_STATUS_ILL_FORMED, {"ill-formed", C_GREY}},
    };
    enum { NS = sizeof sts / sizeof sts[0] };
    uint64_t steps = 0;
    for (size_t i = 0; i < rp->n; i++)
        steps += rp->r[i].s.steps;
    fc_buf_puts(b, "<h3>Step verdicts (global context)</h3>\n");
    if (!steps) {
        fc_buf_puts(b, "<p class=\"empty\">No steps in these summaries: "
                       "the traces state premises and a conclusion "
                       "only.</p>\n");
    } else {
        part parts[NS];
        uint64_t *vals = fc_xcalloc(rp->n * NS, sizeof(uint64_t));
        for (size_t k = 0; k < NS; k++)
            parts[k] = sts[k].p;
        for (size_t i = 0; i < rp->n; i++)
            for (size_t k = 0; k < NS; k++)
                vals[i * NS + k] = rp->r[i].s.step_status[sts[k].st];
        stacked(rp, parts, NS, vals, "steps");
        free(vals);
    }
    section_close(b);
}

/* ---- coherence x validity ------------------------------------------------ */

static void quadrant_svg(fc_buf *b, const run *r)
{
    const fc_summary *s = &r->s;
    const double X0 = 84, Y0 = 30, CW = 110, CH = 88, G = 6;
    static const char *const colors[2][2] = {{C_BAD, C_GREY},
                                             {C_WARN, C_GOOD}};
    static const char *const names[2][2] = {
        {"incoherent and invalid", "incoherent but valid"},
        {"coherent but invalid", "coherent and valid"}};
    char a[32], p[24], t[32];
    fc_buf_printf(b,
                  "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                  "role=\"img\">\n",
                  X0 + 2 * CW + G + 2, Y0 + 2 * CH + G + 2,
                  X0 + 2 * CW + G + 2);
    fc_buf_printf(b,
                  "<text x=\"%.1f\" y=\"18\" text-anchor=\"middle\" "
                  "class=\"m b\">valid</text>"
                  "<text x=\"%.1f\" y=\"18\" text-anchor=\"middle\" "
                  "class=\"m b\">invalid</text>\n",
                  X0 + CW / 2, X0 + CW + G + CW / 2);
    for (int row = 0; row < 2; row++) {
        int coherent = row == 0;
        double y = Y0 + row * (CH + G);
        fc_buf_printf(b,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                      "class=\"m b\">%s</text>\n",
                      X0 - 10, y + CH / 2 + 4,
                      coherent ? "coherent" : "incoherent");
        for (int col = 0; col < 2; col++) {
            int valid = col == 0;
            double x = X0 + col * (CW + G);
            uint64_t v = s->quadrant[coherent][valid];
            double share = ratio(v, s->traces);
            const char *color = colors[coherent][valid];
            fc_buf_printf(b,
                          "<g><title>%s: %s of %s traces (%s)</title>"
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                          "height=\"%.1f\" rx=\"8\" fill=\"%s\" "
                          "fill-opacity=\"%.3f\" stroke=\"%s\" "
                          "stroke-opacity=\".35\"/>",
                          names[coherent][valid], cnt(a, v),
                          cnt(t, s->traces),
                          pct(p, (double)v, (double)s->traces), x, y, CW, CH,
                          color, 0.06 + 0.30 * share, color);
            fc_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                          "class=\"b\" style=\"font-size:%dpx\">%s</text>",
                          x + CW / 2, y + CH / 2 - 2,
                          strlen(cnt(a, v)) <= 7   ? 20
                          : strlen(a) <= 9 ? 17
                                           : 14,
                          a);
            fc_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                          "class=\"m\" style=\"font-size:12.5px\">%s</text>",
                          x + CW / 2, y + CH / 2 + 17,
                          pct(p, (double)v, (double)s->traces));
            /* a bar along the bottom, as long as the share */
            fc_buf_printf(b,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                          "height=\"5\" rx=\"2.5\" fill=\"%s\" "
                          "fill-opacity=\".15\"/>"
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" "
                          "height=\"5\" rx=\"2.5\" fill=\"%s\"/></g>\n",
                          x + 12, y + CH - 14, CW - 24, color, x + 12,
                          y + CH - 14, share > 0 ? fmax(5, (CW - 24) * share) : 0,
                          color);
        }
    }
    fc_buf_puts(b, "</svg>\n");
}

/* ---- the examples behind the numbers ------------------------------------ */

/* The index of a linked trace's section (made when new). */
static size_t link_index(report *rp, const char *id)
{
    for (size_t i = 0; i < rp->linked.len; i++)
        if (!strcmp(rp->linked.data[i], id))
            return i;
    fc_vec_push(&rp->linked, id);
    return rp->linked.len - 1;
}

static void example_rows(fc_buf *b, report *rp, const run *r,
                         const fc_example_list *l)
{
    char a[32];
    for (size_t i = 0; i < l->n; i++) {
        const fc_example *e = &l->items[i];
        fc_buf_puts(b, "<tr>");
        if (i == 0)
            run_cell(b, r, 16);
        else
            fc_buf_puts(b, "<td></td>");
        fc_buf_puts(b, "<td class=\"wrap\">");
        esc_path(b, e->file ? e->file : "");
        fc_buf_printf(b, ":%d", e->line);
        if (e->id) {
            bool link = rp->results &&
                        cJSON_GetObjectItemCaseSensitive(rp->results, e->id);
            if (link)
                fc_buf_printf(b, " <a href=\"#trace-%zu\">",
                              link_index(rp, e->id));
            fc_buf_puts(b, " <span class=\"ct\">id ");
            esc_n(b, e->id, 60);
            fc_buf_puts(b, "</span>");
            if (link)
                fc_buf_puts(b, "</a>");
        }
        fc_buf_puts(b, "</td><td class=\"wrap\">");
        if (e->label) {
            fc_buf_puts(b, "<b>");
            esc_n(b, e->label, 40);
            fc_buf_puts(b, "</b> ");
        } else if (e->step) {
            fc_buf_printf(b, "<b>step %s</b> ", cnt(a, (uint64_t)e->step));
        }
        if (e->text) {
            fc_buf_puts(b, "<code>");
            esc_n(b, e->text, 240);
            fc_buf_puts(b, "</code>");
        }
        fc_buf_puts(b, "</td><td class=\"wrap\">");
        if (e->message)
            esc_n(b, e->message, 300);
        fc_buf_puts(b, "</td></tr>\n");
    }
}

/* Under a chart: for each row of it (an error type, a quadrant), the first
 * examples of each column, folded. */
static void example_details(fc_buf *b, report *rp, const char *title,
                            const fc_example_list *(*list)(const run *, int),
                            int which)
{
    size_t any = 0;
    for (size_t i = 0; i < rp->n; i++) {
        const fc_example_list *l = list(&rp->r[i], which);
        any += l ? l->n : 0;
    }
    if (!any)
        return;
    fc_buf_puts(b, "<details class=\"ex\"><summary>");
    esc(b, title);
    fc_buf_printf(b, ": the %d records with the smallest ids</summary>\n"
                     "<div class=\"scroll\"><table>\n<tr><th>summary</th>"
                     "<th style=\"text-align:left\">record</th>"
                     "<th style=\"text-align:left\">step</th>"
                     "<th style=\"text-align:left\">finding</th></tr>\n",
                  FC_EXAMPLES);
    for (size_t i = 0; i < rp->n; i++) {
        const fc_example_list *l = list(&rp->r[i], which);
        if (l && l->n)
            example_rows(b, rp, &rp->r[i], l);
    }
    fc_buf_puts(b, "</table></div></details>\n");
}

static const fc_example_list *error_examples(const run *r, int t)
{
    return r->s.examples ? &r->s.examples->errors[t] : NULL;
}

static const fc_example_list *quadrant_examples(const run *r, int q)
{
    return r->s.examples ? &r->s.examples->quadrant[q >> 1][q & 1] : NULL;
}

static void quadrants(report *rp)
{
    fc_buf *b = &rp->b;
    char p1[24], p2[24], a[32];
    section_open(b, "quadrant", "Coherence and validity",
                 "Every checked trace falls in one cell. <b>Coherent but "
                 "invalid</b> traces look fine step by step yet are not "
                 "sound proofs: local coherence does not guarantee global "
                 "validity.");
    fc_buf_puts(b, "<div class=\"grid\">\n");
    for (size_t i = 0; i < rp->n; i++) {
        const run *r = &rp->r[i];
        fc_buf_puts(b, "<div class=\"card\"><div class=\"head\">");
        chip(b, r);
        fc_buf_puts(b, "<span class=\"name\">");
        esc_n(b, r->name, 40);
        fc_buf_puts(b, "</span></div>\n");
        if (!r->s.traces) {
            fc_buf_puts(b, "<p class=\"empty\">No traces checked.</p></div>\n");
            continue;
        }
        quadrant_svg(b, r);
        fc_buf_printf(b,
                      "<div class=\"foot\">coherent %s &middot; valid %s "
                      "&middot; %s traces",
                      pct(p1, (double)r->s.coherent, (double)r->s.traces),
                      pct(p2, (double)r->s.valid, (double)r->s.traces),
                      cnt(a, r->s.traces));
        if (r->s.unknown)
            fc_buf_printf(b, " &middot; %s unknown", cnt(a, r->s.unknown));
        fc_buf_puts(b, "</div></div>\n");
    }
    fc_buf_puts(b, "</div>\n");
    static const char *const qnames[4] = {
        "Incoherent and invalid", "Incoherent but valid",
        "Coherent but invalid", "Coherent and valid"};
    static const int qorder[4] = {2, 0, 3, 1};
    for (int k = 0; k < 4; k++)
        example_details(b, rp, qnames[qorder[k]], quadrant_examples,
                        qorder[k]);
    section_close(b);
}

/* ---- error histogram ---------------------------------------------------- */

static bool trace_level(int t)
{
    return t == FC_T_CONCLUSION_MISMATCH || t == FC_T_INCONSISTENT_PREMISES;
}

static uint64_t errors_of(const fc_summary *s, int t)
{
    return s->step_errors[t] + s->trace_errors[t];
}

/* The bar length: the share of traces with the error, so that runs of
 * different sizes compare.  Older summaries may lack traces_with_error. */
static double error_share(const fc_summary *s, int t)
{
    if (!s->traces)
        return 0;
    uint64_t with = s->traces_with_error[t];
    if (!with && errors_of(s, t))
        with = errors_of(s, t) < s->traces ? errors_of(s, t) : s->traces;
    return ratio(with, s->traces);
}

static void errors(report *rp)
{
    fc_buf *b = &rp->b;
    section_open(b, "errors", "Errors by category and type",
                 "Each failed step gets exactly one type, the first of the "
                 "taxonomy that applies; <i>(trace)</i> types are about the "
                 "whole trace. Bars show the share of traces with at least "
                 "one error of the type, so runs of different sizes "
                 "compare; labels give the number of errors and that "
                 "share.");
    /* which types and categories have anything to show */
    bool type_used[FC_T_COUNT] = {0};
    bool cat_used[FC_CAT_COUNT] = {0};
    size_t rows = 0, cats = 0;
    double maxshare = 0;
    for (size_t c = FC_CAT_NONE + 1; c < FC_CAT_COUNT; c++)
        for (int t = 1; t < FC_T_COUNT; t++) {
            if (fc_etype_category_of((fc_etype)t) != (fc_category)c)
                continue;
            for (size_t i = 0; i < rp->n; i++)
                if (errors_of(&rp->r[i].s, t)) {
                    type_used[t] = true;
                    maxshare = fmax(maxshare, error_share(&rp->r[i].s, t));
                }
            if (type_used[t]) {
                rows++;
                cats += !cat_used[c];
                cat_used[c] = true;
            }
        }
    if (!rows) {
        fc_buf_puts(b, "<p class=\"empty\">No errors in these summaries.</p>\n");
        section_close(b);
        return;
    }
    const double W = 1000, LX = 22, BX = 250, BW = 540, TOP = 34;
    const double BH = rp->n <= 2 ? 14 : rp->n <= 4 ? 10 : 8;
    const double BG = rp->n <= 4 ? 3 : 4, PAD = 7, CATH = 30;
    double rowh = rp->n * BH + (rp->n - 1) * BG + 2 * PAD;
    double H = TOP + cats * CATH + rows * rowh + 8;
    double xmax;
    int nt;
    axis(100 * maxshare, &xmax, &nt);
    char a[32], p[24], t[32], tt[32], tk[24];
    fc_buf_printf(b,
                  "<div class=\"scroll\"><svg viewBox=\"0 0 %.0f %.0f\" "
                  "width=\"%.0f\" role=\"img\">\n",
                  W, H, W);
    for (int k = 0; k <= nt; k++) {
        double x = BX + BW * k / nt;
        fc_buf_printf(b,
                      "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                      "class=\"gridl\"/><text x=\"%.1f\" y=\"%.1f\" "
                      "text-anchor=\"middle\" class=\"m\" "
                      "style=\"font-size:11px\">%s</text>\n",
                      x, x, TOP - 6, H - 4, x, TOP - 12,
                      tick(tk, xmax * k / nt));
    }
    fc_buf_printf(b,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"m\" "
                  "style=\"font-size:11px\">share of traces</text>\n",
                  BX - 14, TOP - 12);
    double y = TOP;
    for (size_t c = FC_CAT_NONE + 1; c < FC_CAT_COUNT; c++) {
        if (!cat_used[c])
            continue;
        fc_buf_printf(b,
                      "<rect x=\"4\" y=\"%.1f\" width=\"10\" height=\"10\" "
                      "rx=\"2\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" "
                      "class=\"b\" style=\"font-size:13px\">%s</text>",
                      y + 11, category_color[c], LX, y + 20,
                      fc_category_title((fc_category)c));
        /* the category's total per run, after its name */
        fc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"m\">",
                      LX + text_w(fc_category_title((fc_category)c), 13) + 14,
                      y + 20);
        for (size_t i = 0; i < rp->n; i++) {
            uint64_t tot = 0;
            for (int e = 1; e < FC_T_COUNT; e++)
                if (fc_etype_category_of((fc_etype)e) == (fc_category)c)
                    tot += errors_of(&rp->r[i].s, e);
            fc_buf_printf(b, "%s<tspan fill=\"%s\" class=\"b\">%s</tspan> %s",
                          i ? " \xC2\xB7 " : "", rp->r[i].color,
                          rp->n > 1 ? rp->r[i].letter : "", cnt(a, tot));
        }
        fc_buf_puts(b, " errors</text>\n");
        fc_buf_printf(b,
                      "<line x1=\"4\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                      "stroke=\"%s\" stroke-opacity=\".35\"/>\n",
                      W - 4, y + CATH - 2, y + CATH - 2, category_color[c]);
        y += CATH;
        for (int e = 1; e < FC_T_COUNT; e++) {
            if (!type_used[e] ||
                fc_etype_category_of((fc_etype)e) != (fc_category)c)
                continue;
            const char *tn = fc_etype_name((fc_etype)e);
            fc_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s%s</text>\n",
                          LX, y + rowh / 2 + 4, tn,
                          trace_level(e) ? " <tspan class=\"m\">(trace)</tspan>"
                                         : "");
            for (size_t i = 0; i < rp->n; i++) {
                const run *r = &rp->r[i];
                double by = y + PAD + i * (BH + BG);
                uint64_t v = errors_of(&r->s, e);
                double share = error_share(&r->s, e);
                double w = xmax > 0 ? BW * (100 * share) / xmax : 0;
                if (v && w < 2)
                    w = 2;
                fc_buf_printf(b, "<g><title>%s, ", tn);
                esc(b, r->name);
                fc_buf_printf(b, ": %s errors; %s of %s traces (%s)</title>",
                              cnt(a, v),
                              cnt(t, (uint64_t)(share * r->s.traces + 0.5)),
                              cnt(tt, r->s.traces), pct(p, share, 1));
                fc_buf_printf(b,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" "
                              "height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
                              BX, by, w, BH,
                              rp->n == 1 ? category_color[c] : r->color);
                if (!v && rp->n > 2) {
                    fc_buf_puts(b, "</g>\n");
                    continue; /* the category's totals show the zeros */
                }
                fc_buf_printf(b,
                              "<text x=\"%.1f\" y=\"%.1f\" style=\"font-size:%s"
                              "\"><tspan class=\"%s\">%s</tspan> "
                              "<tspan class=\"m\">%s</tspan></text></g>\n",
                              BX + w + 6, by + BH / 2 + 4,
                              BH >= 10 ? "11.5px" : "10px", v ? "b" : "m",
                              cnt(a, v), v ? pct(p, share, 1) : "");
            }
            y += rowh;
        }
    }
    fc_buf_puts(b, "</svg></div>\n");
    run_keys(rp);
    for (size_t c = FC_CAT_NONE + 1; c < FC_CAT_COUNT; c++)
        for (int t = 1; t < FC_T_COUNT; t++)
            if (type_used[t] &&
                fc_etype_category_of((fc_etype)t) == (fc_category)c) {
                char title[96];
                snprintf(title, sizeof title, "%s / %s",
                         fc_category_title((fc_category)c),
                         fc_etype_name((fc_etype)t));
                example_details(b, rp, title, error_examples, t);
            }
    section_close(b);
}

/* ---- error rate by step position ---------------------------------------- */

/* Below this many steps a bucket's rate is drawn faint: it says little. */
#define FEW_STEPS 30

static void rate_chart(report *rp, bool relative)
{
    fc_buf *b = &rp->b;
    size_t k = relative ? FC_POS_REL : 0;
    if (!relative)
        for (size_t i = 0; i < rp->n; i++)
            for (size_t j = 0; j < FC_POS_ABS; j++)
                if (rp->r[i].s.pos_steps[j] && j + 1 > k)
                    k = j + 1;
    if (k < 2)
        k = relative ? FC_POS_REL : 2;
    /* the scale follows the buckets with enough steps to mean something;
     * a thin bucket above it is drawn at the top with its value */
    double maxall = 0, maxsure = 0;
    for (size_t i = 0; i < rp->n; i++) {
        const fc_summary *s = &rp->r[i].s;
        const uint64_t *st = relative ? s->rel_steps : s->pos_steps;
        const uint64_t *er = relative ? s->rel_errors : s->pos_errors;
        for (size_t j = 0; j < k; j++) {
            double rate = 100 * ratio(er[j], st[j]);
            maxall = fmax(maxall, rate);
            if (st[j] >= FEW_STEPS)
                maxsure = fmax(maxsure, rate);
        }
    }
    double ymax;
    int nt;
    axis(maxsure > 0 ? maxsure : maxall, &ymax, &nt);
    const double W = 1000, L = 58, R = 12, T = 24, PH = 210, B = 46;
    double H = T + PH + B, PW = W - L - R, sw = PW / k;
    char a[32], c[32], p[24], tk[24], lab[32];
    fc_buf_printf(b,
                  "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                  "role=\"img\">\n",
                  W, H, W);
    for (int j = 0; j <= nt; j++) {
        double yy = T + PH - PH * j / nt;
        fc_buf_printf(b,
                      "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                      "class=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" "
                      "text-anchor=\"end\" class=\"m\" "
                      "style=\"font-size:11px\">%s</text>\n",
                      L, W - R, yy, yy, j ? "gridl" : "axis", L - 8, yy + 4,
                      tick(tk, ymax * j / nt));
    }
    fc_buf_printf(b,
                  "<text transform=\"translate(14 %.1f) rotate(-90)\" "
                  "text-anchor=\"middle\" class=\"m\" "
                  "style=\"font-size:11px\">errors / steps</text>\n",
                  T + PH / 2);
    /* x labels, thinned when they would collide */
    double lw = 0;
    for (size_t j = 0; j < k; j++) {
        if (relative)
            snprintf(lab, sizeof lab, "%zu\xE2\x80\x93%zu%%", j * 10,
                     j * 10 + 10);
        else
            snprintf(lab, sizeof lab, "%zu%s", j + 1,
                     j + 1 == FC_POS_ABS ? "+" : "");
        lw = fmax(lw, text_w(lab, 11) + 6);
    }
    size_t every = 1;
    while (every * sw < lw)
        every++;
    for (size_t j = 0; j < k; j++) {
        if (j % every && (j + 1 != k || (j % every) * sw < lw))
            continue;
        if (relative)
            snprintf(lab, sizeof lab, "%zu\xE2\x80\x93%zu%%", j * 10,
                     j * 10 + 10);
        else
            snprintf(lab, sizeof lab, "%zu%s", j + 1,
                     j + 1 == FC_POS_ABS ? "+" : "");
        fc_buf_printf(b,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                      "class=\"m\" style=\"font-size:11px\">%s</text>\n",
                      L + sw * (j + 0.5), T + PH + 17, lab);
    }
    fc_buf_printf(b,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                  "class=\"m\" style=\"font-size:11px\">%s</text>\n",
                  L + PW / 2, H - 6,
                  relative ? "position in the trace (share of its steps)"
                           : "step number");
    for (size_t i = 0; i < rp->n; i++) {
        const run *r = &rp->r[i];
        const fc_summary *s = &r->s;
        const uint64_t *st = relative ? s->rel_steps : s->pos_steps;
        const uint64_t *er = relative ? s->rel_errors : s->pos_errors;
        if (relative) {
            double gw = sw - fmax(8, sw * 0.22);
            double bw = gw / rp->n;
            for (size_t j = 0; j < k; j++) {
                if (!st[j])
                    continue;
                double rate = 100 * ratio(er[j], st[j]);
                double h = PH * fmin(rate, ymax) / ymax;
                double x = L + sw * j + (sw - gw) / 2 + bw * i;
                if (er[j] && h < 1.5)
                    h = 1.5;
                fc_buf_printf(b, "<g><title>");
                esc(b, r->name);
                fc_buf_printf(b, ", %zu\xE2\x80\x93%zu%% of the trace: %s "
                                 "errors in %s steps (%s)</title>",
                              j * 10, j * 10 + 10, cnt(a, er[j]),
                              cnt(c, st[j]),
                              pct(p, (double)er[j], (double)st[j]));
                fc_buf_printf(b,
                              "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                              "height=\"%.2f\" rx=\"2\" fill=\"%s\"%s/>",
                              x + 1, T + PH - h, bw - 2, h, r->color,
                              st[j] < FEW_STEPS ? " fill-opacity=\".35\"" : "");
                if (rate > ymax)
                    fc_buf_printf(b,
                                  "<path d=\"M%.2f %.2f l%.2f -4 v4 l%.2f -4 "
                                  "v4\" fill=\"none\" stroke=\"#fff\" "
                                  "stroke-width=\"2\"/>",
                                  x + 1, T + 12, (bw - 2) / 2, (bw - 2) / 2);
                /* compared runs: a zero needs no label, the gap shows it */
                if ((er[j] || rp->n == 1) &&
                    (text_w(p, 10.5) <= bw + 2 || rate > ymax))
                    fc_buf_printf(b,
                                  "<text x=\"%.2f\" y=\"%.2f\" "
                                  "text-anchor=\"middle\" class=\"m\" "
                                  "style=\"font-size:10.5px\">%s</text>",
                                  x + bw / 2, T + PH - h - 4, p);
                fc_buf_puts(b, "</g>\n");
            }
        } else {
            fc_buf_printf(b,
                          "<path fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"2\" stroke-linejoin=\"round\" d=\"",
                          r->color);
            bool pen = false;
            for (size_t j = 0; j < k; j++) {
                if (!st[j]) {
                    pen = false;
                    continue;
                }
                double rate = fmin(100 * ratio(er[j], st[j]), ymax);
                fc_buf_printf(b, "%s%.2f %.2f", pen ? " L" : " M",
                              L + sw * (j + 0.5), T + PH - PH * rate / ymax);
                pen = true;
            }
            fc_buf_puts(b, "\"/>\n");
            for (size_t j = 0; j < k; j++) {
                if (!st[j])
                    continue;
                double rate = 100 * ratio(er[j], st[j]);
                double cx = L + sw * (j + 0.5);
                if (rate > ymax)
                    fc_buf_printf(b,
                                  "<text x=\"%.2f\" y=\"%.2f\" "
                                  "text-anchor=\"middle\" class=\"m\" "
                                  "style=\"font-size:10.5px\">\xE2\x86\x91 %s"
                                  "</text>",
                                  cx, T - 8,
                                  pct(p, (double)er[j], (double)st[j]));
                fc_buf_printf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%s\" "
                                 "fill=\"%s\" stroke=\"%s\" "
                                 "stroke-width=\"1.5\"><title>",
                              cx, T + PH - PH * fmin(rate, ymax) / ymax,
                              k > 20 ? "3" : "3.5",
                              st[j] < FEW_STEPS ? "#fff" : r->color, r->color);
                esc(b, r->name);
                fc_buf_printf(b, ", step %zu%s: %s errors in %s steps (%s)"
                                 "</title></circle>\n",
                              j + 1, j + 1 == FC_POS_ABS ? " and later" : "",
                              cnt(a, er[j]), cnt(c, st[j]),
                              pct(p, (double)er[j], (double)st[j]));
            }
        }
    }
    fc_buf_puts(b, "</svg>\n");
}

static void positions(report *rp)
{
    fc_buf *b = &rp->b;
    section_open(b, "positions", "Where in a trace errors happen",
                 "Error rate: failed steps divided by all steps at that "
                 "position, over every trace of the summary. Faint bars "
                 "and hollow points rest on fewer than 30 steps.");
    uint64_t steps = 0;
    for (size_t i = 0; i < rp->n; i++)
        steps += rp->r[i].s.steps;
    if (!steps) {
        fc_buf_puts(b, "<p class=\"empty\">No steps in these summaries, so "
                       "there are no positions to show.</p>\n");
        section_close(b);
        return;
    }
    fc_buf_puts(b, "<h3>By relative position (tenths of the trace)</h3>\n");
    rate_chart(rp, true);
    fc_buf_puts(b, "<h3>By step number</h3>\n");
    rate_chart(rp, false);
    run_keys(rp);
    section_close(b);
}

/* ---- conclusions ----------------------------------------------------------- */

static const char *const ref_titles[3] = {
    "entailed <tspan class=\"m\">(True)</tspan>",
    "refuted <tspan class=\"m\">(False)</tspan>",
    "undetermined <tspan class=\"m\">(Uncertain)</tspan>"};

static void confusion_svg(fc_buf *b, const run *r, const bool *cols)
{
    const fc_summary *s = &r->s;
    const double RL = 168, CW = 92, CH = 46, T = 46, G = 4;
    size_t nc = 0;
    for (int j = 0; j < FC_REF_COUNT; j++)
        nc += cols[j];
    double W = RL + nc * (CW + G) + 2, H = T + 3 * (CH + G) + 2;
    char a[32], rt[32], p[24];
    fc_buf_printf(b,
                  "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                  "role=\"img\">\n",
                  W, H, W);
    fc_buf_printf(b,
                  "<text x=\"%.1f\" y=\"14\" text-anchor=\"middle\" "
                  "class=\"m\" style=\"font-size:11px\">folcheck "
                  "\xE2\x86\x92</text>"
                  "<text x=\"4\" y=\"%.1f\" class=\"m\" "
                  "style=\"font-size:11px\">reference \xE2\x86\x93</text>\n",
                  RL + nc * (CW + G) / 2, T - 8);
    double x = RL;
    for (int j = 0; j < FC_REF_COUNT; j++) {
        if (!cols[j])
            continue;
        fc_buf_printf(b,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                      "class=\"b\">%s</text>\n",
                      x + CW / 2, T - 8, fc_ref_name(j));
        x += CW + G;
    }
    for (int i = 0; i < 3; i++) {
        double y = T + i * (CH + G);
        uint64_t rowt = sum_u64(s->confusion[i], FC_REF_COUNT);
        fc_buf_printf(b, "<text x=\"4\" y=\"%.1f\">%s</text>\n",
                      y + CH / 2 + 4, ref_titles[i]);
        x = RL;
        for (int j = 0; j < FC_REF_COUNT; j++) {
            if (!cols[j])
                continue;
            uint64_t v = s->confusion[i][j];
            double share = ratio(v, rowt);
            const char *color = i == j ? C_GOOD : C_BAD;
            fc_buf_printf(b,
                          "<g><title>reference %s, folcheck %s: %s of %s "
                          "(%s of the row)</title>"
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                          "height=\"%.1f\" rx=\"6\" fill=\"%s\" "
                          "fill-opacity=\"%.3f\"/>",
                          fc_ref_name(i), fc_ref_name(j), cnt(a, v),
                          cnt(rt, rowt), pct(p, (double)v, (double)rowt),
                          x, y, CW, CH, v ? color : "#98a2b3",
                          v ? 0.08 + 0.5 * share : 0.06);
            fc_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                          "class=\"b\" style=\"font-size:14px\">%s</text>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                          "class=\"m\" style=\"font-size:11px\">%s</text></g>\n",
                          x + CW / 2, y + CH / 2 - 1, cnt(a, v), x + CW / 2,
                          y + CH / 2 + 14, rowt ? pct(p, (double)v, (double)rowt)
                                                : "");
            x += CW + G;
        }
    }
    fc_buf_puts(b, "</svg>\n");
}

static void verdict_table(fc_buf *b, const run *r)
{
    static const char *const got[3] = {"valid", "invalid", "unknown"};
    char a[32], p[24];
    fc_buf_puts(b, "<table><tr><th>expected \xE2\x86\x93 / got "
                   "\xE2\x86\x92</th>");
    for (int j = 0; j < 3; j++)
        fc_buf_printf(b, "<th>%s</th>", got[j]);
    fc_buf_puts(b, "</tr>\n");
    for (int i = 1; i >= 0; i--) {
        uint64_t rowt = sum_u64(r->s.verdict_confusion[i], 3);
        fc_buf_printf(b, "<tr><td>%s</td>", i ? "valid" : "invalid");
        for (int j = 0; j < 3; j++) {
            uint64_t v = r->s.verdict_confusion[i][j];
            bool ok = (i == 1 && j == 0) || (i == 0 && j == 1);
            fc_buf_printf(b,
                          "<td style=\"%s\"><span class=\"pc\">%s</span> "
                          "<span class=\"ct\">%s</span></td>",
                          v && ok ? "color:" C_GOOD : v ? "color:" C_BAD : "",
                          cnt(a, v), pct(p, (double)v, (double)rowt));
        }
        fc_buf_puts(b, "</tr>\n");
    }
    fc_buf_puts(b, "</table>\n");
}

static void conclusions(report *rp)
{
    fc_buf *b = &rp->b;
    section_open(b, "conclusions", "Conclusions",
                 "The status of each trace's conclusion against its "
                 "premises alone: <b>entailed</b>, <b>refuted</b> or "
                 "<b>undetermined</b> (FOLIO's True, False and Uncertain).");
    uint64_t concl = 0, labelled = 0, verdicts = 0;
    for (size_t i = 0; i < rp->n; i++) {
        concl += rp->r[i].s.conclusions;
        labelled += rp->r[i].s.labelled;
        verdicts += sum_u64(&rp->r[i].s.verdict_confusion[0][0], 6);
    }
    if (!concl) {
        fc_buf_puts(b, "<p class=\"empty\">No trace in these summaries "
                       "states a conclusion.</p>\n");
    } else {
        static const struct {
            fc_status st;
            part p;
        } sts[] = {
            {FC_STATUS_ENTAILED, {"entailed", C_GOOD}},
            {FC_STATUS_REFUTED, {"refuted", C_BAD}},
            {FC_STATUS_CONTRADICTED, {"contradicted", "#b03030"}},
            {FC_STATUS_UNDETERMINED, {"undetermined", C_LIGHT}},
            {FC_STATUS_UNKNOWN, {"unknown", C_PURPLE}},
            {FC_STATUS_ILL_FORMED, {"ill-formed", C_GREY}},
        };
        enum { NS = sizeof sts / sizeof sts[0] };
        part parts[NS];
        uint64_t *vals = fc_xcalloc(rp->n * NS, sizeof(uint64_t));
        for (size_t k = 0; k < NS; k++)
            parts[k] = sts[k].p;
        for (size_t i = 0; i < rp->n; i++)
            for (size_t k = 0; k < NS; k++)
                vals[i * NS + k] = rp->r[i].s.conclusion_status[sts[k].st];
        fc_buf_puts(b, "<h3>Conclusion status</h3>\n");
        stacked(rp, parts, NS, vals, "conclusions");
        free(vals);
    }
    if (labelled) {
        bool cols[FC_REF_COUNT] = {true, true, true, false, false};
        for (size_t i = 0; i < rp->n; i++)
            for (int r = 0; r < 3; r++)
                for (int j = FC_REF_UNKNOWN; j < FC_REF_COUNT; j++)
                    cols[j] = cols[j] || rp->r[i].s.confusion[r][j];
        fc_buf_puts(b, "<h3>Against reference labels</h3>\n"
                       "<p class=\"note\">Rows: the label of the data set; "
                       "columns: what folcheck found. The diagonal "
                       "agrees.</p>\n<div class=\"grid\">\n");
        for (size_t i = 0; i < rp->n; i++) {
            const run *r = &rp->r[i];
            if (!r->s.labelled)
                continue;
            uint64_t num, den;
            char a[32], c[32], p[24];
            metric_of(&r->s, M_AGREE, &num, &den);
            fc_buf_puts(b, "<div class=\"card\"><div class=\"head\">");
            chip(b, r);
            fc_buf_puts(b, "<span class=\"name\">");
            esc_n(b, r->name, 40);
            fc_buf_puts(b, "</span></div>\n");
            confusion_svg(b, r, cols);
            fc_buf_printf(b,
                          "<div class=\"foot\">agreement %s &middot; %s of "
                          "%s labelled</div></div>\n",
                          pct(p, (double)num, (double)den), cnt(a, num),
                          cnt(c, den));
        }
        fc_buf_puts(b, "</div>\n");
    }
    if (verdicts) {
        fc_buf_puts(b, "<h3>Trace verdicts against <code>expect</code> "
                       "lines</h3>\n<div class=\"grid\">\n");
        for (size_t i = 0; i < rp->n; i++) {
            const run *r = &rp->r[i];
            if (!sum_u64(&r->s.verdict_confusion[0][0], 6))
                continue;
            fc_buf_puts(b, "<div class=\"card\"><div class=\"head\">");
            chip(b, r);
            fc_buf_puts(b, "<span class=\"name\">");
            esc_n(b, r->name, 40);
            fc_buf_puts(b, "</span></div>\n");
            verdict_table(b, r);
            fc_buf_puts(b, "</div>\n");
        }
        fc_buf_puts(b, "</div>\n");
    }
    section_close(b);
}

/* ---- run metadata ------------------------------------------------------- */

/* A field of a run object as text: strings as they are, numbers in full. */
static void meta_field(fc_buf *b, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsString(v) && v->valuestring)
        esc(b, v->valuestring);
    else if (cJSON_IsNumber(v))
        fc_buf_printf(b, "%.15g", v->valuedouble);
    else if (cJSON_IsBool(v))
        fc_buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
    else
        fc_buf_puts(b, "<span class=\"ct\">\xE2\x80\x93</span>");
}

/* The dialects the summary's traces were read in ("folio", or "native
 * 12, folio 204"), from its counts; older summaries have only the run's
 * default. */
static void used_dialects(fc_buf *b, const cJSON *root, const cJSON *run)
{
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(root, "dialects");
    const cJSON *it;
    int used = 0;
    cJSON_ArrayForEach(it, d)
    {
        if (cJSON_IsNumber(it) && it->valuedouble > 0)
            used++;
    }
    if (!used) {
        meta_field(b, run, "dialect");
        return;
    }
    bool first = true;
    cJSON_ArrayForEach(it, d)
    {
        if (!cJSON_IsNumber(it) || it->valuedouble <= 0)
            continue;
        if (!first)
            fc_buf_puts(b, ", ");
        esc(b, it->string);
        if (used > 1)
            fc_buf_printf(b, " %.0f", it->valuedouble);
        first = false;
    }
}

/* "10 s timeout, rlimit 5,000,000", "none", ... */
static void run_limits(fc_buf *b, const cJSON *o)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "timeout_ms");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "rlimit");
    char a[32];
    bool any = false;
    if (cJSON_IsNumber(t) && t->valuedouble > 0 && t->valuedouble < 1e15) {
        double ms = t->valuedouble;
        if (ms >= 1000 && fmod(ms, 1000) == 0)
            fc_buf_printf(b, "%s s timeout", cnt(a, (uint64_t)(ms / 1000)));
        else
            fc_buf_printf(b, "%s ms timeout", cnt(a, (uint64_t)ms));
        any = true;
    }
    if (cJSON_IsNumber(r) && r->valuedouble > 0 && r->valuedouble < 1e15) {
        fc_buf_printf(b, "%srlimit %s", any ? ", " : "",
                      cnt(a, (uint64_t)r->valuedouble));
        any = true;
    }
    if (!any)
        fc_buf_puts(b, cJSON_IsNumber(t) || cJSON_IsNumber(r)
                           ? "none"
                           : "<span class=\"ct\">\xE2\x80\x93</span>");
}

/* "all cores", "4", and the shard when the input was split. */
static void run_jobs(fc_buf *b, const cJSON *o)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, "jobs");
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(o, "shard");
    if (cJSON_IsNumber(j) && j->valuedouble == 0)
        fc_buf_puts(b, "all cores");
    else
        meta_field(b, o, "jobs");
    if (cJSON_IsString(sh) && sh->valuestring) {
        const char *slash = strchr(sh->valuestring, '/');
        if (!slash || strcmp(slash, "/1")) {
            fc_buf_puts(b, ", shard ");
            esc(b, sh->valuestring);
        }
    }
}

static void runs_meta(report *rp)
{
    fc_buf *b = &rp->b;
    char a[32], c[32], p[24];
    section_open(b, "runs", "Runs",
                 "Checking time is summed over worker threads, so it can "
                 "exceed the wall time; a merged summary adds up the wall "
                 "times of its shards.");
    fc_buf_puts(b, "<div class=\"scroll\"><table>\n<tr><th>summary</th>"
                   "<th>traces</th><th>unreadable</th>"
                   "<th>steps</th><th>solver queries</th><th>wall time</th>"
                   "<th>checking</th><th>in the solver</th>"
                   "<th>traces/s</th></tr>\n");
    for (size_t i = 0; i < rp->n; i++) {
        const run *r = &rp->r[i];
        const fc_summary *s = &r->s;
        run_cell(b, r, 22);
        fc_buf_printf(b, "<td>%s</td>", cnt(a, s->traces));
        fc_buf_printf(b, "<td>%s</td>", cnt(a, s->input_errors));
        fc_buf_printf(b, "<td>%s</td>", cnt(a, s->steps));
        fc_buf_printf(b, "<td>%s</td>", cnt(a, s->queries));
        fc_buf_printf(b, "<td>%s</td>", dur(a, s->wall_us));
        fc_buf_printf(b, "<td>%s</td>", dur(a, s->check_us));
        fc_buf_printf(b, "<td>%s <span class=\"ct\">%s</span></td>",
                      dur(a, s->solver_us),
                      s->check_us ? pct(p, (double)s->solver_us,
                                        (double)s->check_us)
                                  : "");
        if (s->wall_us && s->traces) {
            double tps = s->traces / (s->wall_us / 1e6);
            if (tps >= 100)
                fc_buf_printf(b, "<td>%s</td>", cnt(c, (uint64_t)(tps + 0.5)));
            else
                fc_buf_printf(b, "<td>%.1f</td>", tps);
        } else {
            fc_buf_puts(b, "<td><span class=\"ct\">\xE2\x80\x93</span></td>");
        }
        fc_buf_puts(b, "</tr>\n");
    }
    fc_buf_puts(b, "</table></div>\n");

    /* the audit runs each summary records (a merged one lists several) */
    static const char *const heads[] = {"version", "dialect", "window",
                                        "limits per query", "jobs"};
    enum { NK = sizeof heads / sizeof heads[0] };
    fc_buf_puts(b, "<h3>Audit runs and options</h3>\n<div class=\"scroll\">"
                   "<table>\n<tr><th>summary</th><th style=\"text-align:left\">"
                   "input</th><th>date (UTC)</th>");
    for (size_t k = 0; k < NK; k++)
        fc_buf_printf(b, "<th>%s</th>", heads[k]);
    fc_buf_puts(b, "</tr>\n");
    for (size_t i = 0; i < rp->n; i++) {
        const run *r = &rp->r[i];
        const cJSON *runs =
            cJSON_GetObjectItemCaseSensitive(r->root, "runs");
        int nr = cJSON_IsArray(runs) ? cJSON_GetArraySize(runs) : 0;
        if (!nr) {
            run_cell(b, r, 22);
            fc_buf_printf(b, "<td class=\"wrap\" colspan=\"%d\">"
                             "<span class=\"ct\">not recorded</span></td>"
                             "</tr>\n",
                          (int)NK + 2);
            continue;
        }
        const cJSON *o;
        int k = 0;
        cJSON_ArrayForEach(o, runs)
        {
            /* very long merges: the first runs, then a count */
            if (k == 12 && nr > 13) {
                fc_buf_printf(b, "<tr><td></td><td class=\"wrap\" "
                                 "colspan=\"%d\"><span class=\"ct\">and %s "
                                 "more runs</span></td></tr>\n",
                              (int)NK + 2, cnt(a, (uint64_t)(nr - k)));
                break;
            }
            if (k == 0)
                run_cell(b, r, 22);
            else
                fc_buf_puts(b, "<tr><td></td>");
            fc_buf_puts(b, "<td class=\"wrap\">");
            const cJSON *in = cJSON_GetObjectItemCaseSensitive(o, "input");
            if (cJSON_IsString(in) && in->valuestring)
                esc_path(b, in->valuestring);
            else
                meta_field(b, o, "input");
            fc_buf_puts(b, "</td><td>");
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "date");
            if (cJSON_IsString(d) && d->valuestring &&
                strlen(d->valuestring) >= 19 && d->valuestring[10] == 'T') {
                /* 2026-11-26T05:02:09Z -> 2026-11-26 05:02 */
                char date[20];
                snprintf(date, sizeof date, "%.10s %.5s", d->valuestring,
                         d->valuestring + 11);
                esc(b, date);
            } else {
                meta_field(b, o, "date");
            }
            fc_buf_puts(b, "</td>");
            fc_buf_puts(b, "<td>");
            meta_field(b, o, "folcheck");
            fc_buf_puts(b, "</td><td>");
            used_dialects(b, r->root, o);
            fc_buf_puts(b, "</td><td>");
            meta_field(b, o, "window");
            fc_buf_puts(b, "</td><td>");
            run_limits(b, o);
            fc_buf_puts(b, "</td><td>");
            run_jobs(b, o);
            fc_buf_puts(b, "</td></tr>\n");
            k++;
        }
    }
    fc_buf_puts(b, "</table></div>\n");

    /* records that could not be read, by diagnostic code */
    bool any = false;
    for (size_t i = 0; i < rp->n; i++)
        any = any || rp->r[i].s.input_errors;
    if (any) {
        fc_buf_puts(b, "<h3>Unreadable records by diagnostic code</h3>\n"
                       "<div class=\"scroll\"><table>\n<tr><th>code</th>");
        for (size_t i = 0; i < rp->n; i++) {
            fc_buf_puts(b, "<th>");
            chip(b, &rp->r[i]);
            fc_buf_puts(b, "</th>");
        }
        fc_buf_puts(b, "</tr>\n");
        for (int code = 0; code < FC_CODE_COUNT; code++) {
            bool used = false;
            for (size_t i = 0; i < rp->n; i++)
                used = used || rp->r[i].s.input_error_codes[code];
            if (!used)
                continue;
            fc_buf_printf(b, "<tr><td><code>error[%s]</code></td>",
                          fc_code_name((fc_code)code));
            for (size_t i = 0; i < rp->n; i++) {
                const fc_summary *s = &rp->r[i].s;
                fc_buf_printf(b,
                              "<td><span class=\"pc\">%s</span> "
                              "<span class=\"ct\">%s</span></td>",
                              cnt(a, s->input_error_codes[code]),
                              pct(p, (double)s->input_error_codes[code],
                                  (double)s->records));
            }
            fc_buf_puts(b, "</tr>\n");
        }
        fc_buf_puts(b, "</table></div>\n");
    }
    section_close(b);
}

/* ---- entry point ---------------------------------------------------------- */

/* A summary kept with `audit --group-by KEY` is shown as one column per
 * group ("KEY: value", after the summary's name when there are several
 * summaries), in place of its totals. */
static void expand_groups(report *rp)
{
    size_t total = 0;
    for (size_t i = 0; i < rp->n; i++)
        total += rp->r[i].s.ngroups ? rp->r[i].s.ngroups : 1;
    if (total == rp->n)
        return;
    run *out = fc_xcalloc(total, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < rp->n; i++) {
        run *r = &rp->r[i];
        if (!r->s.ngroups) {
            out[k++] = *r;
            continue;
        }
        /* records without the key come last: the first column is the
         * baseline of the tests */
        size_t none = r->s.ngroups;
        for (size_t g = 0; g < r->s.ngroups; g++)
            if (!strcmp(r->s.groups[g].value, "(none)"))
                none = g;
        for (size_t j = 0; j < r->s.ngroups; j++) {
            size_t g = none == r->s.ngroups ? j
                       : j < none           ? j
                       : j + 1 < r->s.ngroups ? j + 1
                                              : none;
            run *c = &out[k++];
            fc_buf nm = {0};
            if (rp->n > 1)
                fc_buf_printf(&nm, "%s \xc2\xb7 ", r->name);
            fc_buf_printf(&nm, "%s: %s", r->s.group_by, r->s.groups[g].value);
            c->owned_name = fc_buf_take(&nm);
            c->name = c->owned_name;
            fc_summary_init(&c->s);
            fc_summary_merge(&c->s, r->s.groups[g].s);
            c->root = r->root;
            c->shared_root = j > 0;
        }
        fc_summary_release(&r->s);
    }
    free(rp->r);
    rp->r = out;
    rp->n = total;
    for (size_t i = 0; i < total; i++) {
        if (i < 26)
            snprintf(out[i].letter, sizeof out[i].letter, "%c",
                     (char)('A' + i));
        else
            snprintf(out[i].letter, sizeof out[i].letter, "%zu", i + 1);
        out[i].color = run_colors[i % N_RUN_COLORS];
    }
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A result line's id as text: a string's, a number's digits; NULL for
 * any other id. */
static char *id_text(const cJSON *o)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    return cJSON_IsString(id) || cJSON_IsNumber(id) ? fc_json_text(id) : NULL;
}

/* A section per linked trace: its verdict and its steps' statuses and
 * findings, from its result line. */
static void trace_sections(report *rp)
{
    if (!rp->linked.len)
        return;
    fc_buf *b = &rp->b;
    section_open(b, "traces", "Traces behind the examples",
                 "Each id linked above, as its audit result gives it.");
    for (size_t i = 0; i < rp->linked.len; i++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(rp->results,
                                                          rp->linked.data[i]);
        fc_buf_printf(b, "<h3 id=\"trace-%zu\">", i);
        esc_n(b, rp->linked.data[i], 120);
        fc_buf_puts(b, " <span class=\"ct\">");
        esc(b, str_of(o, "verdict") ? str_of(o, "verdict") : "?");
        fc_buf_puts(b, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                           o, "coherent"))
                           ? ", coherent" : ", incoherent");
        fc_buf_puts(b, "</span></h3>\n<div class=\"scroll\"><table>\n<tr>"
                       "<th>step</th><th>local</th><th>global</th>"
                       "<th style=\"text-align:left\">finding</th></tr>\n");
        const cJSON *st;
        cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(o, "steps")) {
            const cJSON *er = cJSON_GetObjectItemCaseSensitive(st, "error");
            fc_buf_puts(b, "<tr><td>");
            esc(b, str_of(st, "label") ? str_of(st, "label") : "");
            fc_buf_puts(b, "</td><td>");
            esc(b, str_of(st, "local") ? str_of(st, "local") : "");
            fc_buf_puts(b, "</td><td>");
            esc(b, str_of(st, "global") ? str_of(st, "global") : "");
            fc_buf_puts(b, "</td><td class=\"wrap\">");
            if (cJSON_IsObject(er)) {
                fc_buf_puts(b, "<b>");
                esc(b, str_of(er, "type") ? str_of(er, "type") : "");
                fc_buf_puts(b, "</b> ");
                esc_n(b, str_of(er, "message") ? str_of(er, "message") : "",
                      300);
            }
            fc_buf_puts(b, "</td></tr>\n");
        }
        const cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, "errors")) {
            if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(e, "step")))
                continue;
            fc_buf_puts(b, "<tr><td>(trace)</td><td></td><td></td>"
                           "<td class=\"wrap\"><b>");
            esc(b, str_of(e, "type") ? str_of(e, "type") : "");
            fc_buf_puts(b, "</b> ");
            esc_n(b, str_of(e, "message") ? str_of(e, "message") : "", 300);
            fc_buf_puts(b, "</td></tr>\n");
        }
        fc_buf_puts(b, "</table></div>\n");
    }
    section_close(b);
}

/* The result lines of text as an object by id (the first of an id). */
static cJSON *results_by_id(const char *text)
{
    cJSON *by = cJSON_CreateObject();
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        cJSON *o = len ? cJSON_ParseWithLength(p, len) : NULL;
        char *key = id_text(o);
        if (key && !cJSON_GetObjectItemCaseSensitive(by, key))
            cJSON_AddItemToObject(by, key, o);
        else
            cJSON_Delete(o);
        free(key);
        p += len + (nl ? 1 : 0);
    }
    return by;
}

char *fc_report_html(const char *const *summary_json_texts,
                     const char *const *names, size_t n, char **err)
{
    return fc_report_html_results(summary_json_texts, names, n, NULL, err);
}

char *fc_report_html_results(const char *const *summary_json_texts,
                             const char *const *names, size_t n,
                             const char *results_text, char **err)
{
    *err = NULL;
    if (n == 0) {
        *err = fc_xstrdup("no summary to report on");
        return NULL;
    }
    report rp = {0};
    rp.n = n;
    rp.r = fc_xcalloc(n, sizeof(run));
    /* "summary 3" for a summary without a name */
    char (*dflt)[32] = fc_xcalloc(n, sizeof *dflt);
    char *html = NULL;
    for (size_t i = 0; i < n; i++) {
        run *r = &rp.r[i];
        snprintf(dflt[i], sizeof dflt[i], "summary %zu", i + 1);
        r->name = names && names[i] && *names[i] ? names[i] : dflt[i];
        if (i < 26)
            snprintf(r->letter, sizeof r->letter, "%c", (char)('A' + i));
        else
            snprintf(r->letter, sizeof r->letter, "%zu", i + 1);
        r->color = run_colors[i % N_RUN_COLORS];
        const char *text = summary_json_texts[i];
        r->root = text ? cJSON_ParseWithOpts(text, NULL, 0) : NULL;
        const char *why = NULL;
        if (!r->root || !fc_summary_from_json(r->root, &r->s, &why)) {
            fc_buf e = {0};
            fc_buf_printf(&e, "%s: ", r->name);
            if (!r->root)
                fc_buf_puts(&e, "not valid JSON");
            else if (why && !strcmp(why, "folcheck_summary"))
                fc_buf_puts(&e, "not a folcheck summary (write one with "
                                "`folcheck audit --summary FILE`)");
            else
                fc_buf_printf(&e, "not a folcheck summary: bad field '%s'",
                              why ? why : "?");
            *err = fc_buf_take(&e);
            goto fail;
        }
    }
    expand_groups(&rp);
    if (results_text)
        rp.results = results_by_id(results_text);
    page_head(&rp);
    page_header(&rp);
    overview(&rp);
    quadrants(&rp);
    errors(&rp);
    positions(&rp);
    conclusions(&rp);
    trace_sections(&rp);
    runs_meta(&rp);
    fc_buf_puts(&rp.b,
                "<footer>folcheck " FOLCHECK_VERSION " &middot; one "
                "self-contained file: no scripts, fonts or network "
                "&middot; hover a chart for exact counts</footer>\n"
                "</main>\n</body>\n</html>\n");
    html = fc_buf_take(&rp.b);
fail:
    /* calloc'd: entries never reached release nothing */
    for (size_t i = 0; i < rp.n; i++) {
        fc_summary_release(&rp.r[i].s);
        if (!rp.r[i].shared_root)
            cJSON_Delete(rp.r[i].root);
        free(rp.r[i].owned_name);
    }
    cJSON_Delete(rp.results);
    fc_vec_free(&rp.linked);
    fc_buf_free(&rp.b);
    free(dflt);
    free(rp.r);
    return html;
}

/* ---- paired audits (report --pair-by) ----------------------------------- */

static fc_status status_named(const char *s)
{
    static const fc_status all[] = {
        FC_STATUS_ENTAILED, FC_STATUS_CONTRADICTED, FC_STATUS_UNDETERMINED,
        FC_STATUS_UNKNOWN, FC_STATUS_DEFINITION, FC_STATUS_ILL_FORMED,
        FC_STATUS_REFUTED};
    for (size_t i = 0; s && i < sizeof all / sizeof *all; i++)
        if (!strcmp(fc_status_name(all[i]), s))
            return all[i];
    return FC_STATUS_NONE;
}


/* The counts of a summary from one result line of `audit` (what the
 * paired report shows: verdicts, statuses, errors, conclusions). */
static void add_result_line(fc_summary *s, const cJSON *o)
{
    s->records++;
    const char *verdict = str_of(o, "verdict");
    if (!verdict || !strcmp(verdict, "error")) {
        s->input_errors++;
        return;
    }
    s->traces++;
    bool coh = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "coherent"));
    bool val = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "valid"));
    s->coherent += coh;
    s->valid += val;
    s->unknown += !strcmp(verdict, "unknown");
    s->quadrant[coh][val]++;
    s->premises_inconsistent += cJSON_IsFalse(
        cJSON_GetObjectItemCaseSensitive(o, "premises_consistent"));
    bool seen[FC_T_COUNT] = {0};
    const cJSON *st;
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(o, "steps");
    cJSON_ArrayForEach(st, steps) {
        s->steps++;
        s->step_status[status_named(str_of(st, "global"))]++;
        s->local_status[status_named(str_of(st, "local"))]++;
    }
    const cJSON *e;
    const cJSON *ln = cJSON_GetObjectItemCaseSensitive(o, "line");
    char *idtext = id_text(o);
    fc_example first = {0};
    bool have_first = false;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, "errors")) {
        fc_etype t = fc_etype_from_name(str_of(e, "type"));
        if (t == FC_T_NONE)
            continue;
        const cJSON *stp = cJSON_GetObjectItemCaseSensitive(e, "step");
        if (cJSON_IsNumber(stp))
            s->step_errors[t]++;
        else
            s->trace_errors[t]++;
        seen[t] = true;
        /* the examples: what a result line says of its findings */
        fc_example ex = {
            .file = (char *)str_of(o, "file"),
            .line = cJSON_IsNumber(ln) ? ln->valueint : 0,
            .step = cJSON_IsNumber(stp) ? stp->valueint : 0,
            .id = idtext,
            .label = (char *)str_of(e, "label"),
            .message = (char *)str_of(e, "message")};
        /* a step's message is in its object, not in errors[] */
        const cJSON *stepo = cJSON_IsNumber(stp) && stp->valueint > 0
            ? cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "steps"),
                                 stp->valueint - 1) : NULL;
        const cJSON *serr = cJSON_GetObjectItemCaseSensitive(stepo, "error");
        if (!ex.message && serr)
            ex.message = (char *)str_of(serr, "message");
        fc_summary_add_example(s, t, false, false, &ex);
        if (!have_first) {
            first = ex;
            have_first = true;
        }
    }
    if (!have_first) {
        first.file = (char *)str_of(o, "file");
        first.line = cJSON_IsNumber(ln) ? ln->valueint : 0;
        first.id = idtext;
    }
    fc_summary_add_example(s, FC_T_NONE, coh, val, &first);
    free(idtext);
    for (int t = 0; t < FC_T_COUNT; t++)
        s->traces_with_error[t] += seen[t];
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "conclusion");
    if (cJSON_IsObject(c)) {
        s->conclusions++;
        s->reached += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c,
                                                                  "reached"));
        s->vacuous += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c,
                                                                  "vacuous"));
        s->conclusion_status[status_named(str_of(c, "status"))]++;
    }
}

/* "Right": the record's conclusion is the reference answer (as the
 * importers write it), so right = the conclusion is reached; or, with
 * correct_by, the record's meta says so (true, a non-zero number, or
 * "true", "yes", "correct", "1"). */
static bool answered_right(const cJSON *o, const char *correct_by)
{
    if (correct_by) {
        if (!strncmp(correct_by, "meta.", 5))
            correct_by += 5;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(o, "meta"), correct_by);
        if (cJSON_IsBool(v))
            return cJSON_IsTrue(v);
        if (cJSON_IsNumber(v))
            return v->valuedouble != 0;
        if (cJSON_IsString(v))
            return !strcmp(v->valuestring, "true") ||
                   !strcmp(v->valuestring, "yes") ||
                   !strcmp(v->valuestring, "correct") ||
                   !strcmp(v->valuestring, "1");
        return false;
    }
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "conclusion");
    return cJSON_IsObject(c) &&
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "reached"));
}

/* Up to 50 keys of a list, then how many more. */
static void key_list(fc_buf *b, const char *what, char **keys, size_t n)
{
    if (!n)
        return;
    char a[32];
    fc_buf_printf(b, "<p class=\"note\">%s (%s): ", what, cnt(a, n));
    for (size_t i = 0; i < n && i < 50; i++) {
        if (i)
            fc_buf_puts(b, ", ");
        esc_n(b, keys[i], 60);
    }
    if (n > 50)
        fc_buf_printf(b, " and %s more", cnt(a, n - 50));
    fc_buf_puts(b, "</p>\n");
}

/* The pairing key of a result line: `id`, or a meta key. */
static char *pair_key(const cJSON *o, const char *key)
{
    if (!strcmp(key, "id"))
        return id_text(o);
    if (!strncmp(key, "meta.", 5))
        key += 5;
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(o, "meta");
    return fc_json_text(cJSON_GetObjectItemCaseSensitive(meta, key));
}

typedef struct keyed {
    char *key;
    cJSON *line;
    size_t seq;         /* the line's place: the first of a key wins */
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The result lines of text with a key, sorted by key, the first of each
 * key kept; *lines and *dups count what was read and left out. */
static keyed *keyed_lines(const char *text, const char *key, size_t *n,
                          size_t *lines, size_t *nokey, size_t *dups,
                          bool *bad, char ***dup_keys, size_t *ndup_keys)
{
    FC_VEC(char *) dk = {0};
    FC_VEC(keyed) v = {0};
    *lines = *nokey = *dups = 0;
    *bad = false;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (strspn(p, " \t\r") < len) {
            cJSON *o = cJSON_ParseWithLength(p, len);
            if (!cJSON_IsObject(o)) {
                *bad = true;
                cJSON_Delete(o);
                break;
            }
            (*lines)++;
            char *k = pair_key(o, key);
            if (!k) {
                (*nokey)++;
                cJSON_Delete(o);
            } else {
                keyed e = {k, o, v.len};
                fc_vec_push(&v, e);
            }
        }
        p += len + (nl ? 1 : 0);
    }
    if (v.len)
        qsort(v.data, v.len, sizeof *v.data, keyed_cmp);
    size_t w = 0;
    for (size_t i = 0; i < v.len; i++) {
        if (w && !strcmp(v.data[w - 1].key, v.data[i].key)) {
            (*dups)++;
            if (!dk.len || strcmp(dk.data[dk.len - 1], v.data[i].key))
                fc_vec_push(&dk, fc_xstrdup(v.data[i].key));
            free(v.data[i].key);
            cJSON_Delete(v.data[i].line);
            continue;
        }
        v.data[w++] = v.data[i];
    }
    *n = w;
    *dup_keys = dk.data;
    *ndup_keys = dk.len;
    return v.data;
}

static void free_keys(char **k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(k[i]);
    free(k);
}

static void keyed_free(keyed *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(k[i].key);
        cJSON_Delete(k[i].line);
    }
    free(k);
}

char *fc_report_paired_html(const char *base_text, const char *base_name,
                            const char *rl_text, const char *rl_name,
                            const char *key, const char *correct_by,
                            char **err)
{
    *err = NULL;
    size_t nb, nr, lb, lr, kb, kr, db, dr;
    bool badb, badr;
    char **dkb = NULL, **dkr = NULL;
    size_t ndkb = 0, ndkr = 0;
    keyed *b = keyed_lines(base_text ? base_text : "", key, &nb, &lb, &kb,
                           &db, &badb, &dkb, &ndkb);
    keyed *r = keyed_lines(rl_text ? rl_text : "", key, &nr, &lr, &kr, &dr,
                           &badr, &dkr, &ndkr);
    if (badb || badr || !lb || !lr) {
        fc_buf e = {0};
        fc_buf_printf(&e, "%s: %s", badb || !lb ? base_name : rl_name,
                      (badb || badr) ? "not a file of result lines (write "
                                       "one with `folcheck audit`)"
                                     : "no result line");
        *err = fc_buf_take(&e);
        keyed_free(b, nb);
        keyed_free(r, nr);
        free_keys(dkb, ndkb);
        free_keys(dkr, ndkr);
        return NULL;
    }
    /* groups in the paper's order: both right, base wrong and RL right,
     * base right and RL wrong, both wrong */
    static const char *const gname[4] = {
        "both right", "base wrong, RL right", "base right, RL wrong",
        "both wrong"};
    report rp = {0};
    rp.paired = true;
    rp.n = 8;
    rp.r = fc_xcalloc(8, sizeof(run));
    size_t pairs[4] = {0}, paired = 0;
    FC_VEC(char *) only_b = {0}, only_r = {0};
    for (size_t i = 0, j = 0; i < nb || j < nr;) {
        int c = i == nb ? 1 : j == nr ? -1 : strcmp(b[i].key, r[j].key);
        if (c < 0) {
            fc_vec_push(&only_b, b[i].key);
            i++;
        } else if (c > 0) {
            fc_vec_push(&only_r, r[j].key);
            j++;
        } else {
            bool br = answered_right(b[i].line, correct_by),
                 rr = answered_right(r[j].line, correct_by);
            int g = br && rr ? 0 : !br && rr ? 1 : br ? 2 : 3;
            add_result_line(&rp.r[2 * g].s, b[i].line);
            add_result_line(&rp.r[2 * g + 1].s, r[j].line);
            pairs[g]++;
            paired++;
            i++;
            j++;
        }
    }
    for (size_t k = 0; k < 8; k++) {
        run *x = &rp.r[k];
        fc_buf nm = {0};
        fc_buf_printf(&nm, "%s \xc2\xb7 %s", gname[k / 2],
                      k % 2 ? rl_name : base_name);
        x->owned_name = fc_buf_take(&nm);
        x->name = x->owned_name;
        snprintf(x->letter, sizeof x->letter, "%zu%c", k / 2 + 1,
                 k % 2 ? 'r' : 'b');
        x->color = run_colors[k % 2 ? 1 : 0];
    }
    page_head(&rp);
    page_header(&rp);
    char x[6][32];
    fc_buf_printf(&rp.b,
                  "<section id=\"pairs\">\n<h2>Pairs</h2>\n<p class=\"note\">"
                  "Records of the two audits paired by <b>");
    esc(&rp.b, key);
    fc_buf_printf(&rp.b, "</b>: %s pairs. A record is <b>right</b> when ",
                  cnt(x[0], paired));
    if (correct_by) {
        fc_buf_puts(&rp.b, "its <b>");
        esc(&rp.b, correct_by);
        fc_buf_puts(&rp.b, "</b> says so");
    } else {
        fc_buf_puts(&rp.b, "its conclusion (the reference answer) is "
                           "reached");
    }
    fc_buf_printf(&rp.b,
                  ". Unpaired: %s of %s base lines and %s of %s RL lines",
                  cnt(x[1], lb - paired), cnt(x[2], lb),
                  cnt(x[3], lr - paired), cnt(x[4], lr));
    fc_buf_printf(&rp.b, " (without the key: %s and %s; ",
                  cnt(x[0], kb), cnt(x[1], kr));
    fc_buf_printf(&rp.b, "repeated keys, the first kept: %s and %s).</p>\n"
                         "<table>\n<tr><th>group</th><th>pairs</th></tr>\n",
                  cnt(x[0], db), cnt(x[1], dr));
    for (int g = 0; g < 4; g++)
        fc_buf_printf(&rp.b, "<tr><td>%s</td><td>%s</td></tr>\n", gname[g],
                      cnt(x[0], pairs[g]));
    fc_buf_puts(&rp.b, "</table>\n");
    key_list(&rp.b, "Keys only in the base results", only_b.data, only_b.len);
    key_list(&rp.b, "Keys only in the RL results", only_r.data, only_r.len);
    key_list(&rp.b, "Keys repeated in the base results (the first line "
                    "kept)", dkb, ndkb);
    key_list(&rp.b, "Keys repeated in the RL results (the first line "
                    "kept)", dkr, ndkr);
    fc_buf_puts(&rp.b, "</section>\n");
    overview(&rp);
    quadrants(&rp);
    errors(&rp);
    conclusions(&rp);
    fc_buf_puts(&rp.b,
                "<footer>folcheck " FOLCHECK_VERSION " &middot; one "
                "self-contained file: no scripts, fonts or network "
                "&middot; hover a chart for exact counts</footer>\n"
                "</main>\n</body>\n</html>\n");
    char *html = fc_buf_take(&rp.b);
    for (size_t k = 0; k < 8; k++) {
        fc_summary_release(&rp.r[k].s);
        free(rp.r[k].owned_name);
    }
    free(rp.r);
    fc_vec_free(&only_b);
    fc_vec_free(&only_r);
    keyed_free(b, nb);
    keyed_free(r, nr);
    free_keys(dkb, ndkb);
    free_keys(dkr, ndkr);
    return html;
}
