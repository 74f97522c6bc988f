/* Reporters: compiler-style text for people, JSON for pipelines, and the
 * regression comparison of `expect` statements. */
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- text --------------------------------------------------------------- */

static void finding(fc_buf *b, const fc_trace *t, const fc_stmt *s,
                    const char *sev, const char *code, bool color,
                    const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* One finding in the shape of a diagnostic, with its excerpt. */
static void finding(fc_buf *b, const fc_trace *t, const fc_stmt *s,
                    const char *sev, const char *code, bool color,
                    const char *fmt, ...)
{
    fc_pos pos;
    if (s && s->has_err_pos && !s->formula && !t->json)
        fc_trace_pos(t, s, s->err_beg, s->err_end, &pos);
    else if (s)
        fc_trace_pos(t, s, s->formula || s->source ? s->fbeg : s->beg,
                     s->formula || s->source ? s->fend : s->end, &pos);
    else
        memset(&pos, 0, sizeof pos), pos.file = t->name,
            pos.line = t->json ? t->json_line : 0;
    fc_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    fc_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    fc_diag g = {0};
    g.severity = !strcmp(sev, "error")     ? FC_SEV_ERROR
                 : !strcmp(sev, "warning") ? FC_SEV_WARNING
                                           : FC_SEV_NOTE;
    g.code = FC_E_SYNTAX; /* replaced below */
    g.file = (char *)(pos.file ? pos.file : t->name);
    g.line = pos.line;
    g.col = pos.col;
    g.field = (char *)pos.field;
    g.fcol = pos.fcol;
    if (pos.source) {
        const char *nl = memchr(pos.source, '\n', pos.source_len);
        g.source = fc_xstrndup(pos.source, nl ? (size_t)(nl - pos.source)
                                              : pos.source_len);
    }
    g.caret = pos.caret;
    g.span = pos.span;
    g.message = msg.data ? msg.data : (char *)"";
    char *text = fc_diag_format(&g, color);
    /* swap the registry code for the finding's own name */
    const char *reg = fc_code_name(FC_E_SYNTAX);
    char needle[64];
    snprintf(needle, sizeof needle, "[%s]", reg);
    char *at = strstr(text, needle);
    if (at) {
        fc_buf_putn(b, text, (size_t)(at - text));
        fc_buf_printf(b, "[%s]", code);
        fc_buf_puts(b, at + strlen(needle));
    } else {
        fc_buf_puts(b, text);
    }
    free(text);
    free(g.source);
    fc_buf_free(&msg);
}

static void indent_block(fc_buf *b, const char *title, const char *text)
{
    fc_buf_printf(b, "  = %s:\n", title);
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fc_buf_puts(b, "      ");
        fc_buf_putn(b, p, n);
        fc_buf_putc(b, '\n');
        p += n + (nl ? 1 : 0);
    }
}

static void labels(fc_buf *b, const fc_trace *t, const fc_ivec *v)
{
    for (size_t i = 0; i < v->len; i++)
        fc_buf_printf(b, "%s%s", i ? ", " : "", t->stmts.data[v->data[i]].label);
}

static void input_error_text(fc_buf *b, const fc_result *r, bool color)
{
    const fc_trace *t = r->t;
    if (t->first_error) {
        char *s = fc_diag_format(t->first_error, color);
        fc_buf_puts(b, s);
        free(s);
    }
    fc_buf_printf(b, "%s: not checked: the input has %zu error%s\n", t->name,
                  t->input_errors, t->input_errors == 1 ? "" : "s");
}

char *fc_report_text(const fc_result *r, const fc_report_options *o)
{
    fc_buf b = {0};
    const fc_trace *t = r->t;
    bool color = o && o->color;
    bool explain = o && o->explain;
    if (!r->checked) {
        input_error_text(&b, r, color);
        return fc_buf_take(&b);
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        const fc_trace_error *e = &r->errors.data[i];
        if (e->type == FC_T_INCONSISTENT_PREMISES) {
            const fc_stmt *s = r->inconsistent_core.len
                                   ? &t->stmts.data[r->inconsistent_core.data[0]]
                                   : NULL;
            finding(&b, t, s, "error", fc_etype_name(e->type), color, "%s",
                    e->message);
        }
    }
    size_t counts[FC_STATUS_REFUTED + 1] = {0};
    for (size_t k = 0; k < r->steps.len; k++) {
        const fc_step_result *sr = &r->steps.data[k];
        const fc_stmt *s = &t->stmts.data[sr->stmt];
        counts[sr->global]++;
        if (sr->err.type != FC_T_NONE) {
            finding(&b, t, s, "error", fc_etype_name(sr->err.type), color,
                    "step %s: %s", s->label, sr->err.message);
            fc_buf_printf(&b, "  = local: %s, global: %s\n",
                          fc_status_name(sr->local),
                          fc_status_name(sr->global));
            const cJSON *exp = cJSON_GetObjectItemCaseSensitive(sr->err.details,
                                                               "expected");
            const cJSON *st = cJSON_GetObjectItemCaseSensitive(sr->err.details,
                                                              "stated");
            if (cJSON_IsString(exp) && cJSON_IsString(st)) {
                fc_buf_puts(&b, "  = expected ");
                fc_buf_put_numeral(&b, exp->valuestring);
                fc_buf_puts(&b, ", stated ");
                fc_buf_put_numeral(&b, st->valuestring);
                fc_buf_putc(&b, '\n');
            }
            if (sr->countermodel && *sr->countermodel)
                indent_block(&b, "countermodel", sr->countermodel);
        } else if (explain && sr->global == FC_STATUS_ENTAILED) {
            fc_buf lb = {0};
            labels(&lb, t, &sr->support);
            finding(&b, t, s, "note", "entailed", color,
                    "step %s follows from %s", s->label,
                    lb.data ? lb.data : "nothing (it is valid on its own)");
            fc_buf_free(&lb);
        } else if (explain && sr->global == FC_STATUS_DEFINITION) {
            finding(&b, t, s, "note", "definition", color,
                    "step %s defines a new name", s->label);
        }
        if (sr->redundant && sr->err.type == FC_T_NONE)
            finding(&b, t, s, "note", "redundant", color,
                    "step %s restates %s", s->label,
                    t->stmts.data[sr->redundant_of].label);
    }
    for (size_t i = 0; i < r->errors.len; i++) {
        const fc_trace_error *e = &r->errors.data[i];
        if (e->type == FC_T_INCONSISTENT_PREMISES)
            continue;
        const fc_stmt *s = r->concl.present ? &t->stmts.data[r->concl.stmt]
                                            : NULL;
        finding(&b, t, s, "error", fc_etype_name(e->type), color, "%s",
                e->message);
    }
    if (r->concl.vacuous)
        finding(&b, t, &t->stmts.data[r->concl.stmt], "note", "vacuous",
                color, "the conclusion follows from what the trace defined "
                "itself: no premise is behind it");
    /* a second prover that answers otherwise: a warning at the step */
    size_t asked = 0, agreed = 0, disagreed = 0;
    const char *prover = NULL;
    for (size_t i = 0; i < r->obligations.len; i++) {
        const fc_obligation *ob = &r->obligations.data[i];
        if (!ob->prover)
            continue;
        prover = ob->prover;
        asked++;
        agreed += ob->agrees == 1;
        disagreed += ob->agrees == 0;
        if (ob->agrees == 1)
            continue;
        const fc_stmt *s =
            ob->step >= 0 ? &t->stmts.data[r->steps.data[ob->step].stmt]
            : r->concl.present && ob->goal ? &t->stmts.data[r->concl.stmt]
                                           : NULL;
        finding(&b, t, s, ob->agrees == 0 ? "warning" : "note", "cross_check",
                color, "%s %s (%s context): folcheck says %s, %s answers %s "
                "after %u ms", ob->step >= 0 ? "step" : "the",
                s && ob->step >= 0 ? s->label : ob->context, ob->context,
                ob->goal ? fc_status_name(ob->status) : "inconsistent",
                ob->prover, ob->answer ? ob->answer : "nothing", ob->ms);
    }
    if (explain && r->unused_premises.len && r->premises_consistent) {
        for (size_t i = 0; i < r->unused_premises.len; i++) {
            const fc_stmt *s = &t->stmts.data[r->unused_premises.data[i]];
            finding(&b, t, s, "note", "unused_premise", color,
                    "premise %s is used by no step", s->label);
        }
    }
    /* the summary line */
    const char *v = fc_result_verdict(r);
    if (color)
        fc_buf_printf(&b, "\033[1m%s\033[0m: %s%s\033[0m, %s", t->name,
                      r->valid ? "\033[1;32m" : "\033[1;31m", v,
                      r->coherent ? "coherent" : "incoherent");
    else
        fc_buf_printf(&b, "%s: %s, %s", t->name, v,
                      r->coherent ? "coherent" : "incoherent");
    if (t->id)
        fc_buf_printf(&b, " (id %s)", t->id);
    else if (t->json)
        fc_buf_printf(&b, " (line %d)", t->json_line);
    if (!r->concl.present && t->ref_label)
        fc_buf_printf(&b, "; no conclusion to check (its label %s is not "
                          "compared)", t->ref_label);
    fc_buf_printf(&b, "; %zu %s%s", r->steps.len,
                  r->derivation ? "inference" : "step",
                  r->steps.len == 1 ? "" : "s");
    static const fc_status order[] = {
        FC_STATUS_ENTAILED,  FC_STATUS_DEFINITION, FC_STATUS_UNDETERMINED,
        FC_STATUS_CONTRADICTED, FC_STATUS_UNKNOWN, FC_STATUS_ILL_FORMED};
    bool first = true;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        if (!counts[order[i]])
            continue;
        fc_buf_printf(&b, "%s%zu %s", first ? " (" : ", ", counts[order[i]],
                      fc_status_name(order[i]));
        first = false;
    }
    if (!first)
        fc_buf_putc(&b, ')');
    if (!r->premises_consistent)
        fc_buf_puts(&b, "; premises inconsistent");
    if (r->refutation)
        fc_buf_puts(&b, "; a refutation ($false derived)");
    if (r->concl.present)
        fc_buf_printf(&b, "; conclusion %s, %s",
                      r->concl.reached ? "reached" : "not reached",
                      fc_status_name(r->concl.status));
    if (prover)
        fc_buf_printf(&b, "; %s agrees on %zu of %zu%s", prover, agreed,
                      asked, disagreed ? ", DISAGREES" : "");
    if (o && o->stats)
        fc_buf_printf(&b, "; %llu queries, %.1f ms in Z3 of %.1f ms",
                      (unsigned long long)r->queries, r->solver_us / 1000.0,
                      r->total_us / 1000.0);
    fc_buf_putc(&b, '\n');
    return fc_buf_take(&b);
}

/* ---- expectations ------------------------------------------------------- */

static const fc_step_result *step_of(const fc_result *r, int stmt)
{
    for (size_t k = 0; k < r->steps.len; k++)
        if (r->steps.data[k].stmt == stmt)
            return &r->steps.data[k];
    return NULL;
}

static bool trace_has_error(const fc_result *r, fc_etype type)
{
    for (size_t i = 0; i < r->errors.len; i++)
        if (r->errors.data[i].type == type)
            return true;
    return false;
}

static bool meets(const fc_result *r, const fc_stmt *e, char *got,
                  size_t gotlen)
{
    const fc_trace *t = r->t;
    const char *w = e->expect_value->name;
    if (!e->label) {
        if (!strcmp(w, "valid") || !strcmp(w, "invalid")) {
            snprintf(got, gotlen, "%s", fc_result_verdict(r));
            return !strcmp(w, "valid") ? r->valid
                                       : !strcmp(fc_result_verdict(r),
                                                 "invalid");
        }
        if (!strcmp(w, "coherent") || !strcmp(w, "incoherent")) {
            snprintf(got, gotlen, "%s", r->coherent ? "coherent"
                                                    : "incoherent");
            return r->coherent == !strcmp(w, "coherent");
        }
        if (!strcmp(w, "vacuous")) {
            snprintf(got, gotlen, "%s", r->concl.vacuous
                                            ? "vacuous"
                                            : "not vacuous");
            return r->concl.vacuous;
        }
        fc_etype type = fc_etype_from_name(w);
        snprintf(got, gotlen, "no %s", w);
        return trace_has_error(r, type);
    }
    int stmt = fc_trace_find_label(t, e->label);
    const fc_stmt *target = stmt >= 0 ? &t->stmts.data[stmt] : NULL;
    if (target && target->kind == FC_ST_CONCLUDE) {
        if (!strcmp(w, "reached") || !strcmp(w, "not_reached")) {
            snprintf(got, gotlen, "%s",
                     r->concl.reached ? "reached" : "not_reached");
            return r->concl.reached == !strcmp(w, "reached");
        }
        snprintf(got, gotlen, "%s", fc_status_name(r->concl.status));
        return !strcmp(w, fc_status_name(r->concl.status));
    }
    if (target && target->kind == FC_ST_PREMISE) {
        bool in_core = fc_ivec_contains(&r->inconsistent_core, stmt);
        bool unused = fc_ivec_contains(&r->unused_premises, stmt);
        if (!strcmp(w, "unused_premise") || !strcmp(w, "unused") ||
            !strcmp(w, "used")) {
            snprintf(got, gotlen, "%s", unused ? "unused" : "used");
            return strcmp(w, "used") ? unused : !unused;
        }
        snprintf(got, gotlen, "%s", in_core ? "inconsistent_premises"
                                            : "consistent");
        return !strcmp(w, "inconsistent_premises") && in_core;
    }
    if (target && target->kind == FC_ST_DEFINE) {
        bool ok = !target->broken && !target->ill_sorted;
        snprintf(got, gotlen, "%s", ok ? "definition" : "ill_formed");
        return !strcmp(w, ok ? "definition" : "ill_formed") ||
               (ok && !strcmp(w, "ok"));
    }
    const fc_step_result *sr = step_of(r, stmt);
    if (!sr) {
        snprintf(got, gotlen, "not checked");
        return false;
    }
    fc_etype type = fc_etype_from_name(w);
    if (type != FC_T_NONE) {
        snprintf(got, gotlen, "%s", fc_etype_name(sr->err.type));
        return sr->err.type == type;
    }
    if (!strcmp(w, "ok")) {
        snprintf(got, gotlen, "%s", fc_etype_name(sr->err.type));
        return sr->err.type == FC_T_NONE;
    }
    if (!strcmp(w, "redundant")) {
        snprintf(got, gotlen, "%s", sr->redundant ? "redundant" : "new");
        return sr->redundant;
    }
    if (!strcmp(w, "ill_formed") || !strcmp(w, "definition")) {
        snprintf(got, gotlen, "%s", fc_status_name(sr->global));
        return !strcmp(w, fc_status_name(sr->global));
    }
    /* a status: the global one */
    snprintf(got, gotlen, "%s", fc_status_name(sr->global));
    return !strcmp(w, fc_status_name(sr->global));
}

size_t fc_result_expectations(const fc_result *r, size_t *failed,
                              char **mismatches)
{
    const fc_trace *t = r->t;
    size_t n = 0;
    fc_buf b = {0};
    *failed = 0;
    for (size_t i = 0; i < t->stmts.len; i++) {
        const fc_stmt *e = &t->stmts.data[i];
        if (e->kind != FC_ST_EXPECT || e->broken)
            continue;
        n++;
        char got[128] = "not checked";
        bool ok = r->checked && meets(r, e, got, sizeof got);
        if (!ok) {
            (*failed)++;
            if (t->json)
                fc_buf_printf(&b, "%s:%d: ", t->name, t->json_line);
            else
                fc_buf_printf(&b, "%s:%d: ", t->name, e->line);
            fc_buf_printf(&b, "expected %s%s%s, got %s\n",
                          e->label ? e->label : "trace",
                          e->label ? ": " : " ", e->expect_value->name, got);
        }
    }
    *mismatches = b.data ? fc_buf_take(&b) : NULL;
    return n;
}
