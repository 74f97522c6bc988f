#!/usr/bin/env python3
"""Translate ProntoQA problems into folcheck traces (JSON Lines).

ProntoQA sentences follow a handful of templates, so the translation is
mechanical:

    "Jompuses are not shy."        ->  ∀x (Jompus(x) → ¬Shy(x))
    "Jompuses are yumpuses."       ->  ∀x (Jompus(x) → Yumpus(x))
    "Each yumpus is a dumpus."     ->  ∀x (Yumpus(x) → Dumpus(x))
    "Every wumpus is not red."     ->  ∀x (Wumpus(x) → ¬Red(x))
    "Max is a yumpus."             ->  Yumpus(max)
    "Max is not sour."             ->  ¬Sour(max)

Premises are every context sentence.  The gold explanation chain alternates
fact, rule, derived fact, rule, derived fact, ...; each derived fact becomes
a step citing the rule premise and the fact (a premise or the previous step)
that it was derived from.  The conclusion is the last derived fact.

Nouns are told from adjectives by a lexicon: a word is a noun when it occurs
after "a"/"an" or as the subject of "Each"/"Every"/a plural rule, anywhere
in the corpus (or the problem).  Plural forms are mapped to their singular
with that lexicon.

Anything that does not fit a template is never dropped silently: it is
recorded in the trace's "untranslated" list and counted on stderr by the CLI,
which then exits with status 1.

Usage: python3 benchmarks/corpora/prontoqa.py [--data FILE] [--out FILE]
"""

import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = os.path.join(
    os.environ.get("FOLCHECK_DATA", os.path.join(REPO, "..", "shared", "data")),
    "prontoqa", "prontoqa-dev.json")

NEG = "¬"

# --- templates ------------------------------------------------------------

# "Each yumpus is (not) (a|an) dumpus." / "Every ..."
RE_EACH = re.compile(r"^(?:Each|Every) ([a-z]+) is (not )?(?:(a|an) )?([a-z]+)\.$")
# "Jompuses are (not) shy."
RE_PLURAL = re.compile(r"^([A-Z][a-z]+) are (not )?([a-z]+)\.$")
# "Max is (not) (a|an) yumpus."
RE_FACT = re.compile(r"^([A-Z][a-z]+) is (not )?(?:(a|an) )?([a-z]+)\.$")
# The question: "Is the following statement true or false? Max is sour."
RE_QUESTION = re.compile(r"^Is the following statement true or false\? (.+)$")


class TranslationError(Exception):
    pass


def split_sentences(text):
    """Split a context paragraph into sentences (each ends with '.')."""
    text = " ".join(text.split())
    parts = re.findall(r"[^.!?]+[.!?]", text)
    rest = re.sub(r"[^.!?]+[.!?]", "", text).strip()
    if rest:  # trailing text without a full stop: keep it, it will be reported
        parts.append(rest)
    return [p.strip() for p in parts if p.strip()]


# --- lexicon ----------------------------------------------------------------

def _plural_candidates(word):
    """Possible singulars of an English plural (regular forms only)."""
    out = []
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    return out


class Lexicon:
    """Known nouns (singular), learned from the sentences themselves."""

    def __init__(self):
        self.nouns = set()

    def learn(self, sentence):
        m = RE_EACH.match(sentence)
        if m:
            self.nouns.add(m.group(1))
            if m.group(3):
                self.nouns.add(m.group(4))
            return
        m = RE_FACT.match(sentence)
        if m and m.group(3):
            self.nouns.add(m.group(4))

    def learn_plural_subjects(self, sentence):
        # A plural subject is a noun; its singular is a known noun if one of
        # its candidates is, else the regular "-es" / "-s" stem.
        m = RE_PLURAL.match(sentence)
        if m:
            word = m.group(1).lower()
            if not any(c in self.nouns for c in _plural_candidates(word)):
                sing = self._guess_singular(word)
                if sing:
                    self.nouns.add(sing)

    @staticmethod
    def _guess_singular(word):
        if re.search(r"(s|x|z|ch|sh)es$", word):
            return word[:-2]
        if word.endswith("s"):
            return word[:-1]
        return None

    def learn_all(self, sentences):
        sentences = list(sentences)
        for s in sentences:
            self.learn(s)
        for s in sentences:
            self.learn_plural_subjects(s)

    def singular_noun(self, plural):
        """Singular of a plural noun, or None when the word is not a noun."""
        for c in _plural_candidates(plural):
            if c in self.nouns:
                return c
        return None


def problem_sentences(problem):
    sents = split_sentences(problem["context"])
    sents += list(problem.get("explanation", []))
    m = RE_QUESTION.match(problem.get("question", "").strip())
    if m:
        sents.append(m.group(1).strip())
    return sents


def build_lexicon(problems):
    lex = Lexicon()
    lex.learn_all(s for p in problems for s in problem_sentences(p))
    return lex


# --- sentence -> formula ---------------------------------------------------

def pred_name(word):
    return word[:1].upper() + word[1:]


def const_name(word):
    return word.lower()


class Rule:
    """∀x (A(x) → [¬]B(x))"""

    def __init__(self, ante, neg, cons):
        self.ante, self.neg, self.cons = ante, neg, cons

    def formula(self):
        lit = (NEG if self.neg else "") + f"{self.cons}(x)"
        return f"∀x ({self.ante}(x) → {lit})"


class Fact:
    """[¬]P(c)"""

    def __init__(self, const, neg, pred):
        self.const, self.neg, self.pred = const, neg, pred

    def formula(self):
        return (NEG if self.neg else "") + f"{self.pred}({self.const})"

    def negated(self):
        return Fact(self.const, not self.neg, self.pred)


def parse_sentence(sentence, lex):
    """Return a Rule or a Fact; raise TranslationError otherwise."""
    s = " ".join(sentence.split())
    m = RE_EACH.match(s)
    if m:
        subj, neg, art, obj = m.groups()
        if subj not in lex.nouns:
            raise TranslationError(f"unknown noun {subj!r}")
        return Rule(pred_name(subj), bool(neg), pred_name(obj))
    m = RE_PLURAL.match(s)
    if m:
        subj, neg, obj = m.groups()
        sing = lex.singular_noun(subj.lower())
        if sing is None:
            raise TranslationError(f"plural subject {subj!r} is not a known noun")
        obj_sing = lex.singular_noun(obj)
        # a plural object that is a known noun is a class; otherwise an adjective
        cons = obj_sing if obj_sing is not None else obj
        return Rule(pred_name(sing), bool(neg), pred_name(cons))
    m = RE_FACT.match(s)
    if m:
        name, neg, art, obj = m.groups()
        if name in ("Each", "Every"):
            raise TranslationError("quantified sentence did not match a template")
        return Fact(const_name(name), bool(neg), pred_name(obj))
    raise TranslationError("no template matches")


# --- problem -> trace ---------------------------------------------------------

def translate_problem(problem, lexicon=None):
    """Turn one ProntoQA problem into a folcheck trace dict.

    Sentences that cannot be translated are listed in trace["untranslated"]
    (absent when everything was translated), as {"sentence", "where",
    "reason"} objects.
    """
    if lexicon is None:
        lexicon = Lexicon()
        lexicon.learn_all(problem_sentences(problem))
    issues = []

    def issue(sentence, where, reason):
        issues.append({"sentence": sentence, "where": where, "reason": reason})

    premises = []
    by_formula = {}  # formula -> label (premises and steps)
    for sent in split_sentences(problem["context"]):
        try:
            f = parse_sentence(sent, lexicon).formula()
        except TranslationError as e:
            issue(sent, "context", str(e))
            continue
        label = f"p{len(premises) + 1}"
        premises.append({"label": label, "formula": f})
        by_formula.setdefault(f, label)

    steps = []
    last_rule = None  # (Rule, label)
    last_fact = None  # (Fact, label)
    conclusion = None
    for i, sent in enumerate(problem.get("explanation", [])):
        try:
            node = parse_sentence(sent, lexicon)
        except TranslationError as e:
            issue(sent, f"explanation[{i}]", str(e))
            continue
        f = node.formula()
        if isinstance(node, Rule):
            if f not in by_formula:
                issue(sent, f"explanation[{i}]", "chain rule is not a context sentence")
                continue
            last_rule = (node, by_formula[f])
            continue
        # A fact: the chain's start (a premise) or one derived by the last rule.
        if last_rule is None:
            if f not in by_formula:
                issue(sent, f"explanation[{i}]", "chain starts with a fact that is not a premise")
                continue
            last_fact = (node, by_formula[f])
            continue
        rule, rule_label = last_rule
        if last_fact is None:
            issue(sent, f"explanation[{i}]", "derived fact without a previous fact")
            last_rule = None
            continue
        fact, fact_label = last_fact
        if (fact.neg or fact.pred != rule.ante or node.pred != rule.cons
                or node.neg != rule.neg or node.const != fact.const):
            issue(sent, f"explanation[{i}]",
                  f"not derived by modus ponens from {rule_label} and {fact_label}")
        label = f"s{len(steps) + 1}"
        steps.append({"label": label, "formula": f,
                      "by": [rule_label, fact_label], "text": sent})
        by_formula.setdefault(f, label)
        last_fact = (node, label)
        last_rule = None
        conclusion = node

    trace = {"id": problem.get("id"),
             "premises": premises,
             "steps": steps}
    if conclusion is not None:
        trace["conclusion"] = conclusion.formula()
    else:
        issue("", "explanation", "no derived fact, so no conclusion")

    # The chain must answer the question: its conclusion is the statement
    # when the answer is A (True), the statement's negation when it is B.
    question = problem.get("question", "")
    m = RE_QUESTION.match(question.strip())
    if not m:
        issue(question, "question", "question does not match the template")
    elif conclusion is not None:
        try:
            stmt = parse_sentence(m.group(1).strip(), lexicon)
        except TranslationError as e:
            issue(m.group(1), "question", str(e))
        else:
            want = {"A": stmt, "B": stmt.negated() if isinstance(stmt, Fact) else None}
            w = want.get(problem.get("answer"))
            if w is None or w.formula() != conclusion.formula():
                issue(m.group(1), "question",
                      f"conclusion {conclusion.formula()} does not match answer "
                      f"{problem.get('answer')!r}")

    trace["meta"] = {"answer": problem.get("answer"), "question": question}
    if issues:
        trace["untranslated"] = issues
    return trace


def load_problems(path=DEFAULT_DATA):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def translate_all(problems):
    """Translate every problem with one corpus-wide lexicon.

    Returns (traces, issues), issues being (id, issue) pairs.
    """
    lex = build_lexicon(problems)
    traces, issues = [], []
    for p in problems:
        t = translate_problem(p, lex)
        traces.append(t)
        for i in t.get("untranslated", []):
            issues.append((t["id"], i))
    return traces, issues


def write_jsonl(traces, fh):
    for t in traces:
        fh.write(json.dumps(t, ensure_ascii=False) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="prontoqa-dev.json")
    ap.add_argument("--out", help="output JSONL (default: stdout)")
    args = ap.parse_args(argv)

    problems = load_problems(args.data)
    traces, issues = translate_all(problems)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            write_jsonl(traces, fh)
    else:
        write_jsonl(traces, sys.stdout)

    n_prem = sum(len(t["premises"]) for t in traces)
    n_steps = sum(len(t["steps"]) for t in traces)
    bad = len({tid for tid, _ in issues})
    for tid, i in issues:
        print(f"prontoqa: {tid}: {i['where']}: {i['sentence']!r}: {i['reason']}",
              file=sys.stderr)
    print(f"prontoqa: {len(traces)} traces, {n_prem} premises, {n_steps} steps; "
          f"{len(issues)} untranslated or unchained sentences in {bad} problems",
          file=sys.stderr)
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
