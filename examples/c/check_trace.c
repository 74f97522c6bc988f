/* Checks a trace from a program, through libfolcheck:
 *
 *   cc check_trace.c $(pkg-config --cflags --libs folcheck) -o check_trace
 *   ./check_trace            # a built-in example
 *   ./check_trace FILE.fol   # a trace in the native language
 *
 * It prints the verdict, then each step as it is added to a session, with
 * its reward. */
#include <folcheck.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    char *err = NULL;
    fc_checker *c = fc_checker_new_json("{\"window\": 1}", &err);
    if (!c) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return 2;
    }
    /* one call: a trace in, its JSON result out */
    static const char example[] =
        "premise p1: ∀x (Man(x) → Mortal(x))\n"
        "premise p2: Man(socrates)\n"
        "step s1: Mortal(socrates) by p1, p2\n"
        "conclude: Mortal(socrates)\n";
    size_t len = sizeof example - 1;
    char *text = NULL;
    if (argc > 1 && !(text = read_file(argv[1], &len))) {
        perror(argv[1]);
        fc_checker_free(c);
        return 2;
    }
    char *result = fc_check_json(c, argc > 1 ? argv[1] : "example",
                                 text ? text : example, len, false,
                                 FC_DIALECT_NATIVE);
    char *reward = fc_reward_json(result, NULL, NULL);
    printf("result: %s\nreward: %s\n", result, reward);
    fc_string_free(reward);
    fc_string_free(result);
    free(text);

    /* a session: the steps of a model's answer, checked as they come */
    fc_session *s = fc_session_new(
        c, "{\"premises\": [\"∀x (P(x) → Q(x))\", \"P(a)\"]}", &err);
    if (!s) {
        fprintf(stderr, "%s\n", err);
        free(err);
        fc_checker_free(c);
        return 2;
    }
    static const char *const steps[] = {"Q(a)", "Q(b)", "R(a"};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        char *step = fc_session_add_step(s, steps[i], NULL, NULL, 0);
        printf("step %zu: %s\n", i + 1, step);
        fc_string_free(step);
    }
    char *final = fc_session_result(s);
    char *r = fc_reward_json(final, "{\"coherent_invalid\": 1.0}", NULL);
    printf("session reward: %s\n", r);
    fc_string_free(r);
    fc_string_free(final);
    fc_session_free(s);
    fc_checker_free(c);
    return 0;
}
