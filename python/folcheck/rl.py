"""Adapters with the signatures that RL libraries call.

TRL (GRPOTrainer's `reward_funcs`): a function
    f(prompts, completions, **kwargs) -> list[float]
where a completion is a str or a conversation (a list of {"role",
"content"} messages), and kwargs carry the dataset's other columns.

    from folcheck.rl import trl_reward
    trainer = GRPOTrainer(..., reward_funcs=[trl_reward()])

verl (a custom reward function): a function
    compute_score(data_source, solution_str, ground_truth, extra_info=None)
        -> float

    custom_reward_function.path=<site-packages>/folcheck/rl.py
    custom_reward_function.name=compute_score

Each takes `to_trace`, a function that turns a completion into a trace (a
str in the native language, or a dict record), given the row's other
fields as keyword arguments; None when the completion holds no trace, and
then the reward is the weight of "error" (0.0 by default).  The default,
`extract_trace`, reads the last fenced block (```fol, ```folcheck, ```json
or a bare ```), and puts the problem's premises in a record that has none
(from a "premises" or "problem" column, or verl's ground_truth).
"""

import json
import re

from . import check, reward

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[ \t]*\r?\n(.*?)```", re.S)
_PROBLEM_KEYS = ("premises", "declarations", "conclusion", "dialect")


def completion_text(completion):
    """The text of a completion: a str, or the last assistant message of
    a conversation."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return str(completion.get("content", ""))
    if isinstance(completion, (list, tuple)):
        for m in reversed(completion):
            if isinstance(m, dict) and m.get("role", "assistant") == "assistant":
                return str(m.get("content", ""))
    return ""


def _problem_of(kwargs):
    """The problem a row carries: a dict with premises, or None."""
    for key in ("problem", "ground_truth", "premises"):
        v = kwargs.get(key)
        if isinstance(v, str) and key != "premises":
            try:
                v = json.loads(v)
            except ValueError:
                continue
        if key == "premises" and isinstance(v, (list, tuple)):
            return {"premises": list(v)}
        if isinstance(v, dict) and "premises" in v:
            return v
    return None


def extract_trace(completion, **kwargs):
    """The trace in a completion's last fenced block: a dict when the block
    is a JSON object, else its text (native language).  A record without
    premises gets those of the row's problem."""
    text = completion_text(completion)
    blocks = _FENCE.findall(text)
    if not blocks:
        return None
    lang, body = blocks[-1]
    body = body.strip()
    if lang.lower() == "json" or body.startswith("{"):
        try:
            trace = json.loads(body)
        except ValueError:
            return body if lang.lower() != "json" else None
        if not isinstance(trace, dict):
            return None
        problem = _problem_of(kwargs)
        if problem and "premises" not in trace:
            for k in _PROBLEM_KEYS:
                if k in problem and k not in trace:
                    trace[k] = problem[k]
        return trace
    return body


def _score(completion, to_trace, weights, options, row):
    trace = to_trace(completion, **row)
    if trace is None:
        return reward({"verdict": "error"}, weights)
    return reward(check(trace, **options), weights)


def trl_reward(to_trace=None, weights=None, **options):
    """A TRL reward function: f(prompts, completions, **kwargs) ->
    list[float], one reward per completion.  Row columns in kwargs are
    lists (one value per completion) and reach to_trace as that row's
    values.  options go to folcheck.check (window, rlimit, ...)."""
    to_trace = to_trace or extract_trace

    def folcheck_reward(prompts=None, completions=None, **kwargs):
        completions = completions or []
        out = []
        for i, c in enumerate(completions):
            row = {k: (v[i] if isinstance(v, (list, tuple)) and
                       len(v) == len(completions) else v)
                   for k, v in kwargs.items()}
            if prompts is not None and len(prompts) == len(completions):
                row["prompt"] = prompts[i]
            out.append(_score(c, to_trace, weights, options, row))
        return out

    folcheck_reward.__name__ = "folcheck_reward"
    return folcheck_reward


def make_compute_score(to_trace=None, weights=None, **options):
    """A verl compute_score(data_source, solution_str, ground_truth,
    extra_info=None) -> float."""
    to_trace = to_trace or extract_trace

    def compute_score(data_source, solution_str, ground_truth,
                      extra_info=None):
        row = {"data_source": data_source, "ground_truth": ground_truth,
               "extra_info": extra_info}
        return _score(solution_str, to_trace, weights, options, row)

    return compute_score


# verl's custom_reward_function.name, with the defaults
compute_score = make_compute_score()
