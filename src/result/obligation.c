/* The questions a check settled, as problems for other provers:
 * SMT-LIB 2 (made while the solver was at hand) or TPTP. */
#include "lang/tptp_write.h"
#include "result/result.h"

#include <stdlib.h>
#include <string.h>

size_t fc_result_obligation_count(const fc_result *r)
{
    return r->obligations.len;
}

char *fc_obligation_title(const fc_result *r, const fc_obligation *o)
{
    fc_buf b = {0};
    const char *step =
        o->step >= 0 ? r->t->stmts.data[r->steps.data[o->step].stmt].label
                     : NULL;
    fc_buf_printf(&b, "folcheck: %s%s%s, %s context; folcheck's answer: %s",
                  r->t->id ? r->t->id : r->t->name, step ? " step " : "",
                  step ? step : "", o->context,
                  o->goal ? fc_status_name(o->status)
                  : o->status == FC_STATUS_ENTAILED ? "inconsistent"
                  : o->status == FC_STATUS_UNDETERMINED ? "consistent"
                                                        : "unknown");
    for (char *p = b.data; p && *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return fc_buf_take(&b);
}

/* "s3-global", "premises": a file name stem, for people and scripts. */
static char *stem(const fc_result *r, const fc_obligation *o)
{
    fc_buf b = {0};
    if (o->step >= 0) {
        const char *label =
            r->t->stmts.data[r->steps.data[o->step].stmt].label;
        for (const char *p = label; *p; p++)
            fc_buf_putc(&b, ((*p >= 'a' && *p <= 'z') ||
                             (*p >= 'A' && *p <= 'Z') ||
                             (*p >= '0' && *p <= '9') || *p == '_' ||
                             *p == '.')
                                ? *p
                                : '_');
        fc_buf_putc(&b, '-');
    }
    fc_buf_puts(&b, o->context);
    return fc_buf_take(&b);
}

char *fc_result_obligation_problem(const fc_result *r, size_t i,
                                   const char *format, char **name,
                                   const char **why)
{
    *why = NULL;
    if (name)
        *name = NULL;
    if (i >= r->obligations.len) {
        *why = "no such obligation";
        return NULL;
    }
    const fc_obligation *o = &r->obligations.data[i];
    char *out = NULL;
    if (!strcmp(format, "smtlib")) {
        if (o->smtlib)
            out = fc_xstrdup(o->smtlib);
        else
            *why = "a formula cannot be translated";
    } else if (!strcmp(format, "tptp")) {
        fc_buf c = {0};
        char *title = fc_obligation_title(r, o);
        fc_buf_printf(&c, "%s\n", title);
        free(title);
        fc_buf_printf(&c, "%s",
                      !o->goal ? "the axioms are the question: "
                                 "Unsatisfiable when they are inconsistent"
                      : o->status == FC_STATUS_CONTRADICTED
                          ? "the conjecture is the negation: a Theorem when "
                            "the axioms contradict the formula"
                          : "a Theorem when the axioms entail the conjecture");
        out = fc_tptp_problem(r->t, c.data, o->given.data, o->given.len,
                              o->goal, o->status == FC_STATUS_CONTRADICTED,
                              why);
        fc_buf_free(&c);
    } else {
        *why = "unknown format (smtlib, tptp)";
    }
    if (out && name)
        *name = stem(r, o);
    return out;
}
