"""The evaluation's metrics (as ../shared/eval/score.py defines them), for ``claimdesk evaluate``.

Per role (source, cue, content): ``overlap`` (a predicted span matches a gold span when they share
a non-space character, one-to-one, greedy by overlap size) and ``exact`` (same characters once edge
whitespace, punctuation and a leading "that" are trimmed).  ``relation``: source, cue and content of
one prediction all overlap one gold attribution (an implicit source matches an implicit source).
Gold items marked optional are neither required nor counted as errors.
"""
from __future__ import annotations

from dataclasses import dataclass

EDGE = frozenset(" \t\r\n\u00a0\u2009\u200a.,;:!?\"'“”‘’()[]-—–")
ROLES = ("source", "cue", "content")
METRICS = ("sentences", "source.overlap", "cue.overlap", "content.overlap",
           "source.exact", "cue.exact", "content.exact", "relation")


class GoldError(ValueError):
    """A gold record that cannot be read."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.fp += n_pred - tp
        self.fn += n_gold - tp

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def frags(value) -> list[tuple[int, int]]:
    """A span given as [s, e], [[s, e], ...], {"start", "end"} or a list of those."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [(int(value["start"]), int(value["end"]))]
    if isinstance(value, (list, tuple)):
        if len(value) == 2 and all(isinstance(v, int) for v in value):
            return [(value[0], value[1])]
        return [f for v in value for f in frags(v)]
    raise GoldError(f"unreadable span: {value!r}")


def chars(text: str, spans) -> frozenset:
    return frozenset(i for s, e in spans for i in range(max(s, 0), min(e, len(text))) if not text[i].isspace())


def trimmed(text: str, spans) -> frozenset:
    out = set()
    for s, e in spans:
        s, e = max(s, 0), min(e, len(text))
        while s < e and text[s] in EDGE:
            s += 1
        if text[s:s + 5].lower() == "that " and e > s + 5:
            s += 5
            while s < e and text[s] in EDGE:
                s += 1
        while e > s and text[e - 1] in EDGE:
            e -= 1
        out.update(i for i in range(s, e) if not text[i].isspace())
    return frozenset(out)


def _greedy(gold_sets, pred_sets, ok) -> list[tuple[int, int]]:
    pairs = sorted(((len(g & p), gi, pi) for gi, g in enumerate(gold_sets)
                    for pi, p in enumerate(pred_sets) if ok(gi, pi)), reverse=True)
    used_g, used_p, matches = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matches.append((gi, pi))
    return matches


def predicted_attributions(prediction: dict) -> list[dict]:
    """Attributions of all claims, each once (a quote shared by several sentence-claims counts once)."""
    out, seen = [], set()
    for claim in prediction.get("claims", []):
        for att in claim.get("attributions", []):
            key = tuple(tuple(frags(att.get(r))) for r in ROLES)
            if key not in seen:
                seen.add(key)
                out.append(att)
    return out


def score_document(gold: dict, prediction: dict, totals: dict[str, Counts]) -> None:
    """Add one document's counts to ``totals`` (prediction offsets index the gold text)."""
    text = gold["text"]
    if gold.get("sentences"):
        g = {trimmed(text, [tuple(s)]) for s in gold["sentences"]} - {frozenset()}
        p = {trimmed(text, frags(c["sentence"])) for c in prediction.get("claims", [])} - {frozenset()}
        totals["sentences"].add(len(g & p), len(p), len(g))
    gold_atts = [a for a in gold["attributions"] if frags(a.get("cue")) or frags(a.get("content"))]
    pred_atts = predicted_attributions(prediction)
    for role in ROLES:
        _score_role(text, role, gold_atts, pred_atts, totals)
    _score_relations(text, gold_atts, pred_atts, totals["relation"])


def _score_role(text, role, gold_atts, pred_atts, totals) -> None:
    g_all = [(chars(text, frags(a.get(role))), trimmed(text, frags(a.get(role))), a.get("optional", False))
             for a in gold_atts]
    g_all = [x for x in g_all if x[0]]
    p_all = [(chars(text, frags(a.get(role))), trimmed(text, frags(a.get(role)))) for a in pred_atts]
    p_all = [x for x in p_all if x[0]]
    opt = [g for g in g_all if g[2]]
    req = [g for g in g_all if not g[2]]
    m = _greedy([g[0] for g in req], [p[0] for p in p_all], lambda gi, pi: bool(req[gi][0] & p_all[pi][0]))
    matched = {pi for _, pi in m}
    ignored = {pi for pi, p in enumerate(p_all) if pi not in matched and any(p[0] & o[0] for o in opt)}
    n_pred = len(p_all) - len(ignored)
    totals[role + ".overlap"].add(len(m), n_pred, len(req))
    exact = _greedy([g[1] for g in req], [p[1] for p in p_all], lambda gi, pi: req[gi][1] == p_all[pi][1])
    totals[role + ".exact"].add(len(exact), n_pred, len(req))


def _score_relations(text, gold_atts, pred_atts, counts: Counts) -> None:
    def rel(a):
        return {r: chars(text, frags(a.get(r))) for r in ROLES}

    req = [rel(a) for a in gold_atts if not a.get("optional")]
    opt = [rel(a) for a in gold_atts if a.get("optional")]
    pred = [p for p in (rel(a) for a in pred_atts) if p["cue"] or p["content"]]

    def same(g, p):
        src = (not g["source"] and not p["source"]) or bool(g["source"] & p["source"])
        cue = not g["cue"] or bool(g["cue"] & p["cue"])
        return src and cue and bool(g["content"] & p["content"])

    m = _greedy([g["content"] for g in req], [p["content"] for p in pred], lambda gi, pi: same(req[gi], pred[pi]))
    matched = {pi for _, pi in m}
    ignored = {pi for pi, p in enumerate(pred) if pi not in matched and any(same(o, p) for o in opt)}
    counts.add(len(m), len(pred) - len(ignored), len(req))


def summarize(totals: dict[str, Counts]) -> dict[str, dict]:
    """P/R/F1 per metric, leaving out metrics with nothing counted (sentences without gold ones)."""
    return {k: totals[k].prf() for k in METRICS if totals[k].tp + totals[k].fp + totals[k].fn}


def new_totals() -> dict[str, Counts]:
    return {k: Counts() for k in METRICS}
