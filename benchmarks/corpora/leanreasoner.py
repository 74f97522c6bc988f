#!/usr/bin/env python3
"""Translate GPT-4's Lean 3 proofs of ProofWriter problems into folcheck traces.

Source: github.com/Some-random/theorem-proving-reasoning (LeanReasoner
outputs; see SOURCE.txt).  Every record's `output` holds `axiom` lines and,
usually, two `theorem` blocks: the statement and its negation, of which the
model tries to prove each.

Each `theorem` block becomes one trace:

  premises    the axioms, labelled by their Lean names (T1, R3, A2, ...).
  steps       the `have NAME : φ := justification` lines in order, nested
              ones (inside a `begin ... end` or `{ ... }` justification)
              included.  A step cites (`by`) the axioms and earlier `have`s
              that its justification mentions.  A `have` whose name is taken
              already is renamed NAME_2, NAME_3, ... and later mentions of
              NAME mean the newest one.
  conclusion  the theorem's statement, unless the block ends in `sorry`
              (the model gave up on that direction: meta.sorry is true).

Lean's `P x y` becomes `P(x, y)`, `∀ x : obj, φ` becomes `∀x (φ)`, and
`False` / `false` become `false`.

Hypotheses: after `by_contradiction` (hypothesis `a : ¬goal`) or
`intro h` (goal `¬X` gives `h : X`, goal `A → B` gives `h : A`) a `have`
that uses the hypothesis, directly or through earlier steps, holds only
under it, so it becomes the implication `hyp → φ` (the deduction theorem);
its citations are the same.  Where the hypothesis' statement is unknown
(after `apply`, `split`, `cases`, whose goals are not tracked) such a step
cannot be translated: it is left out and listed.

A justification that names something the trace cannot cite (another
theorem, an anonymous `‹…›` / `by assumption`, `sorry`, a step that was left
out) gets no `by`: the step is then checked against the window like an
uncited step, and the case is counted.

Nothing is dropped silently: each trace lists what it left out in
meta.untranslated and meta.notes, and the counts go to stderr and --stats.

Usage: python3 benchmarks/corpora/leanreasoner.py [--data FILE] [--out FILE]
                                                  [--stats FILE]
"""

import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(
    os.environ.get("FOLCHECK_DATA", os.path.join(REPO, "..", "shared", "data")),
    "llm-traces", "leanreasoner", "proofwriter_gpt4_lean_merged.jsonl")


class Untranslatable(Exception):
    pass


# --- Lean formulas ---------------------------------------------------------

TOKEN = re.compile(r"\s*(?:(?P<id>[A-Za-z_][A-Za-z0-9_'.]*)|(?P<sym>¬|∧|∨|→|↔|"
                   r"∀|∃|≠|=|\(|\)|,|:|->|<->|/\\|\\/))")
KEYWORDS = {"false": ("const", False), "False": ("const", False),
            "true": ("const", True), "True": ("const", True)}
# folcheck's formula keywords, which a Lean name must not spell
FC_WORDS = {"not", "and", "or", "xor", "implies", "iff", "true", "false",
            "forall", "exists"}


def lex(s):
    out, i = [], 0
    s = s.rstrip()
    while i < len(s):
        m = TOKEN.match(s, i)
        if not m or m.end() == i:
            if s[i:].strip() == "":
                break
            raise Untranslatable("Lean formula: unexpected %r" % s[i:i + 12])
        i = m.end()
        if m.group("id"):
            out.append(("id", m.group("id")))
        else:
            sym = {"->": "→", "<->": "↔", "/\\": "∧", "\\/": "∨"}.get(
                m.group("sym"), m.group("sym"))
            out.append((sym, sym))
    out.append(("eof", ""))
    return out


class LeanFormula:
    """Recursive descent over Lean 3's notation: ↔ 20, → 25 (right), ∨ 30,
    ∧ 35 (right), ¬ 40, = ≠ 50, application tightest; a binder's body
    extends to the end."""

    def __init__(self, text, objects=None):
        self.t = lex(text)
        self.i = 0
        self.bound = []
        self.objects = objects

    def peek(self, k=0):
        return self.t[self.i + k][0]

    def take(self, kind=None):
        k, v = self.t[self.i]
        if kind and k != kind:
            raise Untranslatable("Lean formula: expected %s, got %r"
                                 % (kind, v or "end"))
        self.i += 1
        return v

    def parse(self):
        f = self.iff()
        if self.peek() != "eof":
            raise Untranslatable("Lean formula: unexpected %r"
                                 % self.t[self.i][1])
        return f

    def iff(self):
        left = self.imp()
        if self.peek() == "↔":
            self.take()
            return ("↔", left, self.iff())
        return left

    def imp(self):
        left = self.disj()
        if self.peek() == "→":
            self.take()
            return ("→", left, self.imp())
        return left

    def disj(self):
        left = self.conj()
        if self.peek() == "∨":
            self.take()
            return ("∨", left, self.disj())
        return left

    def conj(self):
        left = self.neg()
        if self.peek() == "∧":
            self.take()
            return ("∧", left, self.conj())
        return left

    def neg(self):
        if self.peek() == "¬":
            self.take()
            return ("¬", self.neg())
        if self.peek() in ("∀", "∃"):
            return self.binder()
        return self.cmp()

    def binder(self):
        q = self.take()
        names = []
        while self.peek() == "id":
            names.append(self.take())
        if not names:
            raise Untranslatable("Lean formula: binder without a variable")
        if self.peek() == ":":
            self.take()
            sort = self.take("id")
            if sort != "obj":
                raise Untranslatable("Lean formula: binder over sort %r"
                                     % sort)
        self.take(",")
        self.bound.extend(names)
        body = self.iff()
        del self.bound[-len(names):]
        for v in reversed(names):
            body = (q, v, body)
        return body

    def cmp(self):
        left = self.app()
        if self.peek() in ("=", "≠"):
            op = self.take()
            right = self.app()
            if left[0] != "term" or right[0] != "term":
                raise Untranslatable("Lean formula: '=' between formulas")
            return (op, left, right)
        return left

    def app(self):
        if self.peek() == "(":
            self.take()
            f = self.iff()
            self.take(")")
            return f
        head = self.take("id")
        if head in KEYWORDS:
            return KEYWORDS[head]
        args = []
        while self.peek() in ("id", "("):
            if self.peek() == "(":
                raise Untranslatable("Lean formula: compound argument")
            args.append(self.take())
        if self.objects is not None and args:
            if head in self.objects:
                raise Untranslatable("Lean formula: the object %r is applied "
                                     "to arguments" % head)
            for a in args:
                if a not in self.objects and a not in self.bound:
                    raise Untranslatable("Lean formula: %r is neither an "
                                         "object nor a bound variable" % a)
        if not args:
            # a constant or a variable as a term, or a 0-ary proposition
            return ("term", head)
        return ("atom", head, args)


PREC = {"↔": 1, "→": 2, "∨": 3, "∧": 4}


def name(n):
    return n + "_" if n in FC_WORDS else n


def show(f, top=True):
    """folcheck native spelling, parenthesized where precedence needs it."""
    k = f[0]
    if k == "const":
        return "true" if f[1] else "false"
    if k == "term":
        # a bare identifier in formula position: a 0-ary predicate
        return name(f[1])
    if k == "atom":
        return "%s(%s)" % (name(f[1]), ", ".join(name(a) for a in f[2]))
    if k in ("=", "≠"):
        return "%s %s %s" % (name(f[1][1]), k, name(f[2][1]))
    if k == "¬":
        inner = show(f[1], False)
        if f[1][0] in PREC or f[1][0] in ("∀", "∃", "=", "≠"):
            inner = "(%s)" % show(f[1])
        return "¬" + inner
    if k in ("∀", "∃"):
        return "%s%s (%s)" % (k, f[1], show(f[2]))
    # binary
    p = PREC[k]

    def side(c, right):
        s = show(c, False)
        if c[0] in ("∀", "∃"):
            return "(%s)" % s
        cp = PREC.get(c[0])
        if cp is None:
            return s
        if cp < p or (cp == p and (k in ("→", "↔") and not right)):
            return "(%s)" % s
        if cp == p and k == "↔":
            return "(%s)" % s
        return s
    return "%s %s %s" % (side(f[1], False), k, side(f[2], True))


OBJECTS = None       # the objects declared by the record being read


def lean_to_fc(text):
    return LeanFormula(text, OBJECTS).parse()


def negate(f):
    return ("¬", f)


# --- tactic blocks ---------------------------------------------------------

BINDERS = {"λ", "assume", "fun", "∀", "∃", "Π"}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_']*(?:\.[A-Za-z_][A-Za-z0-9_']*)*")
LIBRARY_NS = {"and", "or", "not", "false", "true", "classical", "ne", "eq",
              "iff", "nat", "function", "decidable", "or_iff_not_imp_left"}
LIBRARY = {"absurd", "mt", "id", "by_contradiction", "by_contra", "sorry",
           "assumption", "by", "exact", "from", "begin", "end", "obj",
           "trivial", "not_not_intro", "not_imp_not", "ne_of_apply_ne",
           "ne_of_eq_of_ne", "ne_of_lt", "lt_irrefl", "not_and_of_not_right",
           "contradiction", "show", "this", "_", "λ", "assume", "fun", "at",
           "with", "exfalso", "intro", "apply", "have", "begin", "end",
           "push_neg", "simp", "rw", "cases", "split", "obj", "em", "subst",
           "intros", "left", "right", "existsi", "refine", "unfold"}


TACTIC_START = {"have", "by_contradiction", "by_contra", "push_neg", "intro",
                "intros", "contradiction", "sorry", "exact", "apply", "split",
                "cases", "end", "assume", "exfalso", "subst", "{", "}"}


def split_commands(body, notes=None):
    """Split a tactic block at its top-level commas.  A comma that ends a
    binder (λ h, ... / ∀ x : obj, ...) is not a separator.  A line that
    ends in ',' with a parenthesis still open, followed by a line that
    starts a tactic, ends the command (the model left a '(' unclosed)."""
    out, cur = [], []
    parens = blocks = 0
    pending = collections.Counter()
    toks = re.findall(r"[A-Za-z_][A-Za-z0-9_'.]*|\s+|.", body, re.S)
    last = ""
    for k, tok in enumerate(toks):
        if tok.isspace():
            if "\n" in tok and parens > 0 and last == ",":
                nxt = next((t for t in toks[k + 1:] if not t.isspace()), "")
                if nxt in TACTIC_START:
                    out.append("".join(cur).strip().rstrip(","))
                    cur, parens = [], 0
                    pending.clear()
                    if notes is not None:
                        notes.append("unclosed '(' in a justification: the "
                                     "command ends at the line's end")
                    continue
            cur.append(tok)
            continue
        last = tok
        depth = parens + blocks
        if tok in ("(", "⟨", "["):
            parens += 1
        elif tok in (")", "⟩", "]"):
            parens -= 1
        elif tok in ("{", "begin"):
            blocks += 1
        elif tok in ("}", "end"):
            blocks -= 1
        elif tok in BINDERS:
            pending[depth] += 1
        elif tok == "," and depth == 0 and pending[0] == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        elif tok == ",":
            if pending[depth]:
                pending[depth] -= 1
        cur.append(tok)
    rest = "".join(cur).strip()
    if rest:
        out.append(rest)
    return [c for c in out if c]


def strip_comments(text):
    return re.sub(r"--[^\n]*", "", text)


def find_block_end(text, start):
    """text[start:] begins just after a `begin`; return the index of the
    matching `end`."""
    depth = 1
    for m in re.finditer(r"\b(begin|end)\b", text[start:]):
        depth += 1 if m.group(1) == "begin" else -1
        if depth == 0:
            return start + m.start()
    return -1


class Theorem:
    def __init__(self, pid, tname, statement, body, axioms, constants,
                 theorem_names, counts):
        self.pid = pid
        self.tname = tname
        self.axioms = axioms            # label -> formula AST
        self.constants = constants
        self.theorem_names = theorem_names
        self.counts = counts
        self.steps = []                 # dicts for folcheck
        self.current = {}               # Lean name -> folcheck label
        self.deps = {}                  # folcheck label -> frozenset(hyp ids)
        self.used_labels = set(axioms)
        self.untranslated = []
        self.notes = []
        self.dropped = set()            # Lean names whose step was left out
        self.hyps = {}                  # hyp id -> formula AST or None
        self.hyp_names = {}             # Lean name -> hyp id
        self.sorry = False
        self.introduced = []
        self.statement = statement
        self.body = body

    def note(self, kind, reason, what, text=""):
        self.counts[kind][reason] += 1
        entry = {"what": what, "reason": reason, "text": text[:200]}
        (self.untranslated if kind == "untranslated" else
         self.notes).append(entry)

    # a fresh label for a Lean `have` name
    def fresh(self, lean):
        if lean not in self.used_labels:
            self.used_labels.add(lean)
            return lean
        k = 2
        while "%s_%d" % (lean, k) in self.used_labels:
            k += 1
        lab = "%s_%d" % (lean, k)
        self.used_labels.add(lab)
        self.counts["notes"]["shadowed `have` name renamed"] += 1
        self.notes.append({"what": lab, "reason": "shadowed `have` name "
                           "renamed", "text": lean})
        return lab

    def resolve(self, term, bound_extra=()):
        """Labels cited, hypotheses used and unresolved names in a
        justification."""
        bound = set(bound_extra)
        for m in re.finditer(r"(?:λ|assume|fun)\s+((?:[A-Za-z_][\w']*\s*)+)"
                             r"(?::[^,]*)?,", term):
            bound.update(m.group(1).split())
        cites, hyps, unresolved = [], set(), []
        for m in WORD.finditer(term):
            w = m.group(0)
            if m.start() > 0 and term[m.start() - 1] == ".":
                continue            # (term).mp, (term).elim
            head = w.split(".")[0]
            if head in bound or head in self.constants:
                continue
            if head in self.hyp_names:
                hyps.add(self.hyp_names[head])
                continue
            if head in self.current:
                lab = self.current[head]
                if lab not in cites:
                    cites.append(lab)
                hyps |= self.deps.get(lab, frozenset())
                continue
            if head in self.dropped:
                unresolved.append(("a step that was left out", head))
                continue
            if head in self.axioms:
                if head not in cites:
                    cites.append(head)
                continue
            if head in LIBRARY or head in LIBRARY_NS or w in LIBRARY:
                if head == "sorry":
                    unresolved.append(("`sorry`", head))
                if head == "assumption":
                    unresolved.append(("`by assumption`", head))
                continue
            if head in self.theorem_names:
                unresolved.append(("another theorem", head))
                continue
            if head[0].isupper():
                # a predicate name used as a term, or an unknown constant
                continue
            unresolved.append(("an unknown name", head))
        if "‹" in term:
            unresolved.append(("an anonymous hypothesis ‹…›", "‹…›"))
        return cites, hyps, unresolved

    def add_step(self, lean, formula_text, just, inner_cites=(),
                 inner_hyps=frozenset(), inner_unresolved=(), undelimited=False):
        label = self.fresh(lean)
        try:
            phi = lean_to_fc(formula_text)
        except Untranslatable as e:
            self.note("untranslated", "step formula is not a Lean formula "
                      "this importer reads", label, formula_text)
            self.dropped.add(lean)
            self.current.pop(lean, None)
            return
        cites, hyps, unresolved = self.resolve(just)
        for c in inner_cites:
            if c not in cites:
                cites.append(c)
        hyps = set(hyps) | set(inner_hyps)
        unresolved = list(unresolved) + list(inner_unresolved)
        if hyps:
            forms = [self.hyps[h] for h in sorted(hyps)]
            if any(f is None for f in forms):
                self.note("untranslated", "uses a hypothesis whose statement "
                          "is unknown (introduced after apply/split/cases)",
                          label, formula_text)
                self.dropped.add(lean)
                self.current.pop(lean, None)
                return
            ante = forms[0]
            for f in forms[1:]:
                ante = ("∧", ante, f)
            phi = ("→", ante, phi)
            self.counts["notes"]["step under a hypothesis written as "
                                 "`hypothesis → φ`"] += 1
        step = {"label": label, "formula": show(phi),
                "text": "have %s : %s := %s" % (lean, formula_text,
                                                 just.strip())[:400]}
        if undelimited:
            self.note("notes", "`have` proved by the tactics after it: no "
                      "citations", label, formula_text)
        elif unresolved:
            for why, w in unresolved:
                self.note("notes", "justification names %s: step checked "
                          "without `by`" % why, label, w)
        else:
            step["by"] = cites
            if not cites:
                self.counts["notes"]["justification cites nothing"] += 1
        if hyps:
            step["under"] = sorted(hyps)
        self.steps.append(step)
        self.current[lean] = label
        self.hyp_names.pop(lean, None)
        self.dropped.discard(lean)
        self.deps[label] = frozenset(hyps)

    def run_block(self, text, goal):
        """Interpret a tactic block (without begin/end).  Returns (labels
        cited inside, hyps used from outside, unresolved names)."""
        notes = []
        cmds = split_commands(text, notes)
        for n in notes:
            self.note("notes", n, "block", "")
        saved_hyp_names = dict(self.hyp_names)
        inner_labels = []
        start = len(self.steps)
        i = 0
        while i < len(cmds):
            c = cmds[i]
            i += 1
            word = c.split()[0] if c.split() else ""
            if word == "have":
                m = re.match(r"have\s+([A-Za-z_][\w']*)\s*:\s*(.*?)\s*:=\s*"
                             r"(.*)$", c, re.S)
                if m:
                    lean, ftext, just = m.groups()
                    sub = re.match(r"(?:begin\b(.*)\bend|by\s+(.*))$",
                                   just.strip(), re.S)
                    if sub and sub.group(1) is not None:
                        self.block_have(lean, ftext, sub.group(1))
                    else:
                        self.add_step(lean, ftext, just)
                    continue
                m = re.match(r"have\s+([A-Za-z_][\w']*)\s*:\s*(.*)$", c, re.S)
                if m:
                    lean, ftext = m.groups()
                    if i < len(cmds) and cmds[i].startswith("{") and \
                            cmds[i].endswith("}"):
                        self.block_have(lean, ftext, cmds[i][1:-1])
                        i += 1
                    else:
                        self.add_step(lean, ftext, "", undelimited=True)
                        goal = None
                    continue
                self.note("untranslated", "`have` not of the form "
                          "`have NAME : φ := proof`", "have", c)
                continue
            if word in ("by_contradiction", "by_contra"):
                parts = c.split()
                hname = parts[1] if len(parts) > 1 else "a"
                self.intro_hyp(hname, negate(goal) if goal else None)
                goal = ("const", False)
                continue
            if word in ("intro", "assume", "intros"):
                parts = c.split()[1:] or ["a"]
                for hname in parts:
                    hyp = None
                    if goal is not None and goal[0] == "¬":
                        hyp, goal = goal[1], ("const", False)
                    elif goal is not None and goal[0] == "→":
                        hyp, goal = goal[1], goal[2]
                    else:
                        goal = None
                    self.intro_hyp(hname, hyp)
                continue
            if word == "push_neg":
                continue            # same meaning
            if word == "exfalso":
                goal = ("const", False)
                continue
            if word in ("exact", "contradiction", "trivial", "assumption"):
                continue
            if word == "sorry":
                self.sorry_seen = True
                continue
            if c.startswith("{"):
                body = c[1:-1] if c.endswith("}") else c[1:]
                saved = dict(self.current)
                self.run_block(body, None)
                self.current = saved
                continue
            # apply, split, cases, subst, simp, left, right, ...: the goal
            # is no longer tracked
            goal = None
            if word == "cases":
                m = re.search(r"\bwith\s+(.*)$", c)
                for hname in (m.group(1).split() if m else ["h"]):
                    self.intro_hyp(hname, None)
        for s in self.steps[start:]:
            inner_labels.append(s["label"])
        self.hyp_names = saved_hyp_names
        return inner_labels

    def intro_hyp(self, hname, formula):
        hid = "%s#%d" % (hname, len(self.hyps) + 1)
        self.hyps[hid] = formula
        self.hyp_names[hname] = hid
        self.current.pop(hname, None)
        self.introduced.append(hname)

    def block_have(self, lean, ftext, block):
        """`have NAME : φ := begin ... end` or `have NAME : φ, { ... }`."""
        try:
            goal = lean_to_fc(ftext)
        except Untranslatable:
            goal = None
        before = set(self.hyps)
        saved = dict(self.hyp_names)
        saved_current = dict(self.current)
        mark = len(self.introduced)
        inner = self.run_block(block, goal)
        local = self.introduced[mark:]
        # the block's own hypotheses are discharged: what it used from
        # outside are the outer labels and hypotheses its text mentions
        self.hyp_names = {k: v for k, v in saved.items() if k not in local}
        cites, hyps, unresolved = self.resolve(block, bound_extra=local)
        self.hyp_names = saved
        self.current = saved_current
        inner_hyps = set()
        for lab in inner:
            inner_hyps |= {h for h in self.deps.get(lab, ()) if h in before}
        cites = [c for c in cites if c not in inner] + inner
        self.add_step(lean, ftext, "", inner_cites=cites,
                      inner_hyps=inner_hyps | {h for h in hyps if h in before},
                      inner_unresolved=unresolved)

    def trace(self):
        self.sorry_seen = False
        self.run_block(self.body, self.goal_ast)
        return self.steps


def parse_output(rec, counts):
    global OBJECTS
    text = strip_comments(rec["output"])
    axioms, ax_text, constants = {}, {}, set()
    premises, untranslated = [], []
    for m in re.finditer(r"^\s*constant\s+([A-Za-z_][\w']*)\s*:\s*(.*)$",
                         text, re.M):
        if m.group(2).strip() == "obj":
            constants.add(m.group(1))
    OBJECTS = constants or None
    for m in re.finditer(r"^\s*axiom\s+([A-Za-z_][\w']*)\s*:\s*(.*?)\s*$",
                         text, re.M):
        lab, ftext = m.groups()
        try:
            f = lean_to_fc(ftext)
        except Untranslatable as e:
            counts["untranslated"]["axiom is not a Lean formula this "
                                   "importer reads"] += 1
            untranslated.append({"what": lab, "reason": "axiom is not a Lean "
                                 "formula this importer reads",
                                 "text": ftext})
            continue
        if lab in axioms:
            counts["notes"]["axiom name repeated: the later one kept"] += 1
        axioms[lab] = f
        ax_text[lab] = ftext
    theorems = []
    for m in re.finditer(r"^\s*(?:theorem|lemma)\s+([A-Za-z_][\w'.]*)\s*:\s*"
                         r"(.*?)\s*:=\s*begin\b", text, re.M | re.S):
        end = find_block_end(text, m.end())
        if end < 0:
            counts["untranslated"]["theorem block without its `end`"] += 1
            continue
        theorems.append((m.group(1), m.group(2), text[m.end():end]))
    return axioms, constants, theorems, untranslated


def translate(rec, counts):
    axioms, constants, theorems, ax_untr = parse_output(rec, counts)
    names = {t[0] for t in theorems}
    out = []
    if not theorems:
        counts["untranslated"]["record without a theorem block"] += 1
    for k, (tname, stext, body) in enumerate(theorems):
        th = Theorem(rec.get("problem_id"), tname, stext, body, axioms,
                     constants, names, counts)
        th.untranslated.extend(ax_untr)
        try:
            th.goal_ast = lean_to_fc(stext)
        except Untranslatable:
            th.goal_ast = None
            th.note("untranslated", "theorem statement is not a Lean formula "
                    "this importer reads", "conclusion", stext)
        th.trace()
        # `sorry` at the top level of the block: the direction was given up
        top = split_commands(body)
        sorry = any(c.strip() == "sorry" for c in top)
        r = {
            "id": "leanreasoner/%s/%d" % (rec.get("problem_id"), k + 1),
            "premises": [{"label": l, "formula": show(f)}
                         for l, f in axioms.items()],
            "steps": th.steps,
            "meta": {
                "corpus": "leanreasoner",
                "problem_id": rec.get("problem_id"),
                "theorem": tname,
                "theorem_index": k + 1,
                "theorems": len(theorems),
                "statement": stext,
                "sorry": sorry,
                "gt_answer": rec.get("gt_answer"),
                "pred_answer": rec.get("pred_answer"),
                "correct": rec.get("correct"),
                "untranslated": th.untranslated,
                "notes": th.notes,
            },
        }
        if th.goal_ast is not None and not sorry:
            r["conclusion"] = {"label": "goal", "formula": show(th.goal_ast)}
        out.append(r)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default="-")
    ap.add_argument("--stats")
    args = ap.parse_args(argv)
    counts = {"untranslated": collections.Counter(),
              "notes": collections.Counter()}
    out = sys.stdout if args.out == "-" else open(args.out, "w",
                                                   encoding="utf-8")
    records = traces = steps = 0
    with open(args.data, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            records += 1
            for t in translate(rec, counts):
                out.write(json.dumps(t, ensure_ascii=False) + "\n")
                traces += 1
                steps += len(t["steps"])
    if out is not sys.stdout:
        out.close()
    stats = {"corpus": "leanreasoner", "records": records, "traces": traces,
             "steps": steps, "untranslated": dict(counts["untranslated"]),
             "notes": dict(counts["notes"])}
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump(stats, f, indent=1, ensure_ascii=False)
    print("leanreasoner: %d problems, %d traces, %d steps"
          % (records, traces, steps), file=sys.stderr)
    for kind in ("untranslated", "notes"):
        for reason, c in counts[kind].most_common():
            print("leanreasoner: %s: %d x %s"
                  % ("not translated" if kind == "untranslated" else "note",
                     c, reason), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
