"""Is this the same claim? Pure text comparison of two statements, and the MinHash band keys that
find candidates without comparing against every stored claim.

Two stages, chosen by measurement (docs/corroboration.md, tests/benchmarks/corroboration_quality.py):

1. **Candidates**: MinHash (datasketch) over the statement's content words, cut into LSH bands;
   each band folds into one 63-bit key stored in an indexed table. Two statements share a key with
   probability ~ J^ROWS per band (J: Jaccard of their word sets), so close paraphrases meet
   and unrelated claims almost never do, whatever the number of stored claims.
2. **Score**: the Jaccard overlap of the two word sets, blended with rapidfuzz's token-sort ratio,
   with penalties
   when one side negates the other or they give different figures ("14 miners" vs "30 miners"):
   the hard negatives (same people, a different claim) differ in exactly those ways.

The attribution frame never enters: callers pass ``Claim.statement`` (the sentence without its
"…, Iranian media revealed"), and verbs of saying are dropped here too for what the extractor leaves.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash
from rapidfuzz import fuzz

NUM_PERM = 48
BANDS = 16
ROWS = NUM_PERM // BANDS
SEED = 20191127  # fixed: stored band keys must stay comparable across processes and restarts
MIN_WORDS = 3  # shorter statements ("Read the rest here.") say too little to match on
# Chosen on the labelled pairs (docs/corroboration.md): precision first, recall above 80%.
THRESHOLD = 0.70

_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")
_DIGITS = re.compile(r"^\d[\d.,]*$")
STOPWORDS = frozenset("""
a an the and or but of to in on at by for from with as into onto over under about after before
during since until than then that this these those there here it its it's is are was were be been
being has have had having do does did will would shall should can could may might must also just
very more most so such which who whom whose what when where while why how all any both each some
their they them he him his she her we our us you your i me my mine who's whose according
said says say saying told tell tells reported reports report reporting added adding announced
stated noted claimed revealed confirmed quoted citing cited per
""".split())
NEGATIONS = frozenset({"not", "no", "never", "n't", "nor", "without", "fail", "failed", "fails",
                       "refused", "refuse", "denied", "deny", "denies", "neither"})
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
    "million": "1000000", "billion": "1000000000", "dozen": "12", "half": "0.5", "third": "0.33",
}
NEGATION_PENALTY = 0.25
NUMBER_PENALTY = 0.25


def words(statement: str) -> list[str]:
    """The statement's content words, case- and accent-folded, lightly stemmed, in order."""
    folded = statement
    if not folded.isascii():
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.casefold()
    folded = folded.replace("n’t", " n't").replace("n't", " n't")
    return [word for word in map(_content_word, _WORD.findall(folded.replace("-", " "))) if word is not None]


@functools.lru_cache(maxsize=65536)
def _content_word(token: str) -> str | None:
    """One token's matching word, None for a stop word: cached, as articles repeat their words."""
    token = token.replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    if _DIGITS.match(token):
        return token.replace(",", "").rstrip(".")
    token = _NUMBER_WORDS.get(token, token)
    if token in STOPWORDS or (len(token) == 1 and not token.isdigit()):
        return None
    return stem(token)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix strip: enough to meet "jets"/"jet" and "visited"/"visit", no more."""
    if len(word) <= 4 or word.isdigit():
        return word
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + replacement
    return word


def matchable(statement_words: list[str]) -> bool:
    return len(set(statement_words)) >= MIN_WORDS


def band_keys(word_lists: list[list[str]]) -> list[list[int]]:
    """The LSH band keys of each word list (BANDS keys each, signed 63-bit; [] if too short)."""
    todo = [i for i, ws in enumerate(word_lists) if matchable(ws)]
    keys: list[list[int]] = [[] for _ in word_lists]
    if not todo:
        return keys
    for i, row in zip(todo, _bands(signatures([set(word_lists[i]) for i in todo])).tolist()):
        keys[i] = row
    return keys


# datasketch's MinHash (affine32 scheme, sha1_hash32), computed for many sets at once: per word
# the 32-bit SHA-1 prefix, mixed by the MurmurHash3 finalizer, then a * h + b (mod 2^32) per
# permutation; a set's signature is the minimum over its words. The permutations are datasketch's
# own for SEED; tests/test_corroboration.py checks the signatures against MinHash.bulk.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations.astype(np.uint32)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def signatures(word_sets: list[set[str]]) -> np.ndarray:
    """The MinHash signature (NUM_PERM uint32 values) of each non-empty word set, one row each."""
    vocabulary = {word: n for n, word in enumerate({w for ws in word_sets for w in ws})}
    hashes = np.fromiter((_sha1_32(word) for word in vocabulary), dtype=np.uint32, count=len(vocabulary))
    s1, m1, s2, m2, s3 = _FMIX
    hashes ^= hashes >> s1
    hashes *= m1
    hashes ^= hashes >> s2
    hashes *= m2
    hashes ^= hashes >> s3
    a, b = _PERMUTATIONS
    permuted = hashes[:, None] * a + b  # (words, NUM_PERM), wrapping mod 2^32 as datasketch's does
    members = np.fromiter((vocabulary[w] for ws in word_sets for w in ws), dtype=np.intp)
    starts = np.cumsum([0] + [len(ws) for ws in word_sets[:-1]])
    return np.minimum.reduceat(permuted[members], starts, axis=0)


@functools.lru_cache(maxsize=65536)
def _sha1_32(word: str) -> int:
    return int.from_bytes(hashlib.sha1(word.encode("utf-8")).digest()[:4], "little")


_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _bands(signatures: np.ndarray) -> np.ndarray:
    """Fold each band's ROWS minhash values (32-bit each) and the band's number into one key:
    splitmix64 rounds, vectorised over all claims at once (arrays wrap on overflow, by design)."""
    values = signatures.astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    acc = np.broadcast_to(_BAND_SALT, (len(signatures), BANDS)).copy()
    for row in range(ROWS):
        acc ^= values[:, :, row]
        acc *= _MIX1
        acc ^= acc >> np.uint64(31)
        acc *= _MIX2
        acc ^= acc >> np.uint64(29)
    # 63 bits: fits a signed BIGINT on every database.
    return (acc >> np.uint64(1)).astype(np.int64)


def score(a: list[str], b: list[str]) -> float:
    """Similarity of two statements' word lists in [0, 1]; THRESHOLD and above is a match."""
    if not matchable(a) or not matchable(b):
        return 0.0
    set_a, set_b = set(a), set(b)
    jaccard = len(set_a & set_b) / len(set_a | set_b)
    # Word-set overlap carries most of the weight (measured best on hard negatives); word order
    # (token-sort ratio) tells a reworded copy from a different sentence on the same words.
    value = 0.7 * jaccard + 0.3 * fuzz.token_sort_ratio(" ".join(a), " ".join(b)) / 100.0
    if (set_a & NEGATIONS) != (set_b & NEGATIONS):
        value -= NEGATION_PENALTY
    numbers_a = {w for w in set_a if w[0].isdigit()}
    numbers_b = {w for w in set_b if w[0].isdigit()}
    if numbers_a and numbers_b and not (numbers_a & numbers_b):
        value -= NUMBER_PENALTY
    return round(max(0.0, value), 4)
