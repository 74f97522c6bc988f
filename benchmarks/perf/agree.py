"""Agreement between folcheck's statuses and the z3py peer's, trace by trace.

Both outputs hold one JSON object per input record, in input order.
Compared: premise consistency, each step's local and global status, the
conclusion's status and whether it is reached.  A record both tools
reject as unreadable is skipped (and listed); any other difference is a
disagreement.
"""
import json


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def trace_name(fc, peer, i):
    return fc.get("id") or peer.get("id") or f"line {i + 1}"


def compare(fc_path, peer_path):
    """Returns {'traces', 'steps', 'skipped': [(name, why)],
    'disagreements': [(name, where, folcheck, peer)]}."""
    fcs, peers = load(fc_path), load(peer_path)
    out = {"traces": 0, "steps": 0, "skipped": [], "disagreements": []}
    dis = out["disagreements"]
    if len(fcs) != len(peers):
        dis.append(("(corpus)", "records", len(fcs), len(peers)))
    for i, (fc, peer) in enumerate(zip(fcs, peers)):
        name = trace_name(fc, peer, i)
        fe, pe = fc.get("error"), peer.get("error")
        if fe or pe:
            if fe and pe:
                if isinstance(fe, dict):
                    fe = f"{fe.get('field', '')}: {fe.get('message', '')}"
                out["skipped"].append((name, str(fe)))
            else:
                dis.append((name, "readable", "error" if fe else "ok",
                            "error" if pe else "ok"))
            continue
        out["traces"] += 1
        if fc["premises_consistent"] != peer["premises_consistent"]:
            dis.append((name, "premises_consistent",
                        fc["premises_consistent"], peer["premises_consistent"]))
        fs, ps = fc.get("steps", []), peer.get("steps", [])
        if len(fs) != len(ps):
            dis.append((name, "steps", len(fs), len(ps)))
        for a, b in zip(fs, ps):
            out["steps"] += 1
            for k in ("local", "global"):
                if a[k] != b[k]:
                    dis.append((name, f"{a['label']} {k}", a[k], b[k]))
        fcc, pc = fc.get("conclusion"), peer.get("conclusion")
        if bool(fcc) != bool(pc):
            dis.append((name, "conclusion", bool(fcc), bool(pc)))
        elif fcc:
            for k in ("status", "reached"):
                if fcc[k] != pc[k]:
                    dis.append((name, f"conclusion {k}", fcc[k], pc[k]))
    return out
