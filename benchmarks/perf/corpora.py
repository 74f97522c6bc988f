"""The corpora of the performance benchmark, written deterministically into
benchmarks/work/perf/ (a pure function of the inputs and the seeds).

- prontoqa: the 500 ProntoQA dev problems as folcheck traces
  (benchmarks/corpora/prontoqa.py), about half of them with one injected
  error or change (inject_prontoqa below);
- folio: FOLIO validation, the shared file as it is (204 records);
- gsm-N for N in 4, 16, 64, 256: synthetic GSM8K-style chains of N steps
  (benchmarks/corpora/gsm_synth.py), correct ones: they measure how the
  cost of a step grows with the length of the trace.  (A wrong result in a
  long chain makes Z3 search for a model of a large nonlinear system; its
  time then varies by orders of magnitude from run to run, which would
  measure Z3's luck rather than folcheck.)
"""
import hashlib
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "benchmarks", "corpora"))

import gsm_synth  # noqa: E402
import prontoqa  # noqa: E402

DATA = os.environ.get("FOLCHECK_DATA",
                      os.path.join(ROOT, "..", "shared", "data"))
FOLIO = os.path.join(DATA, "folio", "folio-validation.jsonl")
PRONTOQA = os.path.join(DATA, "prontoqa", "prontoqa-dev.json")

# traces per GSM length: about 256-512 steps each
GSM_COUNTS = {4: 64, 16: 32, 64: 8, 256: 2}

NEG = "¬"


def negate(f):
    return f[len(NEG):] if f.startswith(NEG) else NEG + f


def inject_prontoqa(trace, rng):
    """One change per trace, by kind; returns the kind."""
    steps = trace["steps"]
    prem = trace["premises"]
    if not steps:
        return "none"
    who = steps[0]["formula"].split("(")[1].rstrip(")")
    r = rng.random()
    k = rng.randrange(len(steps))
    if r < 0.10:            # a negated step: contradicted
        steps[k]["formula"] = negate(steps[k]["formula"])
        return "negated"
    if r < 0.18:            # a step that does not follow: some rule's
        # consequent about the individual, cited as if derived
        rules = [p for p in prem if p["formula"].startswith("∀")]
        rule = rng.choice(rules)
        cons = rule["formula"].split("→ ", 1)[1][:-1]   # ∀x (A(x) → B(x))
        steps[k]["formula"] = cons.replace("(x)", f"({who})")
        return "unsupported"
    if r < 0.24:            # a hallucinated category
        prev = steps[k - 1]["label"] if k else prem[-1]["label"]
        steps.insert(k, {"label": "h1", "formula": f"Glorp({who})",
                         "by": [prev]})
        return "hallucinated"
    if r < 0.30 and k > 0:  # a leap: cites the start fact, not the step
        start = steps[0]["by"][1]
        steps[k]["by"] = [steps[k]["by"][0], start]
        return "leap"
    if r < 0.36:            # the conclusion negated: refuted
        trace["conclusion"] = negate(trace["conclusion"])
        return "wrong_conclusion"
    if r < 0.42:            # converse: a rule's antecedent from its consequent
        facts = {s["formula"]: s["label"] for s in steps[:k + 1]}
        for p in prem:
            f = p["formula"]
            if not f.startswith("∀"):
                continue
            ante, cons = f[len("∀x ("):-1].split(" → ")
            c = cons.replace("(x)", f"({who})")
            if c in facts:
                steps.insert(k + 1, {"label": "c1",
                                     "formula": ante.replace("(x)", f"({who})"),
                                     "by": [p["label"], facts[c]]})
                return "converse"
        return "none"
    if r < 0.52:            # no citations: local context = P + previous step
        for s in steps:
            s.pop("by", None)
        return "uncited"
    return "none"


def write_prontoqa(path, seed=7):
    problems = prontoqa.load_problems(PRONTOQA)
    traces, issues = prontoqa.translate_all(problems)
    rng = random.Random(seed)
    kinds = {}
    with open(path, "w", encoding="utf-8") as f:
        for t in traces:
            kind = inject_prontoqa(t, rng)
            kinds[kind] = kinds.get(kind, 0) + 1
            t.setdefault("meta", {})["inject"] = kind
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    return {"traces": len(traces), "inject": kinds}


def write_gsm(path, length, count, seed):
    rng = random.Random(seed)
    steps = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            items = gsm_synth.make_chain(length, rng)
            t = gsm_synth.to_trace(items, f"gsm-{length}-{i}")
            steps += len(t["steps"])
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    return {"traces": count, "steps": steps}


def _stamp(*parts):
    h = hashlib.sha256()
    for p in parts:
        if os.path.exists(p):
            with open(p, "rb") as f:
                h.update(f.read())
        else:
            h.update(p.encode())
    return h.hexdigest()[:16]


def build(work):
    """Writes (when out of date) every corpus; returns {name: info}."""
    os.makedirs(work, exist_ok=True)
    gens = [__file__, os.path.join(ROOT, "benchmarks", "corpora", "prontoqa.py"),
            os.path.join(ROOT, "benchmarks", "corpora", "gsm_synth.py")]
    out = {}

    def make(name, fn, *inputs):
        path = os.path.join(work, f"{name}.jsonl")
        meta = path + ".meta.json"
        stamp = _stamp(*gens, *inputs, name)
        try:
            with open(meta) as f:
                m = json.load(f)
            if m.get("stamp") == stamp and os.path.getsize(path) > 0:
                out[name] = dict(m["info"], path=path)
                return
        except (OSError, ValueError):
            pass
        info = fn(path)
        with open(meta, "w") as f:
            json.dump({"stamp": stamp, "info": info}, f)
        out[name] = dict(info, path=path)

    make("prontoqa", write_prontoqa, PRONTOQA)
    out["folio"] = {"traces": sum(1 for _ in open(FOLIO, encoding="utf-8")),
                    "path": FOLIO}
    for n, count in GSM_COUNTS.items():
        make(f"gsm-{n}", lambda p, n=n, c=count: write_gsm(p, n, c, seed=n),)
    return out


if __name__ == "__main__":
    print(json.dumps(build(os.path.join(ROOT, "benchmarks", "work", "perf")),
                     indent=1))
