/* The HTML report: one self-contained page, escaped text, every chart, runs
 * side by side, and summaries with nothing in them. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "folcheck.h"
#include "batch/summary.h"

/* ---- helpers ------------------------------------------------------------ */

/* A summary's JSON text, as `folcheck audit --summary` writes it. */
static char *summary_text(void (*fill)(fc_summary *), const char *input)
{
    fc_summary *s = fc_summary_new();
    if (fill)
        fill(s);
    if (input)
        fc_summary_add_run(s, input, NULL);
    char *j = fc_summary_json(s);
    fc_summary_free(s);
    return j;
}

/* Two traces, eight steps, one arithmetic error at step 3, FOLIO labels. */
static void fill_small(fc_summary *s)
{
    s->records = 3;
    s->input_errors = 1;
    s->input_error_codes[FC_E_UNBALANCED_PAREN] = 1;
    s->traces = 2;
    s->steps = 8;
    s->coherent = 1;
    s->valid = 1;
    s->quadrant[1][1] = 1;
    s->quadrant[0][0] = 1;
    s->step_status[FC_STATUS_ENTAILED] = 7;
    s->step_status[FC_STATUS_CONTRADICTED] = 1;
    s->step_errors[FC_T_ARITHMETIC] = 1;
    s->traces_with_error[FC_T_ARITHMETIC] = 1;
    s->trace_errors[FC_T_CONCLUSION_MISMATCH] = 1;
    s->traces_with_error[FC_T_CONCLUSION_MISMATCH] = 1;
    for (int k = 0; k < 4; k++)
        s->pos_steps[k] = 2;
    s->pos_errors[2] = 1;
    s->rel_steps[0] = s->rel_steps[2] = s->rel_steps[5] = 2;
    s->rel_steps[7] = 2;
    s->rel_errors[5] = 1;
    s->conclusions = 2;
    s->reached = 1;
    s->conclusion_status[FC_STATUS_ENTAILED] = 1;
    s->conclusion_status[FC_STATUS_UNDETERMINED] = 1;
    s->labelled = 2;
    s->confusion[FC_REF_ENTAILED][FC_REF_ENTAILED] = 1;
    s->confusion[FC_REF_REFUTED][FC_REF_UNDETERMINED] = 1;
    s->verdict_confusion[1][0] = 1;
    s->verdict_confusion[0][0] = 1;
    s->queries = 40;
    s->solver_us = 30000;
    s->check_us = 50000;
    s->wall_us = 60000;
}

/* 200,000 traces: big numbers must keep their separators. */
static void fill_big(fc_summary *s)
{
    s->records = s->traces = 200000;
    s->steps = 1012318;
    s->coherent = 180326;
    s->valid = 159996;
    s->quadrant[1][1] = 159996;
    s->quadrant[1][0] = 20330;
    s->quadrant[0][0] = 19674;
    s->step_status[FC_STATUS_ENTAILED] = 866048;
    s->step_status[FC_STATUS_DEFINITION] = 99480;
    s->step_status[FC_STATUS_UNDETERMINED] = 24732;
    s->step_status[FC_STATUS_CONTRADICTED] = 22058;
    s->step_errors[FC_T_PROPAGATED] = 6642;
    s->step_errors[FC_T_QUANTIFIER_MISUSE] = 3;
    s->traces_with_error[FC_T_PROPAGATED] = 3846;
    s->traces_with_error[FC_T_QUANTIFIER_MISUSE] = 3;
    for (int k = 0; k < FC_POS_ABS; k++) {
        s->pos_steps[k] = 200000 - 6000 * (uint64_t)k;
        s->pos_errors[k] = 1000 + 37 * (uint64_t)k;
    }
    for (int k = 0; k < FC_POS_REL; k++) {
        s->rel_steps[k] = 100000;
        s->rel_errors[k] = 900 * (uint64_t)k;
    }
    s->conclusions = 200000;
    s->reached = 195256;
    s->conclusion_status[FC_STATUS_ENTAILED] = 100520;
    s->conclusion_status[FC_STATUS_UNDETERMINED] = 99480;
    s->queries = 4499188;
    s->solver_us = 3985276566ULL;
    s->check_us = 4877815048ULL;
    s->wall_us = 2757040322ULL;
}

static char *render(const char *const *texts, const char *const *names,
                    size_t n)
{
    char *err = NULL;
    char *html = fc_report_html(texts, names, n, &err);
    cr_assert_not_null(html, "no report: %s", err ? err : "?");
    cr_assert_null(err);
    return html;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static bool is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Whether p is inside a tag: a '<' comes after the last '>' before it. */
static bool in_tag(const char *html, const char *p)
{
    for (const char *q = p; q > html; q--) {
        if (q[-1] == '>')
            return false;
        if (q[-1] == '<')
            return true;
    }
    return false;
}

/* What every page must be: one document, balanced sections and charts,
 * nothing loaded from outside, and no NaN or infinity in a number. */
static void check_page(const char *html)
{
    cr_assert(!strncmp(html, "<!DOCTYPE html>\n", 16), "no doctype");
    size_t len = strlen(html);
    cr_assert(len > 16 && !strcmp(html + len - 8, "</html>\n"),
              "does not end with </html>");
    cr_assert_eq(count(html, "<html"), 1);
    cr_assert_eq(count(html, "<body"), 1);
    cr_assert_eq(count(html, "<section"), count(html, "</section>"));
    cr_assert_eq(count(html, "<svg"), count(html, "</svg>"));
    cr_assert_eq(count(html, "<table"), count(html, "</table>"));
    cr_assert_eq(count(html, "<tr>"), count(html, "</tr>"));
    cr_assert_eq(count(html, "<td"), count(html, "</td>"));
    cr_assert_eq(count(html, "<th"), count(html, "</th>"));
    cr_assert_eq(count(html, "<div"), count(html, "</div>"));
    cr_assert_eq(count(html, "<span"), count(html, "</span>"));
    cr_assert_eq(count(html, "<text"), count(html, "</text>"));
    cr_assert_eq(count(html, "<g>"), count(html, "</g>"));
    cr_assert_null(strstr(html, "<script"), "a script");
    cr_assert_null(strstr(html, "<iframe"));
    cr_assert_null(strstr(html, "<object"));
    cr_assert_null(strstr(html, "<embed"));
    cr_assert_null(strstr(html, "@import"));
    cr_assert_null(strstr(html, "url("), "a CSS url()");
    cr_assert_null(strstr(html, "@font-face"));
    cr_assert_not_null(strstr(html, "<meta charset=\"utf-8\">"));
    cr_assert_not_null(strstr(html, "Content-Security-Policy"));
    /* every src= and href= stays inside the page */
    static const char *const attrs[] = {"src=", "href=", "xlink:href="};
    for (size_t a = 0; a < 3; a++)
        for (const char *p = html; (p = strstr(p, attrs[a])); p++) {
            if (!in_tag(html, p))
                continue; /* text that reads like an attribute */
            const char *v = p + strlen(attrs[a]);
            if (*v == '"' || *v == '\'')
                v++;
            cr_assert(*v == '#' || !strncmp(v, "data:", 5),
                      "external resource: %.60s", p);
        }
    /* printf of a NaN or an infinity gives "nan", "-nan", "inf" */
    static const char *const bad[] = {"nan", "inf"};
    for (size_t k = 0; k < 2; k++)
        for (const char *p = html; (p = strstr(p, bad[k])); p++) {
            bool alone = (p == html || !is_word(p[-1])) && !is_word(p[3]);
            cr_assert_not(alone, "a %s in the page: %.40s", bad[k],
                          p > html + 20 ? p - 20 : html);
        }
}

/* The text of the section with this id, as a new string. */
static char *section(const char *html, const char *id)
{
    char open[64];
    snprintf(open, sizeof open, "<section id=\"%s\">", id);
    const char *p = strstr(html, open);
    cr_assert_not_null(p, "no section %s", id);
    const char *e = strstr(p, "</section>");
    cr_assert_not_null(e);
    return strndup(p, (size_t)(e - p));
}

/* ---- tests -------------------------------------------------------------- */

Test(report_html, one_self_contained_page)
{
    char *a = summary_text(fill_small, "small.jsonl");
    char *b = summary_text(fill_big, "big.jsonl");
    const char *texts[] = {a, b};
    const char *names[] = {"small.json", "big.json"};
    char *html = render(texts, names, 2);
    check_page(html);
    free(html);
    free(a);
    free(b);
}

Test(report_html, every_chart_section_is_there)
{
    char *a = summary_text(fill_small, "small.jsonl");
    const char *texts[] = {a};
    const char *names[] = {"small.json"};
    char *html = render(texts, names, 1);
    check_page(html);
    static const char *const ids[] = {"overview", "quadrant", "errors",
                                      "positions", "conclusions", "runs"};
    for (size_t i = 0; i < 6; i++) {
        char *s = section(html, ids[i]);
        free(s);
    }
    /* the quadrant: four cells with counts and shares */
    char *q = section(html, "quadrant");
    cr_assert_not_null(strstr(q, "<svg"));
    cr_assert_not_null(strstr(q, "coherent and valid: 1 of 2 traces (50.0%)"));
    cr_assert_not_null(strstr(q, "incoherent but valid: 0 of 2 traces (0%)"));
    free(q);
    /* the histogram: categories, types, counts */
    char *e = section(html, "errors");
    cr_assert_not_null(strstr(e, "Calculator error"));
    cr_assert_not_null(strstr(e, "arithmetic"));
    cr_assert_not_null(strstr(e, "Format error"));
    cr_assert_not_null(strstr(e, "conclusion_mismatch"));
    cr_assert_null(strstr(e, "False rule"), "a category with no errors");
    free(e);
    /* positions: relative tenths and step numbers */
    char *p = section(html, "positions");
    cr_assert_eq(count(p, "<svg"), 2);
    cr_assert_not_null(strstr(p, "step 3: 1 errors in 2 steps (50.0%)"));
    cr_assert_not_null(strstr(p, "50\xE2\x80\x93" "60% of the trace: 1 errors"));
    cr_assert_null(strstr(p, "step 5:"), "a step past the last one");
    free(p);
    /* conclusions: status counts, the confusion matrix, expectations */
    char *c = section(html, "conclusions");
    cr_assert_not_null(strstr(c, "Conclusion status"));
    cr_assert_not_null(strstr(c, "Against reference labels"));
    cr_assert_not_null(strstr(c, "agreement 50.0%"));
    cr_assert_not_null(strstr(c, "<code>expect</code>"));
    free(c);
    /* run metadata: input, version, timing */
    char *r = section(html, "runs");
    cr_assert_not_null(strstr(r, "small.jsonl"));
    cr_assert_not_null(strstr(r, FOLCHECK_VERSION));
    cr_assert_not_null(strstr(r, "60 ms"));
    cr_assert_not_null(strstr(r, "error[unbalanced_paren]"));
    free(r);
    free(html);
    free(a);
}

Test(report_html, two_summaries_side_by_side)
{
    char *a = summary_text(fill_small, "base.jsonl");
    char *b = summary_text(fill_big, "rl.jsonl");
    const char *texts[] = {a, b};
    const char *names[] = {"base-model.json", "rl-model.json"};
    char *html = render(texts, names, 2);
    const char *pa = strstr(html, "base-model.json");
    const char *pb = strstr(html, "rl-model.json");
    cr_assert(pa && pb && pa < pb, "both runs, in order");
    cr_assert_not_null(strstr(html, "2 summaries, side by side"));
    char *q = section(html, "quadrant");
    cr_assert_eq(count(q, "class=\"card\""), 2, "one quadrant per run");
    cr_assert_not_null(strstr(q, ">A</span>"));
    cr_assert_not_null(strstr(q, ">B</span>"));
    free(q);
    /* the second run is compared with the first: 80.0% - 50.0% valid */
    char *o = section(html, "overview");
    cr_assert_not_null(strstr(o, "+30.0 pp"), "no difference to run A");
    free(o);
    /* each error type has one bar per run */
    char *e = section(html, "errors");
    cr_assert_not_null(strstr(e, "propagated, rl-model.json: 6,642 errors"));
    cr_assert_not_null(strstr(e, "propagated, base-model.json: 0 errors"));
    cr_assert_not_null(strstr(e, "quantifier_misuse"));
    free(e);
    /* the big run keeps readable numbers */
    cr_assert_not_null(strstr(html, "200,000"));
    cr_assert_not_null(strstr(html, "1,012,318"));
    cr_assert_not_null(strstr(html, "159,996"));
    cr_assert_not_null(strstr(html, "&lt;0.1%"), "3 of 200,000 is not 0%");
    free(html);
    free(a);
    free(b);
}

Test(report_html, text_from_summaries_is_escaped)
{
    char *a = summary_text(fill_small,
                           "\"><img src=x onerror=alert(1)>&amp;<script>");
    const char *texts[] = {a};
    const char *names[] = {"<script>alert(1)</script>'\".json"};
    char *html = render(texts, names, 1);
    check_page(html);
    cr_assert_null(strstr(html, "<img"));
    cr_assert_null(strstr(html, "<script"));
    cr_assert_not_null(
        strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;&#39;&quot;.json"));
    cr_assert_not_null(strstr(html, "&quot;&gt;&lt;img src=x "
                                    "onerror=alert(1)&gt;&amp;amp;"));
    free(html);
    free(a);
}

Test(report_html, bad_utf8_and_control_characters_are_replaced)
{
    char *a = summary_text(fill_small, "in\x01put.jsonl");
    const char *texts[] = {a};
    const char *names[] = {"bad\xff\xfe name\xc3.json"};
    char *html = render(texts, names, 1);
    check_page(html);
    cr_assert_null(strchr(html, '\xff'));
    cr_assert_null(strchr(html, '\x01'));
    cr_assert_not_null(strstr(html, "bad\xEF\xBF\xBD\xEF\xBF\xBD name"));
    free(html);
    free(a);
}

Test(report_html, empty_summaries_do_not_divide_by_zero)
{
    const char *texts[] = {"{\"folcheck_summary\": 1}",
                           "{\"folcheck_summary\": 1, \"traces\": 0, "
                           "\"runs\": []}"};
    char *html = render(texts, NULL, 2);
    check_page(html);
    cr_assert_not_null(strstr(html, "summary 1"));
    cr_assert_not_null(strstr(html, "summary 2"));
    cr_assert_not_null(strstr(html, "No traces checked."));
    cr_assert_not_null(strstr(html, "No errors in these summaries."));
    cr_assert_not_null(strstr(html, "there are no positions to show"));
    cr_assert_not_null(strstr(html, "states a conclusion"));
    cr_assert_not_null(strstr(html, "not recorded"));
    free(html);
}

Test(report_html, a_summary_of_zeros_next_to_a_real_one)
{
    char *a = summary_text(NULL, "empty.jsonl");
    char *b = summary_text(fill_small, "small.jsonl");
    const char *texts[] = {a, b};
    const char *names[] = {"empty.json", "small.json"};
    char *html = render(texts, names, 2);
    check_page(html);
    cr_assert_not_null(strstr(html, "No traces checked."));
    free(html);
    free(a);
    free(b);
}

Test(report_html, a_summary_with_only_thin_buckets)
{
    /* one step, wrong: a 100% rate on one step */
    const char *texts[] = {
        "{\"folcheck_summary\": 1, \"traces\": 1, \"steps\": 1, "
        "\"quadrant\": {\"incoherent_invalid\": 1}, "
        "\"step_errors\": {\"syntax\": 1}, "
        "\"positions\": {\"absolute\": {\"steps\": [1" ",0,0,0,0,0,0,0,0,0,0,"
        "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], \"errors\": [1,0,0,0,"
        "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}}}"};
    char *html = render(texts, NULL, 1);
    check_page(html);
    cr_assert_not_null(strstr(html, "step 1: 1 errors in 1 steps (100%)"));
    free(html);
}

Test(report_html, bad_summaries_are_errors)
{
    char *err = NULL;
    const char *bad_json[] = {"{\"folcheck_summary\": "};
    const char *names[] = {"broken.json"};
    cr_assert_null(fc_report_html(bad_json, names, 1, &err));
    cr_assert_not_null(err);
    cr_assert_str_eq(err, "broken.json: not valid JSON");
    free(err);

    const char *other[] = {"{\"folcheck_summary\": 1}", "{\"a\": 1}"};
    const char *two[] = {"ok.json", "other.json"};
    cr_assert_null(fc_report_html(other, two, 2, &err));
    cr_assert_not_null(strstr(err, "other.json: not a folcheck summary"),
                       "%s", err);
    free(err);

    const char *wrong[] = {"{\"folcheck_summary\": 1, \"traces\": \"many\"}"};
    cr_assert_null(fc_report_html(wrong, NULL, 1, &err));
    cr_assert_str_eq(err, "summary 1: not a folcheck summary: bad field "
                          "'traces'");
    free(err);

    cr_assert_null(fc_report_html(NULL, NULL, 0, &err));
    cr_assert_not_null(err);
    free(err);
}

Test(report_html, many_runs_get_letters_and_colours)
{
    enum { N = 9 };
    char *texts[N];
    for (int i = 0; i < N; i++)
        texts[i] = summary_text(i % 2 ? fill_small : fill_big, "x.jsonl");
    char *html = render((const char *const *)texts, NULL, N);
    check_page(html);
    cr_assert_not_null(strstr(html, ">I</span>"));
    cr_assert_not_null(strstr(html, "summary 9"));
    free(html);
    for (int i = 0; i < N; i++)
        free(texts[i]);
}
