"""The Python package against the CLI: the same results, sessions equal to
batch checks, the reward recipes, and the RL adapters.

Run with Debian's python3 and python3-pytest:
    FOLCHECK_LIBRARY=build/libfolcheck.so.0 FOLCHECK=build/folcheck \
        PYTHONPATH=python python3 -m pytest -q python/tests
"""

import json
import os
import subprocess
import sys
import threading

import pytest

import folcheck
from folcheck import rl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BINARY = os.environ.get("FOLCHECK", os.path.join(ROOT, "build", "folcheck"))
DATA = os.environ.get("FOLCHECK_SHARED_DATA",
                      os.path.join(ROOT, "..", "shared", "data"))

CAT = {"premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
       "steps": ["Animal(tom)"], "conclusion": "Animal(tom)"}


def strip(result):
    """A result without what differs from run to run (time, file)."""
    r = dict(result)
    r.pop("stats", None)
    r.pop("file", None)
    r.pop("line", None)
    r.pop("meta", None)
    for s in r.get("steps", []):
        s.pop("line", None)
    return r


def cli(records):
    """folcheck audit over records: one result per record."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    p = subprocess.run([BINARY, "audit", "--rlimit", "2000000", "-"],
                       input=text.encode(), capture_output=True, check=True)
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


def gsm_records():
    """GSM-style traces: right chains and chains with one wrong number."""
    out = []
    for i in range(12):
        a, b, c = 3 + i, 7 + 2 * i, 2 + i % 4
        steps = [f"t1 = a + b", "t2 = t1 * c", f"t2 = {(a + b) * c}",
                 f"answer = t2 - {i}"]
        if i % 3 == 1:
            steps[2] = f"t2 = {(a + b) * c + 1}"
        if i % 4 == 2:
            steps.insert(1, "t1 = a - b")
        out.append({"id": f"gsm{i}", "premises": [f"a = {a}", f"b = {b}",
                                                 f"c = {c}"],
                    "steps": steps,
                    "conclusion": f"answer = {(a + b) * c - i}"})
    return out


def logic_records():
    out = [CAT]
    out.append({"premises": ["∀x (P(x) → Q(x))", "∀x (Q(x) → R(x))", "P(a)"],
                "steps": ["Q(a)", "R(a)", "¬R(a)", "R(b)"],
                "conclusion": "R(a)"})
    out.append({"premises": ["∀x (Man(x) → Mortal(x))", "Man(socrates)"],
                "steps": [{"formula": "Mortal(socrates)", "by": ["p1", "p2"]},
                          {"formula": "Mortal(plato)", "by": ["s1"]},
                          {"formula": "Man(socrates)", "by": ["nope"]}],
                "conclusion": "Mortal(socrates)"})
    path = os.path.join(DATA, "prontoqa", "prontoqa-dev.json")
    if os.path.exists(path):
        sys.path.insert(0, os.path.join(ROOT, "benchmarks", "corpora"))
        try:
            import prontoqa  # the corpus importer
            problems = prontoqa.load_problems(path)
            if isinstance(problems, dict):
                problems = list(problems.values())
            recs, _ = prontoqa.translate_all(problems)
            recs = [{k: v for k, v in r.items() if k != "untranslated"}
                    for r in recs[:0:-37]][:25]
        finally:
            sys.path.pop(0)
        out.extend(recs)
    return out


# ---- check ---------------------------------------------------------------

def test_check_record_equals_the_cli():
    records = logic_records() + gsm_records()
    want = cli(records)
    for rec, w in zip(records, want):
        got = folcheck.check(rec, rlimit=2000000)
        assert strip(got) == strip(w), rec


def test_check_text_in_the_native_language():
    r = folcheck.check("premise p1: P(a)\npremise p2: ∀x (P(x) → Q(x))\n"
                       "step s1: Q(a)\nconclude: Q(a)\n")
    assert r["valid"] is True
    assert r["steps"][0]["support"] == ["p1", "p2"]


def test_check_python_dialect_text():
    r = folcheck.check("eggs = 16\neaten = 3\nanswer = eggs - eaten\n"
                       "# conclude: answer == 13\n", dialect="python")
    assert r["verdict"] == "valid", r


def test_a_broken_premise_is_an_error_result_not_an_exception():
    r = folcheck.check({"premises": ["P(a"], "steps": ["P(a)"]})
    assert r["verdict"] == "error"
    assert r["error"]["code"] == "unbalanced_paren"
    assert folcheck.reward(r) == 0.0


def test_a_models_citation_error_is_an_ill_formed_step_with_a_reward():
    r = folcheck.check({"premises": ["P(a)", "∀x (P(x) → Q(x))"],
                        "steps": ["Q(a)", {"formula": "Q(a)", "by": ["p7"]}],
                        "conclusion": "Q(a)"})
    assert r["verdict"] == "invalid"
    s2 = r["steps"][1]
    assert s2["global"] == "ill_formed"
    assert s2["error"]["type"] == "syntax"
    assert s2["error"]["code"] == "unknown_label"
    assert folcheck.step_rewards(r) == [1.0, 0.0]
    # incoherent (an ill-formed step): no trace reward
    assert folcheck.reward(r) == 0.0


def test_bad_arguments():
    with pytest.raises(TypeError):
        folcheck.check(42)
    with pytest.raises(folcheck.FolcheckError):
        folcheck.check(CAT, dialect="klingon")
    with pytest.raises(folcheck.FolcheckError):
        folcheck.check(CAT, window=-5)


# ---- sessions --------------------------------------------------------------

def prefix(rec, k, conclusion=False):
    out = {key: v for key, v in rec.items()
           if key not in ("steps", "conclusion", "id")}
    out["steps"] = rec["steps"][:k]
    if conclusion and "conclusion" in rec:
        out["conclusion"] = rec["conclusion"]
    return out


@pytest.mark.parametrize("rec", logic_records() + gsm_records(),
                         ids=lambda r: str(r.get("id", "")))
def test_session_equals_the_batch_check_step_by_step(rec):
    s = folcheck.Session(rec["premises"], rlimit=2000000)
    batch_prefixes = cli([prefix(rec, k) for k in range(1, len(rec["steps"]) + 1)]
                         + [prefix(rec, len(rec["steps"]), True)])
    for k, step in enumerate(rec["steps"]):
        if isinstance(step, dict):
            got = s.add_step(step["formula"], label=step.get("label"),
                             by=step.get("by"))
        else:
            got = s.add_step(step)
        want = batch_prefixes[k]["steps"][k]
        got.pop("line", None)
        want.pop("line", None)
        assert got == want, (k, step)
    if "conclusion" in rec:
        c = s.conclude(rec["conclusion"])
        assert c == batch_prefixes[-1]["conclusion"]
    assert strip(s.result()) == strip(batch_prefixes[-1])


def test_session_rejects_a_broken_problem():
    with pytest.raises(folcheck.FolcheckError, match="unbalanced_paren"):
        folcheck.Session(["P(a"])


def test_session_definitions_and_citations():
    with folcheck.Session(["∀x (P(x) → Q(x))", "P(a)"]) as s:
        assert s.add_step("double = 2 * 3")["global"] == "definition"
        assert s.add_step("Q(a)", label="q", by=["p1", "p2"])["global"] \
            == "entailed"
        bad = s.add_step("Q(a)", by="nowhere")
        assert bad["global"] == "ill_formed"
        assert s.conclude("Q(a)")["reached"] is True
        assert s.result()["valid"] is False


# ---- rewards ---------------------------------------------------------------

def test_reward_recipes():
    valid = folcheck.check(CAT)
    assert folcheck.reward(valid) == 1.0
    # coherent, invalid: 0.5 x (steps that hold before the first failed)
    r = folcheck.check({"premises": ["a = 2", "b = 3"],
                        "steps": ["c = a + b", "c = 5", "Q(zz)",
                                  "d = c * 2"],
                        "conclusion": "d = 10"})
    assert r["coherent"] is True and r["valid"] is False, r
    first = next(i for i, s in enumerate(r["steps"]) if s["error"])
    assert first == 2
    assert folcheck.reward(r) == pytest.approx(0.5 * 2 / 4)
    assert folcheck.reward(r, {"coherent_invalid": 1.0}) == \
        pytest.approx(first / len(r["steps"]))
    # incoherent: 0
    inc = folcheck.check({"premises": ["P(a)"], "steps": ["¬P(a)"]})
    assert inc["coherent"] is False
    assert folcheck.reward(inc) == 0.0
    assert folcheck.reward(inc, {"incoherent": 0.1}) == pytest.approx(0.1)


def test_vacuous_conclusions_are_not_paid():
    r = folcheck.check({"premises": ["april = 48"],
                        "steps": ["total = 50 + 50 = 100"],
                        "conclusion": "total = 100"})
    assert r["valid"] is True
    assert r["conclusion"]["vacuous"] is True
    assert folcheck.reward(r) == 0.0
    assert folcheck.reward(r, {"vacuous": 0.3}) == pytest.approx(0.3)
    ok = folcheck.check({"premises": ["april = 48", "may = april / 2"],
                         "steps": ["total = april + may", "total = 72"],
                         "conclusion": "total = 72"})
    assert ok["conclusion"]["vacuous"] is False
    assert folcheck.reward(ok) == 1.0


def test_step_rewards_per_error_type():
    r = folcheck.check({"premises": ["a = 2", "b = 3"],
                        "steps": ["c = a + b", "c = 6", "Q(zz)"]})
    types = [s["error"]["type"] if s["error"] else None for s in r["steps"]]
    assert types[0] is None and types[1] == "arithmetic", types
    assert folcheck.step_rewards(r) == [1.0, 0.0, 0.0]
    w = {"arithmetic": 0.25, "false_premise": 0.1}
    got = folcheck.step_rewards(r, w)
    assert got[:2] == [1.0, 0.25]
    assert got[2] == pytest.approx(0.1)  # ungrounded_symbol: its category
    d = folcheck.reward_details(r)
    assert d["first_failed"] == 2 and d["verdict"] == "invalid"


def test_bad_weights():
    r = folcheck.check(CAT)
    with pytest.raises(folcheck.FolcheckError, match="unknown"):
        folcheck.reward(r, {"vaild": 1.0})
    with pytest.raises(folcheck.FolcheckError, match="not a number"):
        folcheck.reward(r, {"valid": "yes"})
    with pytest.raises(folcheck.FolcheckError):
        folcheck.reward({"no": "verdict"})


# ---- adapters --------------------------------------------------------------

GOOD = "Reasoning...\n```json\n" + json.dumps(CAT) + "\n```\n"
WRONG = "```json\n" + json.dumps({"premises": CAT["premises"],
                                  "steps": ["¬Animal(tom)"]}) + "\n```"


def test_trl_reward_function():
    f = rl.trl_reward()
    assert f.__name__ == "folcheck_reward"
    got = f(prompts=["p1", "p2", "p3"],
            completions=[GOOD, WRONG, "no block at all"])
    assert got == [1.0, 0.0, 0.0]
    # conversational completions, premises from a dataset column
    steps_only = "```json\n" + json.dumps({"steps": ["Animal(tom)"],
                                           "conclusion": "Animal(tom)"}) + \
        "\n```"
    conv = [[{"role": "assistant", "content": steps_only}]]
    got = f(prompts=[[{"role": "user", "content": "q"}]], completions=conv,
            premises=[CAT["premises"]])
    assert got == [1.0]


def test_trl_reward_with_a_text_trace_and_custom_to_trace():
    text = ("```fol\npremise: ∀x (Cat(x) → Animal(x))\npremise: Cat(tom)\n"
            "step: Animal(tom)\nconclude: Animal(tom)\n```")
    assert rl.trl_reward()(prompts=["q"], completions=[text]) == [1.0]
    f = rl.trl_reward(to_trace=lambda c, **kw: {"premises": kw["facts"],
                                                "steps": [c]})
    assert f(prompts=["q"], completions=["Cat(tom)"],
             facts=[["Cat(tom)"]]) == [1.0]


def test_verl_compute_score():
    assert rl.compute_score("folio", GOOD, None) == 1.0
    steps_only = "```json\n" + json.dumps({"steps": ["Animal(tom)"],
                                           "conclusion": "Animal(tom)"}) + \
        "\n```"
    gt = json.dumps({"premises": CAT["premises"]})
    assert rl.compute_score("folio", steps_only, gt, {"index": 3}) == 1.0
    assert rl.compute_score("folio", "nothing", gt) == 0.0
    score = rl.make_compute_score(weights={"error": 0.05})
    assert score("x", "nothing", gt) == pytest.approx(0.05)


# ---- threads ---------------------------------------------------------------

def test_threads_check_in_parallel_with_the_same_answers():
    records = gsm_records() + logic_records()
    want = [strip(folcheck.check(r, rlimit=2000000)) for r in records]
    got = [[None] * len(records) for _ in range(4)]
    errors = []

    def work(t):
        try:
            for i, r in enumerate(records):
                got[t][i] = strip(folcheck.check(r, rlimit=2000000))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for t in range(4):
        assert got[t] == want


def test_library_not_found_is_a_clear_error(tmp_path):
    code = ("import folcheck\n"
            "try:\n    folcheck.check('premise: P(a)')\n"
            "except folcheck.FolcheckError as e:\n    print('ERR', e)\n")
    env = dict(os.environ, FOLCHECK_LIBRARY=str(tmp_path / "nope.so"))
    p = subprocess.run([sys.executable, "-c", code], env=env,
                       capture_output=True, text=True)
    assert "ERR cannot load libfolcheck.so.0" in p.stdout, p.stderr
