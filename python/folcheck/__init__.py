"""folcheck: check reasoning traces written in first-order logic, in
process, and turn the results into rewards.

    import folcheck
    r = folcheck.check({"premises": ["∀x (Cat(x) → Animal(x))", "Cat(tom)"],
                        "steps": ["Animal(tom)"], "conclusion": "Animal(tom)"})
    r["valid"], r["steps"][0]["global"]      # True, 'entailed'
    folcheck.reward(r)                        # 1.0

The result is the object that `folcheck check --format json` prints.  The
package calls libfolcheck.so.0 through ctypes (the standard library only);
it finds the library through $FOLCHECK_LIBRARY, then the build directory
of a source checkout, then the dynamic loader's path.  Calls release the
GIL; each thread uses checkers of its own.  Adapters for RL libraries are
in folcheck.rl.
"""

import ctypes
import json

from ._native import FolcheckError, checker, dialect_code, lib, \
    options_json, take_error, take_string

__all__ = ["check", "Session", "reward", "step_rewards", "reward_details",
           "FolcheckError"]
__version__ = "0.1.0"


def _trace_input(trace):
    if isinstance(trace, str):
        return trace.encode("utf-8"), False
    if isinstance(trace, dict):
        return json.dumps(trace, ensure_ascii=False).encode("utf-8"), True
    raise TypeError("a trace is a str (the native language) or a dict (a "
                    f"JSON Lines record), not {type(trace).__name__}")


def check(trace, dialect=None, window=1, timeout_ms=None, rlimit=None,
          trace_timeout_ms=None, explain=False, name=None):
    """Checks one trace: a str is a trace in the text syntax (a file's
    text, in `dialect`, native by default); a dict is a JSON Lines record
    (its "dialect" field, else `dialect`).  Returns the result dict; a
    trace that cannot be checked gives {"verdict": "error", "error": ...}.
    window: previous steps in the local context (-1: all); timeout_ms: per
    solver query; rlimit: Z3's resource limit per query (deterministic);
    trace_timeout_ms: per trace."""
    data, record = _trace_input(trace)
    c = checker(options_json(window, timeout_ms, rlimit, trace_timeout_ms,
                             explain))
    out = lib().fc_check_json(c.ptr, name.encode() if name else None, data,
                              len(data), record, dialect_code(dialect))
    return json.loads(take_string(out))


def _formula(f):
    if not isinstance(f, str):
        raise TypeError(f"a formula is a str, not {type(f).__name__}")
    return f.encode("utf-8")


class Session:
    """A trace checked as it is written.  Open it with the problem, add
    steps one at a time; each answer equals the batch check of the trace
    so far.

        s = folcheck.Session(["∀x (P(x) → Q(x))", "P(a)"])
        s.add_step("Q(a)")["global"]        # 'entailed'
        s.conclude("Q(a)")["reached"]       # True
        s.result()["valid"]                 # True

    premises: formulas (str) or dicts {"formula", "label"}; declarations:
    strings as in a record.  One session is used by one thread at a time.
    """

    def __init__(self, premises, declarations=None, dialect=None, window=1,
                 timeout_ms=None, rlimit=None, trace_timeout_ms=None,
                 explain=False, id=None, meta=None):
        problem = {"premises": list(premises)}
        if declarations is not None:
            problem["declarations"] = list(declarations)
        if dialect is not None:
            dialect_code(dialect)
            problem["dialect"] = dialect
        if id is not None:
            problem["id"] = id
        if meta is not None:
            problem["meta"] = meta
        self._checker = checker(options_json(window, timeout_ms, rlimit,
                                             trace_timeout_ms, explain))
        err = ctypes.c_void_p()
        data = json.dumps(problem, ensure_ascii=False).encode("utf-8")
        self._ptr = lib().fc_session_new(self._checker.ptr, data,
                                         ctypes.byref(err))
        if not self._ptr:
            text = take_error(err)
            try:
                detail = json.loads(text).get("error", {})
                msg = detail.get("message", text)
                code = detail.get("code")
            except ValueError:
                msg, code = text, None
            raise FolcheckError(f"the problem cannot be checked"
                                f"{f' [{code}]' if code else ''}: {msg}")

    def add_step(self, formula, label=None, by=None):
        """Adds a step and returns its object, as in the result's "steps":
        "local", "global", "error" (null, or category, type, message),
        "support".  by: a label or a list of labels it cites."""
        if isinstance(by, str):
            by = [by]
        by = list(by or [])
        arr = (ctypes.c_char_p * max(len(by), 1))(
            *[b.encode("utf-8") for b in by])
        out = lib().fc_session_add_step(
            self._ptr, _formula(formula),
            label.encode("utf-8") if label else None, arr, len(by))
        return json.loads(take_string(out))

    def conclude(self, formula):
        """Sets the conclusion; returns the result's "conclusion"."""
        out = lib().fc_session_conclude(self._ptr, _formula(formula))
        return json.loads(take_string(out))

    def result(self):
        """The result of the trace so far (as check gives it)."""
        return json.loads(take_string(lib().fc_session_result(self._ptr)))

    def close(self):
        if getattr(self, "_ptr", None):
            lib().fc_session_free(self._ptr)
            self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def reward_details(result, weights=None):
    """{"reward", "step_rewards", "verdict", "first_failed"} for a result
    (the dict check returns).  first_failed is the index (from 1) of the
    first failed step, or None.  weights: see reward."""
    w = json.dumps(weights).encode() if weights is not None else None
    err = ctypes.c_void_p()
    out = lib().fc_reward_json(json.dumps(result).encode("utf-8"), w,
                               ctypes.byref(err))
    if not out:
        raise FolcheckError(take_error(err))
    return json.loads(take_string(out))


def reward(result, weights=None):
    """The trace's reward in [0, 1] (with the default weights):
    1.0 for a valid trace; for an invalid one, 0.5 x (steps that hold
    before the first failed step) / (steps) when it is coherent, 0 when it
    is incoherent; 0 when the conclusion is vacuous (it follows from the
    trace's own definitions, no premise behind it) or the trace has input
    errors.  weights overrides: "valid", "coherent_invalid" (the 0.5),
    "incoherent", "vacuous", "error"."""
    return float(reward_details(result, weights)["reward"])


def step_rewards(result, weights=None):
    """One reward per step: 1 for an entailed step (or a definition), 0 for
    a failed one.  weights overrides "entailed", "definition", "failed" (any
    failed step), and per error type ("arithmetic": 0.25) or category
    ("false_rule": 0.1): the type wins over the category."""
    return [float(x) for x in reward_details(result, weights)["step_rewards"]]
