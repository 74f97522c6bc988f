/* The grammar of the trace language.  Pure (reentrant) and conflict-free:
 * `%expect 0` turns any new conflict into a build error.
 *
 * Semantic values are symbols and hash-consed nodes owned by the trace's
 * fc_ast, and binder and argument lists owned by the fc_pstate; none is
 * owned by the parser stack, so an error path frees nothing and leaks
 * nothing (no %destructor is needed). */
%define api.pure full
%define api.prefix {fcyy}
%define api.location.type {fc_loc}
%define parse.error custom
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {fc_pstate *st}

%code requires {
#include "lang/parse.h"
typedef void *yyscan_t;
}

%code provides {
int fcyylex(FCYYSTYPE *lval, FCYYLTYPE *lloc, yyscan_t scanner);
}

%code {
#include <stdio.h>
#include <string.h>

#include "lang/parse_actions.h"

/* Nesting without parentheses (¬¬¬..., → chains) fills the stack: a
 * few entries per level, so this stops well past FC_MAX_DEPTH levels. */
#define YYMAXDEPTH FC_MAX_PARSER_STACK

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                        \
    do {                                                                   \
        if (N) {                                                           \
            (Cur).beg = YYRHSLOC(Rhs, 1).beg;                              \
            (Cur).end = YYRHSLOC(Rhs, N).end;                              \
        } else {                                                           \
            (Cur).beg = (Cur).end = YYRHSLOC(Rhs, 0).end;                  \
        }                                                                  \
    } while (0)

static void fcyyerror(FCYYLTYPE *loc, yyscan_t scanner, fc_pstate *st,
                      const char *msg);

#define DEPTH_OK(n, loc)                                                   \
    do {                                                                   \
        if (!fc_p_depth_ok(st, (n), (loc)))                                \
            YYERROR;                                                       \
    } while (0)
}

%union {
    fc_sym *sym;
    fc_node *node;
    fc_binders *binders;
    fc_nlist *list;
    int kind;
}

%token YYEOF 0 "end of input"
%token START_FILE "start of file" START_FORMULA "start of formula"
%token PREMISE "'premise'" STEP "'step'" DEFINE "'define'"
%token CONCLUDE "'conclude'" EXPECT "'expect'" SORT "'sort'"
%token CONST "'const'" PRED "'pred'" FUN "'fun'" BY "'by'"
%token <sym> IDENT "name"
%token <node> NUMBER "number"
%token <binders> QUANT "quantifier"
%token NOT "'¬'" AND "'∧'" OR "'∨'" XOR "'⊕'" IMPLIES "'→'" IFF "'↔'"
%token TRUE_ "'⊤'" FALSE_ "'⊥'"
%token EQ "'='" NE "'≠'" LT "'<'" LE "'≤'" GT "'>'" GE "'≥'"
%token DEFEQ "':='" NEWLINE "end of statement" LEXERR "invalid token"
%token MOD "'mod'" IDIV "'div'" POW "'^'"
%token <sym> PYASSIGN "assignment"
%token PYCONCLUDE "'# conclude:'"

%nterm <node> formula chain arith primary
%nterm <list> args
%nterm <kind> cmpop

%precedence QUANT
%left IFF
%right IMPLIES
%left OR XOR
%left AND
%precedence NOT
%left '+' '-'
%left '*' '/' MOD IDIV
%precedence UMINUS
%right POW

%%

input
    : START_FILE lines
    | START_FORMULA formula     { st->formula = fc_flatten(st->ast, $2);
                                  st->formula_loc = @2; }
    ;

lines
    : %empty
    | lines line
    ;

line
    : NEWLINE
    | stmt NEWLINE              { fc_pstate_emit(st, @1); }
    | error NEWLINE             { fc_pstate_emit_broken(st, @$); yyerrok; }
    ;

stmt
    : header formula opt_by     { fc_p_claim(st, $2, @2); }
    | DEFINE { fc_p_kind(st, FC_ST_DEFINE); } define
    | EXPECT { fc_p_kind(st, FC_ST_EXPECT); } opt_label ':' IDENT
                                { st->cur.expect_value = $5; }
    | SORT { fc_p_kind(st, FC_ST_SORT); } names
    | CONST { fc_p_kind(st, FC_ST_CONST); } names ':' IDENT
                                { st->cur.result_sort = $5; }
    | PRED { fc_p_kind(st, FC_ST_PRED); } IDENT opt_sorts
                                { fc_p_decl_name(st, $3); }
    | FUN { fc_p_kind(st, FC_ST_FUN); } IDENT opt_sorts ':' IDENT
                                { fc_p_decl_name(st, $3);
                                  st->cur.result_sort = $6; }
    | PYASSIGN formula          { fc_p_py_assign(st, $1, @1, $2, @2); }
    | PYCONCLUDE { fc_p_kind(st, FC_ST_CONCLUDE); } formula
                                { fc_p_claim(st, $3, @3); }
    ;

header
    : PREMISE { fc_p_kind(st, FC_ST_PREMISE); } opt_label ':'
    | STEP { fc_p_kind(st, FC_ST_STEP); } opt_label ':'
    | CONCLUDE { fc_p_kind(st, FC_ST_CONCLUDE); } opt_label ':'
    ;

define
    : IDENT DEFEQ formula opt_by            { fc_p_define(st, $1, @1, $3, @3); }
    | ':' IDENT DEFEQ formula opt_by        { fc_p_define(st, $2, @2, $4, @4); }
    | IDENT ':' IDENT DEFEQ formula opt_by  { fc_p_label(st, $1, @1);
                                              fc_p_define(st, $3, @3, $5, @5); }
    ;

opt_label
    : %empty
    | IDENT                     { fc_p_label(st, $1, @1); }
    ;

opt_by
    : %empty
    | BY cites                  { st->cur.has_by = true; }
    ;

cites
    : IDENT                     { fc_p_cite(st, $1, @1); }
    | cites ',' IDENT           { fc_p_cite(st, $3, @3); }
    ;

names
    : IDENT                     { fc_vec_push(&st->cur.names, $1); }
    | names ',' IDENT           { fc_vec_push(&st->cur.names, $3); }
    ;

opt_sorts
    : %empty
    | '(' ')'
    | '(' sorts ')'
    ;

sorts
    : IDENT                     { fc_vec_push(&st->cur.arg_sorts, $1); }
    | sorts ',' IDENT           { fc_vec_push(&st->cur.arg_sorts, $3); }
    ;

formula
    : formula IFF formula       { $$ = fc_mk_binary(st->ast, FC_IFF, $1, $3); DEPTH_OK($$, @$); }
    | formula IMPLIES formula   { $$ = fc_mk_binary(st->ast, FC_IMPLIES, $1, $3); DEPTH_OK($$, @$); }
    | formula OR formula        { $$ = fc_mk_binary(st->ast, FC_OR, $1, $3); DEPTH_OK($$, @$); }
    | formula XOR formula       { $$ = fc_mk_binary(st->ast, FC_XOR, $1, $3); DEPTH_OK($$, @$); }
    | formula AND formula       { $$ = fc_mk_binary(st->ast, FC_AND, $1, $3); DEPTH_OK($$, @$); }
    | NOT formula               { $$ = fc_mk1(st->ast, FC_NOT, $2); DEPTH_OK($$, @$); }
    | QUANT { fc_p_open_scope(st, $1); } formula %prec QUANT
                                { $$ = fc_p_quant(st, $1, $3); DEPTH_OK($$, @$); }
    | arith                     { $$ = $1; }
    | chain                     { $$ = $1; }
    ;

chain
    : arith cmpop arith         { $$ = fc_p_chain(st, NULL, $1, $2, $3); DEPTH_OK($$, @$); }
    | chain cmpop arith         { $$ = fc_p_chain(st, $1, NULL, $2, $3); DEPTH_OK($$, @$); }
    ;

cmpop
    : EQ                        { $$ = FC_EQ; }
    | NE                        { $$ = FC_NE; }
    | LT                        { $$ = FC_LT; }
    | LE                        { $$ = FC_LE; }
    | GT                        { $$ = FC_GT; }
    | GE                        { $$ = FC_GE; }
    ;

arith
    : arith '+' arith           { $$ = fc_mk_binary(st->ast, FC_ADD, $1, $3); DEPTH_OK($$, @$); }
    | arith '-' arith           { $$ = fc_mk_binary(st->ast, FC_SUB, $1, $3); DEPTH_OK($$, @$); }
    | arith '*' arith           { $$ = fc_mk_binary(st->ast, FC_MUL, $1, $3); DEPTH_OK($$, @$); }
    | arith '/' arith           { $$ = fc_mk_binary(st->ast, FC_DIV, $1, $3); DEPTH_OK($$, @$); }
    | arith MOD arith           { $$ = fc_mk_binary(st->ast, FC_MOD, $1, $3); DEPTH_OK($$, @$); }
    | arith IDIV arith          { $$ = fc_mk_binary(st->ast, FC_IDIV, $1, $3); DEPTH_OK($$, @$); }
    | arith POW arith           { $$ = fc_p_pow(st, $1, $3, @3);
                                  if (!$$)
                                      YYERROR;
                                  DEPTH_OK($$, @$); }
    | '-' arith %prec UMINUS    { $$ = fc_p_negate(st, $2); DEPTH_OK($$, @$); }
    | primary                   { $$ = $1; }
    ;

primary
    : IDENT                     { $$ = fc_p_ident(st, $1); }
    | IDENT '(' args ')'        { if (!fc_p_arity_ok(st, $3, @$))
                                      YYERROR;
                                  $$ = fc_mk_app(st->ast, $1, $3->items.data, $3->items.len);
                                  DEPTH_OK($$, @$); }
    | NUMBER                    { $$ = $1; }
    | TRUE_                     { $$ = fc_mk_true(st->ast); }
    | FALSE_                    { $$ = fc_mk_false(st->ast); }
    | '(' formula ')'           { $$ = $2; }
    ;

args
    : formula                   { $$ = fc_p_list(st); fc_vec_push(&$$->items, $1); }
    | args ',' formula          { $$ = $1; fc_vec_push(&$$->items, $3); }
    ;

%%

static void fcyyerror(FCYYLTYPE *loc, yyscan_t scanner, fc_pstate *st,
                      const char *msg)
{
    (void)scanner;
    /* Only the parser's own failures reach here: its stack is full. */
    if (!strcmp(msg, "memory exhausted")) {
        st->fatal = true;
        fc_pstate_error(st, FC_E_TOO_DEEP, *loc,
                        "formula nests deeper than the limit of %d levels "
                        "(FC_MAX_DEPTH)", FC_MAX_DEPTH);
    } else {
        fc_pstate_error(st, FC_E_SYNTAX, *loc, "%s", msg);
    }
}

static const char *token_name(yysymbol_kind_t k)
{
    return yysymbol_name(k);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner,
                                 fc_pstate *st)
{
    (void)scanner;
    yysymbol_kind_t got = yypcontext_token(ctx);
    fc_loc loc = *yypcontext_location(ctx);
    if (st->lex_error) {
        st->lex_error = false;
        fc_pstate_error(st, st->lex_code, st->lex_loc, "%s", st->lex_msg);
        return 0;
    }
    bool at_end = got == YYSYMBOL_NEWLINE || got == YYSYMBOL_YYEOF ||
                  got == YYSYMBOL_BY;
    bool closer = !strcmp(token_name(got), "')'") ||
                  !strcmp(token_name(got), "']'");
    if (st->prev_token == ',' && (at_end || closer)) {
        fc_pstate_error(st, FC_E_TRAILING_COMMA, loc,
                        "a list cannot end with ','");
        return 0;
    }
    if (st->prev_token == QUANT &&
        (at_end || closer || !strcmp(token_name(got), "','"))) {
        fc_pstate_error(st, FC_E_DANGLING_QUANTIFIER, loc,
                        "the quantifier has no body");
        return 0;
    }
    yysymbol_kind_t exp[8];
    int n = yypcontext_expected_tokens(ctx, exp, 8);
    bool formula = false;
    for (int i = 0; i < n; i++)
        if (exp[i] == YYSYMBOL_IDENT || exp[i] == YYSYMBOL_NUMBER)
            formula = true;
    char expected[200] = "";
    if (formula) {
        snprintf(expected, sizeof expected, "; expected a formula");
    } else if (n > 0 && n <= 5) {
        size_t len = 0;
        len += (size_t)snprintf(expected, sizeof expected, "; expected ");
        for (int i = 0; i < n && len < sizeof expected; i++)
            len += (size_t)snprintf(expected + len, sizeof expected - len,
                                    "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                                    token_name(exp[i]));
    }
    if (got == YYSYMBOL_NEWLINE || got == YYSYMBOL_YYEOF)
        fc_pstate_error(st, FC_E_SYNTAX, loc, "the statement ends too soon%s",
                        expected);
    else
        fc_pstate_error(st, FC_E_SYNTAX, loc, "unexpected %s%s",
                        token_name(got), expected);
    return 0;
}
