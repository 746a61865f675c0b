"""Small gold documents the tests write themselves, to train a CRF model in about a second
(the package ships no weights). Every span is computed from the text it indexes."""
from __future__ import annotations

import json
import random
from pathlib import Path

SOURCES = ["Zarif", "Anna Berg", "The minister", "Officials", "Mayor Lee", "The spokesman", "Tom Ruiz", "She", "He"]
LEADS = ["", "then appeared on local radio on Monday and ", "later went on television and ", "spoke on Tuesday and "]
CUES = ["said", "told reporters", "began with saying", "added", "stated", "announced", "explained"]
CONTENTS = ["the talks would resume next week", "she would never resign", "the border was closed",
            "Iran was ready to work with the Taliban", "the budget would be cut", "nobody had been hurt"]
FILLERS = ["The weather was cold.", "Prices rose in March.", "The city has two bridges."]


def sentence(source: str, lead: str, cue: str, content: str, quoted: bool):
    """(sentence text, attribution as offsets into it)."""
    if quoted:
        text = f"“{content[0].upper()}{content[1:]},” {source} {cue}."
        c0 = 1
        c1 = c0 + len(content)
        s0 = text.index(source, c1)
        k0 = s0 + len(source) + 1
        return text, {"source": [[s0, s0 + len(source)]], "cue": [[k0, k0 + len(cue)]], "content": [[c0, c1]]}
    text = f"{source} {lead}{cue} {content}."
    k0 = len(source) + 1 + len(lead)
    c0 = k0 + len(cue) + 1
    return text, {"source": [[0, len(source)]], "cue": [[k0, k0 + len(cue)]], "content": [[c0, c0 + len(content)]]}


def gold_documents(count: int = 30) -> list[dict]:
    pick = random.Random(12).choice  # fixed seed: the same documents every run
    documents = []
    for n in range(count):
        parts, attributions, pos = [], [], 0
        for k in range(4):
            source, lead, cue, content = pick(SOURCES), pick(LEADS), pick(CUES), pick(CONTENTS)
            text, att = sentence(source, lead, cue, content, quoted=(n + k) % 3 == 0)
            attributions.append({role: [[s + pos, e + pos] for s, e in spans] for role, spans in att.items()})
            parts.append(text)
            pos += len(text) + 1
            filler = FILLERS[(n + k) % len(FILLERS)]
            parts.append(filler)
            pos += len(filler) + 1
        text = " ".join(parts)
        documents.append({"id": f"fixture-{n}", "published": f"2026-0{1 + n % 9}-1{n % 10}", "text": text,
                          "attributions": [{**a, "optional": False} for a in attributions]})
    return documents


def write_gold(path: Path, documents: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    return path
