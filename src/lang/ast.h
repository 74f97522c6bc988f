/* The AST: interned symbols and hash-consed terms and formulas.
 *
 * Terms and formulas share one node type; whether `P(a)` is an atom or a
 * function application is decided by sort inference, not by the parser.
 * Every node is unique in its fc_ast: structurally equal subformulas are
 * the same pointer, and node->id indexes per-node caches (sorts, the Z3
 * translation).
 * src/lang, lowest first: ast→jsonpos→sorts→trace→infer→passes→parse→jsonl */
#ifndef FC_AST_H
#define FC_AST_H

#include "util/util.h"

typedef struct fc_sym {
    uint32_t id;
    uint32_t len;
    char *name;
} fc_sym;

typedef enum fc_kind {
    FC_TRUE,
    FC_FALSE,
    FC_VAR,     /* bound variable: sym, annot */
    FC_APP,     /* sym(args...), a constant when nargs == 0 */
    FC_NUM,     /* numeral: num holds the decimal text; a percent literal
                   keeps its sign ("20%" is 1/5) */
    FC_NEG,     /* unary minus */
    FC_ADD,     /* n-ary */
    FC_SUB,
    FC_MUL,     /* n-ary */
    FC_DIV,     /* exact division: 7 / 2 = 3.5, also on Int operands */
    FC_MOD,     /* a mod b = a - b * floor(a / b): the divisor's sign */
    FC_IDIV,    /* a div b = floor(a / b), an Int */
    FC_POW,     /* a ^ n: n a non-negative integer numeral */
    FC_FLOOR,   /* the built-ins, one argument; Int results */
    FC_CEIL,
    FC_ROUND,   /* half to even, as Python's round */
    FC_TRUNC,   /* toward zero, as Python's int() */
    FC_ABS,     /* the sort of its argument */
    FC_MIN,     /* n-ary, two or more arguments */
    FC_MAX,
    FC_EQ,
    FC_NE,
    FC_LT,
    FC_LE,
    FC_GT,
    FC_GE,
    FC_NOT,
    FC_AND,     /* n-ary */
    FC_OR,      /* n-ary */
    FC_XOR,
    FC_IMPLIES,
    FC_IFF,
    FC_FORALL,  /* sym is the variable, annot its declared sort, args[0] */
    FC_EXISTS,
} fc_kind;

/* Built-in sorts; declared sorts get ids from FC_SORT_FIRST_USER on. */
enum {
    FC_SORT_NONE = 0,
    FC_SORT_BOOL,
    FC_SORT_INT,
    FC_SORT_REAL,
    FC_SORT_OBJECT,
    FC_SORT_FIRST_USER
};

typedef struct fc_node fc_node;
struct fc_node {
    uint32_t id;
    uint8_t kind;
    bool closed;        /* no free variables */
    uint32_t nargs;
    uint32_t depth;     /* 1 for leaves */
    uint32_t annot;     /* VAR and quantifiers: declared sort, or 0 */
    uint32_t tag;       /* VAR and quantifiers: scope, when renamed apart */
    fc_sym *sym;
    const char *num;
    uint64_t hash;
    fc_node *args[];
};

typedef struct fc_ast fc_ast;

fc_ast *fc_ast_new(void);
void fc_ast_free(fc_ast *a);

fc_sym *fc_intern(fc_ast *a, const char *name, size_t len);
/* The interned symbol, or NULL when the name was never interned. */
fc_sym *fc_lookup_sym(const fc_ast *a, const char *name, size_t len);
size_t fc_ast_sym_count(const fc_ast *a);
size_t fc_ast_node_count(const fc_ast *a);
fc_node *fc_ast_node(const fc_ast *a, uint32_t id);

/* Sorts by name: the built-ins exist from the start. */
uint32_t fc_sort_lookup(const fc_ast *a, const char *name);
uint32_t fc_sort_declare(fc_ast *a, const char *name);
const char *fc_sort_name(const fc_ast *a, uint32_t sort);
size_t fc_sort_count(const fc_ast *a);

/* Node constructors return the unique node for that structure.  n-ary
 * AND, OR, ADD and MUL flatten nested nodes of their own kind, so a long
 * chain `a & b & c & ...` stays shallow. */
fc_node *fc_mk(fc_ast *a, fc_kind k, fc_node **args, size_t nargs);
fc_node *fc_mk1(fc_ast *a, fc_kind k, fc_node *x);
/* A binary node as written, without flattening: the parser builds these,
 * and fc_flatten turns a whole formula into n-ary form in linear time
 * (flattening at every step would be quadratic in a long conjunction).
 * The depth of a same-kind chain counts as one level. */
fc_node *fc_mk_binary(fc_ast *a, fc_kind k, fc_node *x, fc_node *y);
fc_node *fc_flatten(fc_ast *a, fc_node *n);
fc_node *fc_mk2(fc_ast *a, fc_kind k, fc_node *x, fc_node *y);
fc_node *fc_mk_true(fc_ast *a);
fc_node *fc_mk_false(fc_ast *a);
fc_node *fc_mk_app(fc_ast *a, fc_sym *s, fc_node **args, size_t nargs);
fc_node *fc_mk_const(fc_ast *a, fc_sym *s);
/* A bound variable.  tag tells apart variables of one name that sort
 * inference had to rename apart (0 normally). */
fc_node *fc_mk_var(fc_ast *a, fc_sym *s, uint32_t annot, uint32_t tag);
/* text is a decimal numeral, normalized here ("007" -> "7", "2.50" ->
 * "2.5"). */
fc_node *fc_mk_num(fc_ast *a, const char *text, size_t len);
fc_node *fc_mk_quant(fc_ast *a, fc_kind k, fc_sym *var, uint32_t annot,
                     uint32_t tag, fc_node *body);
/* The variable a quantifier node binds. */
fc_node *fc_quant_var(fc_ast *a, const fc_node *q);
/* Tags every binder of n with its quantifier's node (alpha-renaming by
 * identity): bound variables of different quantifiers become different
 * nodes, so sort inference keeps them apart, while equal quantified
 * formulas stay one node. */
fc_node *fc_tag_binders(fc_ast *a, fc_node *n);
/* n with every binder tag back to 0: the formula as written. */
fc_node *fc_untag_binders(fc_ast *a, fc_node *n);

bool fc_kind_is_arith(fc_kind k);     /* NEG ADD SUB MUL DIV and the
                                         built-in operators below */
/* The built-in operators: MOD IDIV POW and the functions FLOOR..MAX. */
bool fc_kind_is_builtin(fc_kind k);
/* The function kind a built-in name stands for ("floor", "min", ...), or
 * FC_TRUE when the name is none; python: also Python's spellings
 * ("math.floor", "int"). */
fc_kind fc_builtin_named(const char *name, bool python);
/* Is a numeral a percent literal? */
bool fc_num_is_percent(const fc_node *n);
bool fc_kind_is_cmp(fc_kind k);       /* EQ NE LT LE GT GE */
bool fc_kind_is_connective(fc_kind k);/* NOT AND OR XOR IMPLIES IFF */
bool fc_kind_is_quant(fc_kind k);
const char *fc_kind_symbol(fc_kind k); /* Unicode spelling: "∧", "+" ... */

/* Prints a node with Unicode operators and the fewest parentheses that keep
 * it unambiguous under the language's precedence. */
void fc_node_print(fc_buf *b, const fc_ast *a, const fc_node *n);
char *fc_node_str(const fc_ast *a, const fc_node *n);

/* Substitutes replacement for every occurrence of node from in n (by
 * identity). */
/* n with its arguments replaced by args[0..n->nargs): same kind, symbol,
 * annotation and binder. */
fc_node *fc_node_with_args(fc_ast *a, const fc_node *n, fc_node **args);
fc_node *fc_node_replace(fc_ast *a, fc_node *n, const fc_node *from,
                         fc_node *to);

/* A set of the symbols an fc_ast held when it was made: a mark per symbol
 * id, emptied in constant time by starting a new generation.  Symbols
 * interned later are never members. */
typedef struct fc_symset {
    uint32_t *mark;
    size_t len;
    uint32_t gen;
} fc_symset;

void fc_symset_init(fc_symset *s, const fc_ast *a);
void fc_symset_free(fc_symset *s);
void fc_symset_clear(fc_symset *s);
/* Adds y; false when it was there already (or cannot be a member). */
bool fc_symset_add(fc_symset *s, const fc_sym *y);
bool fc_symset_has(const fc_symset *s, const fc_sym *y);

#endif
