"""Regenerate service/extraction/cues.json from the PolNeAR training split.

    python3 tests/benchmarks/mine_lexicon.py [../shared/eval/polnear-train.jsonl]

For every word form it counts how often the form occurs in the articles and how often that
occurrence lies inside a gold cue span; the ratio is the form's precision as a cue, which the
extractor uses as a prior and a threshold.  Multi-word cue phrases ("according to", "pointed out")
are counted the same way.  Only words, lemmas and counts are written: no PolNeAR text.
"""
from __future__ import annotations

import collections
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "polnear-train.jsonl"  # ../shared beside the repo
OUT = ROOT / "service" / "extraction" / "cues.json"
WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
DETERMINERS = {"a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these"}
# attitudes and beliefs, the cues the seed gold calls optional; everything else verbal is speech
BELIEF_LEMMAS = {
    "think", "believe", "hope", "want", "fear", "expect", "feel", "know", "worry", "wish", "doubt",
    "suspect", "assume", "consider", "see", "view", "seem", "appear", "plan", "intend", "seek",
    "support", "oppose", "favor", "agree", "disagree", "like", "love", "hate", "understand", "trust",
}
# function words, auxiliaries, adverbs and days sit inside many gold cues ("has said", "said Tuesday")
# but are not cues themselves; the extractor attaches them to a neighbouring cue instead
STOP = set("""
a about after against all also an and any are as at back be because been before being but by can could
did do does don't down even ever first for from had has have he her his i if in into is it its just last
later like made make more most much never new no not now of off on once one only or other our out over
previously publicly recently repeatedly she should so some still than that the their them then there these
they this those to too up very was we went were what when which while who will with would you
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week year
""".split())
WEEKDAYS = set("monday tuesday wednesday thursday friday saturday sunday".split())
MIN_CUE = 2
SMOOTHING = 1  # one unseen non-cue occurrence: rare forms must earn their precision  # gold occurrences a form needs to enter the lexicon
MIN_PRECISION = 0.04
IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "knew": "know", "known": "know", "saw": "see", "seen": "see", "felt": "feel", "spoke": "speak",
    "spoken": "speak", "found": "find", "held": "hold", "made": "make", "gave": "give", "given": "give",
    "took": "take", "taken": "take", "meant": "mean", "heard": "hear", "sought": "seek", "brought": "bring",
    "taught": "teach", "understood": "understand", "forgot": "forget", "swore": "swear", "sworn": "swear",
    "shown": "show", "put": "put", "read": "read", "led": "lead", "laid": "lay", "won": "win", "went": "go",
}


def lemma_of(form: str, vocabulary: set[str]) -> str:
    """A base form for ``form``, preferring candidates the corpus itself uses as words."""
    if form in IRREGULAR:
        return IRREGULAR[form]
    candidates = []
    for suffix in ("ing", "ed", "s", "es"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[: -len(suffix)]
            if suffix in ("ed", "es") and stem.endswith("i"):
                candidates.append(stem[:-1] + "y")
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                candidates.append(stem[:-1])
            undoubled = candidates.pop() if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz" else None
            candidates += [stem + "e", stem] if suffix in ("ing", "ed") else [stem]
            if undoubled:
                candidates.append(undoubled)
    for candidate in candidates:
        if candidate in vocabulary:
            return candidate
    return form


def count(train: Path):
    text_counts, cue_counts = collections.Counter(), collections.Counter()
    implicit = collections.Counter()  # gold cues of the form whose attribution names no source
    det_counts = collections.Counter()  # occurrences right after a determiner: how noun-like the form is
    after_det = collections.Counter()
    phrase_gold = collections.Counter()
    docs = [json.loads(line) for line in train.open(encoding="utf-8") if line.strip()]
    for doc in docs:
        text = doc["text"]
        inside = bytearray(len(text))
        for att in doc["attributions"]:
            for s, e in att["cue"]:
                inside[s:e] = b"\x01" * (e - s)
            words = [w.lower() for s, e in att["cue"] for w in WORD.findall(text[s:e])]
            if not att["source"]:
                for word in set(words):
                    implicit[word.replace("’", "'")] += 1
            if 2 <= len(words) <= 3 and not set(words) & WEEKDAYS:
                phrase_gold[" ".join(words)] += 1
        previous = ""
        for m in WORD.finditer(text):
            form = m.group().lower().replace("’", "'")
            text_counts[form] += 1
            if previous in DETERMINERS:
                det_counts[form] += 1
            if inside[m.start()]:
                cue_counts[form] += 1
                if previous in DETERMINERS or previous.endswith("'s"):
                    after_det[form] += 1
            previous = form
    phrases = {p: n for p, n in phrase_gold.items() if n >= MIN_CUE}
    phrase_text = collections.Counter()
    for doc in docs:
        low = " ".join(w.lower() for w in WORD.findall(doc["text"]))
        for phrase in phrases:
            phrase_text[phrase] += low.count(phrase)
    return len(docs), text_counts, cue_counts, after_det, phrases, phrase_text, implicit, det_counts


def count_contexts(train: Path, forms: set[str]) -> dict[str, dict[str, list[int]]]:
    """For each form, per context class (lexicon.previous_class / next_class, and the preposition
    after it, computed on the extractor's own sentences and tokens): [gold cue occurrences, all
    occurrences]."""
    sys.path.insert(0, str(ROOT))
    from service.extraction import lexicon
    from service.extraction.segment import split_sentences
    from service.extraction.tokens import tokenize

    out: dict[str, dict[str, list[int]]] = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    for line in train.open(encoding="utf-8"):
        if not line.strip():
            continue
        doc = json.loads(line)
        text = doc["text"]
        inside = bytearray(len(text))
        for att in doc["attributions"]:
            for s, e in att["cue"]:
                inside[s:e] = b"\x01" * (e - s)
        for span, _ in split_sentences(text):
            toks = tokenize(text, span.start, span.end)
            for i, tok in enumerate(toks):
                if tok.kind != "w" or tok.low not in forms:
                    continue
                gold = inside[tok.start]
                keys = ["prev:" + lexicon.previous_class(toks, i), "next:" + lexicon.next_class(toks, i)]
                if i + 1 < len(toks) and toks[i + 1].low in lexicon.NOUN_PREPOSITIONS:
                    keys.append("after:" + toks[i + 1].low)  # "criticism of", "questions about"
                for key in keys:
                    cell = out[tok.low][key]
                    cell[0] += gold
                    cell[1] += 1
    return out


def build(train: Path) -> dict:
    n_docs, text_counts, cue_counts, after_det, phrases, phrase_text, implicit, det_counts = count(train)
    vocabulary = set(text_counts)
    forms = {}
    for form, n_cue in cue_counts.items():
        precision = n_cue / (text_counts[form] + SMOOTHING)
        if n_cue < MIN_CUE or precision < MIN_PRECISION or len(form) < 3 or form in STOP:
            continue
        lemma = lemma_of(form, vocabulary)
        if after_det[form] > n_cue / 2:
            group = "noun"
        elif lemma in BELIEF_LEMMAS:
            group = "belief"
        else:
            group = "speech"
        forms[form] = {"lemma": lemma, "group": group, "p": round(precision, 3), "n": n_cue,
                       "implicit": round(min(implicit[form] / n_cue, 1.0), 3),
                       "nominal": round(det_counts[form] / text_counts[form], 3)}
    contexts = count_contexts(train, set(forms))
    for form, info in forms.items():
        kept = {k: v for k, v in sorted(contexts.get(form, {}).items()) if v[0] >= 2}
        if kept:
            info["context"] = kept
    multi = {}
    for phrase, n_gold in phrases.items():
        precision = n_gold / max(phrase_text[phrase], n_gold)
        if precision >= 0.2:
            multi[phrase] = {"p": round(precision, 3), "n": n_gold}
    groups = collections.defaultdict(list)
    for form, info in forms.items():
        groups[info["group"]].append(info["lemma"])
    return {
        "about": f"cue words mined from PolNeAR train ({n_docs} articles) by tests/benchmarks/mine_lexicon.py; "
        "p = share of the form's occurrences inside a gold cue, n = gold cue occurrences, "
        "implicit = share of those whose attribution names no source, "
        "nominal = share of the form's occurrences right after a determiner (how often it is a noun), "
        "context = [gold, all] occurrences per context class of the word before (prev:) and after (next:), "
        "and per preposition right after the form (after:)",
        "groups": {g: sorted(set(lemmas)) for g, lemmas in sorted(groups.items())},
        "forms": dict(sorted(forms.items())),
        "phrases": dict(sorted(multi.items())),
    }


def main() -> None:
    train = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TRAIN
    started = time.perf_counter()
    data = build(train)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(data['forms'])} cue forms, {len(data['phrases'])} phrases -> {OUT} "
          f"in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
