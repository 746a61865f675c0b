"""A learned attribution tagger (linear-chain CRF) that adds recall to the rule extractor.

Tokens get BIO tags for SOURCE, CUE and CONTENT; each CUE chunk is then grouped with the nearest
SOURCE chunk of its sentence and the CONTENT chunks closest to it (content may run over sentences).
The package ships no model: the desk trains one on its own reviewed documents (``claimdesk train``,
which keeps it in the instance folder) and passes its path in. What the tagger sees of the text
(tokens, sequences, features, the cue lexicon) is ``crf_features``; this module decodes its tags
and merges its finds with the rule claims.
"""
from __future__ import annotations

import bisect
from dataclasses import replace
from pathlib import Path

from service.extraction.crf_features import WORD, features, load_lexicon, sequence_tokens, sequences
from service.extraction.statements import statement_of
from service.extraction.model import Attribution, Claim, Source, Span
from service.extraction.sources import classify

_taggers: dict[tuple, object] = {}  # pycrfsuite.Tagger per (model path, mtime, size), loaded on first use


class ModelMissing(RuntimeError):
    """The learned layer was asked for without a trained model."""


def tagger_for(model: str | Path | None):
    """The tagger of the model file at ``model``, cached until the file changes."""
    if model is None:
        raise ModelMissing("The learned layer needs a trained model: run 'claimdesk train' first.")
    path = Path(model)
    try:
        stat = path.stat()
    except OSError as error:
        raise ModelMissing(f"No model at {path}: {error.strerror or error}.") from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _taggers:
        import pycrfsuite  # imported late: the rule extractor must not pay for it

        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except (OSError, ValueError) as error:
            raise ModelMissing(f"{path} is not a CRF model ({error}).") from None
        _taggers.clear()  # one model in use at a time; an old one is not needed again
        _taggers[key] = tagger
    return _taggers[key]


def _chunks(labels: list[str]) -> list[tuple[str, int, int]]:
    """(role, first token, last token + 1) of every BIO chunk; a stray I- opens a chunk."""
    chunks: list[tuple[str, int, int]] = []
    for t, label in enumerate(labels):
        if label == "O":
            continue
        tag, role = label.split("-", 1)
        if tag == "I" and chunks and chunks[-1][0] == role and chunks[-1][2] == t:
            chunks[-1] = (role, chunks[-1][1], t + 1)
        else:
            chunks.append((role, t, t + 1))
    return chunks


def _confidence(tagger, labels: list[str], first: int, last: int) -> float:
    return sum(tagger.marginal(labels[t], t) for t in range(first, last)) / (last - first)


def decode(text: str, tokens, labels: list[str], tagger=None) -> list[tuple[int, Attribution]]:
    chunks = _chunks(labels)
    cues = [c for c in chunks if c[0] == "CUE"]
    if not cues:
        return []
    sent_of = [tok[2] for tok in tokens]
    contents: dict[int, list[tuple[int, int]]] = {k: [] for k in range(len(cues))}
    for role, first, last in chunks:
        if role != "CONTENT":
            continue
        # the nearest cue within one sentence of the content's ends takes it
        best = min(
            ((max(first - c[2], c[1] - last, 0), k) for k, c in enumerate(cues)
             if sent_of[first] - 1 <= sent_of[c[1]] <= sent_of[last - 1] + 1),
            default=None,
        )
        if best is not None:
            contents[best[1]].append((first, last))
    out = []
    for k, (_, first, last) in enumerate(cues):
        if not contents[k]:
            continue
        sources = [c for c in chunks if c[0] == "SOURCE" and sent_of[c[1]] == sent_of[first]]
        source = min(sources, key=lambda c: max(first - c[2], c[1] - last, 0), default=None)
        out.append((sent_of[first], _attribution(text, tokens, labels, tagger, (first, last), source, contents[k])))
    return out


def _attribution(text, tokens, labels, tagger, cue, source, contents) -> Attribution:
    def span(first, last):
        return Span.of(text, tokens[first][0], tokens[last - 1][1])

    src = Source(span=None) if source is None else classify(text, span(source[1], source[2]))
    cue_span = span(*cue)
    confidence = _confidence(tagger, labels, *cue) if tagger is not None else 0.5
    return Attribution(source=src, cue=cue_span, content=tuple(span(f, l) for f, l in contents),
                       rule="crf", cue_lemma=cue_span.text.lower(), confidence=round(confidence, 3))


def learned_attributions(text: str, sentences: list[Span], model) -> list[tuple[int, Attribution]]:
    """(claim index, attribution) pairs the CRF finds; claim index = index of the cue's sentence."""
    return tag_groups(text, sentences, sequences(text, sentences), model)


def tag_groups(text: str, sentences: list[Span], groups: list[list[int]], model) -> list[tuple[int, Attribution]]:
    tagger = tagger_for(model)
    out = []
    for group in groups:
        tokens = sequence_tokens(text, sentences, group)
        if not tokens:
            continue
        labels = tagger.tag(features(text, tokens))
        out.extend(decode(text, tokens, labels, tagger))
    return out


def _rule_spans(claims: tuple[Claim, ...]) -> list[tuple[int, int]]:
    """Every cue, source and content span of the rule attributions, merged into sorted disjoint
    extents, so that one bisection tells whether a position is taken."""
    spans = sorted((span.start, span.end) for c in claims for a in c.attributions
                   for span in (a.cue, *a.content, *([a.source.span] if a.source.span else [])))
    extents: list[tuple[int, int]] = []
    for start, end in spans:
        if extents and start <= extents[-1][1]:
            extents[-1] = (extents[-1][0], max(extents[-1][1], end))
        else:
            extents.append((start, end))
    return extents


def _overlaps(extents: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(extents, (end, end)) - 1  # the last extent starting before ``end``
    return i >= 0 and extents[i][1] > start


def _speech_cue(attribution: Attribution) -> bool:
    """The cue holds a word that training saw as a cue at least half the time ("said", "told")."""
    lexicon = load_lexicon()
    return any(lexicon.get(w.lower()) == "hi" for w in WORD.findall(attribution.cue.text))


def merge(text: str, claims: tuple[Claim, ...], learned: list[tuple[int, Attribution]],
          speech_cues_only: bool = True) -> tuple[Claim, ...]:
    """The rule claims with the learned attributions appended that touch no rule cue, source or content.

    ``speech_cues_only`` keeps only finds whose cue holds a frequent cue word: PolNeAR also annotates
    beliefs and attitudes ("seems", "has preferred") that claimdesk's seed gold does not require."""
    taken = _rule_spans(claims)
    extra: dict[int, list[Attribution]] = {}
    for index, attribution in learned:
        if speech_cues_only and not _speech_cue(attribution):
            continue
        # PolNeAR gives each token one role: a cue inside a rule span is a nested or competing reading
        cue = attribution.cue
        if not _overlaps(taken, cue.start, cue.end):
            extra.setdefault(index, []).append(attribution)
    return tuple(_with_attributions(text, c, extra[c.index]) if c.index in extra else c for c in claims)


def _with_attributions(text: str, claim: Claim, added: list[Attribution]) -> Claim:
    attributions = claim.attributions + tuple(added)
    statement = statement_of(text, claim.sentence, list(attributions))
    return replace(claim, statement=statement, attributions=attributions)


def augment(text: str, claims: tuple[Claim, ...], speech_cues_only: bool = True, *, model) -> tuple[Claim, ...]:
    """``merge`` of the rule claims with the CRF's finds, tagging only the paragraphs where a find could
    survive the merge: those with a lexicon cue word outside every rule span (exact with
    ``speech_cues_only``; without it, paragraphs whose only free cue words are rare ones are skipped)."""
    tagger_for(model)  # no model: say so even when no paragraph needs tagging
    sentences = [c.sentence for c in claims]
    taken = _rule_spans(claims)
    buckets = ("hi",) if speech_cues_only else ("hi", "mid")
    groups = [window for group in sequences(text, sentences)
              for window in _cue_windows(text, sentences, group, taken, buckets)]
    return merge(text, claims, tag_groups(text, sentences, groups, model), speech_cues_only)


def _cue_windows(text, sentences, group, taken, buckets) -> list[list[int]]:
    """The runs of a paragraph's sentences within one sentence of a free cue word: a cue's source
    and content lie in its sentence or the next one either side, so the rest need no tagging."""
    hits = [k for k, i in enumerate(group)
            if _free_cue_word(text, sentences[i].start, sentences[i].end, taken, buckets)]
    windows: list[list[int]] = []
    for k in hits:
        first, last = max(k - 1, 0), min(k + 1, len(group) - 1)
        if windows and first <= windows[-1][-1] + 1:
            windows[-1].extend(group[j] for j in range(windows[-1][-1] - group[0] + 1, last + 1))
        else:
            windows.append([group[j] for j in range(first, last + 1)])
    return windows


def _free_cue_word(text: str, start: int, end: int, taken: list[tuple[int, int]], buckets) -> bool:
    """Whether [start, end) holds a lexicon word of ``buckets`` outside the rule extents ``taken``."""
    lexicon = load_lexicon()
    gaps, pos = [], start
    first = max(0, bisect.bisect_left(taken, (start, start)) - 1)  # one extent may reach in from before
    for j in range(first, len(taken)):  # not a slice: copying the tail each call is quadratic
        s, e = taken[j]
        if s >= end:
            break
        if e > pos:
            gaps.append((pos, max(pos, s)))
            pos = max(pos, e)
    gaps.append((pos, end))
    return any(lexicon.get(w.lower()) in buckets for s, e in gaps if e > s for w in WORD.findall(text, s, e))
