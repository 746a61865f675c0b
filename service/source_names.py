"""Source names: normalised keys, titles stripped, and whether an unnamed source is a collective.

Pure functions, text in and text out; the registry (:mod:`service.sources`) decides with them.

* ``key``: case, accents, punctuation, possessives, a leading "the", titles and honorifics
  ("Mr.", "Mullah", "Iranian Foreign Minister") and an appositive (", the spokesman of …") are
  dropped, so "Iranian Foreign Minister Zarif" and "Zarif's" share the key ``zarif``.
* ``core``: a media or organization key without its generic words ("news", "agency"), so
  "Tasnim news" and "Tasnim News Agency" share the core ``tasnim`` (a merge suggestion, see docs).
* ``unnamed_kind``: "Iranian media", "Taliban officials" and "US officials" name a group and are
  ``collective``; "an official", "sources", "reports" name nobody and are ``anonymous``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KEY_LENGTH = 300
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})
_TOKEN = re.compile(r"[\w'.-]+")
_POSSESSIVE = re.compile(r"'s?$")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")

ARTICLES = frozenset({"the", "a", "an"})
# Titles and honorifics in front of a name. Multi-word titles are their words ("secretary of state"
# is secretary + of + state): a title run is any run of these words and nationality adjectives.
TITLE_WORDS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady mullah mawlawi maulvi sheikh shaikh ayatollah imam "
    "hojatoleslam rabbi rev father sister brother pope king queen prince princess emir crown "
    "president vice prime deputy foreign interior defence defense finance justice chief minister "
    "ministers secretary state general gen lt col colonel major maj capt captain admiral adm sgt "
    "commander senator sen representative rep congressman congresswoman governor gov mayor judge justice "
    "ambassador envoy special peace spokesman spokeswoman spokesperson negotiator lead leader "
    "chairman chairwoman chair director adviser advisor aide official officer head of former acting "
    "supreme grand security national senior top us u.s uk u.k un eu".split()
)
# honorifics written after a name ("Baradar Akhund")
TRAILING_HONORIFICS = frozenset("akund akhund sahib jr sr ii iii".split())
# words of an outlet's or organization's name that do not tell outlets apart
GENERIC_ORG_WORDS = frozenset(
    "news agency agencies press service services media network networks tv television radio "
    "newspaper daily weekly online channel broadcasting corporation corp inc ltd co company group "
    "international".split()
)
# heads of a collective or anonymous description
GROUP_HEADS = frozenset(
    "media press officials authorities sources diplomats analysts experts reports spokesmen leaders "
    "lawmakers legislators investigators prosecutors commanders militants fighters officers "
    "government governments ministry military forces police army intelligence delegation team "
    "negotiators representatives residents witnesses critics observers activists leadership leaders "
    "administration regime cabinet embassy spokespeople campaign".split()
)
NONSPECIFIC = frozenset(
    "a an one some several many few certain other others unnamed anonymous senior top two three "
    "four multiple various local".split()
)
# demonyms written lowercase in a description ("western diplomats") are not group names
_DEMONYM = re.compile(r"(?:an|ian|ese|ish|ic|ean|i)$")


def fold(text: str) -> str:
    """Casefolded, accents dropped, typographic quotes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65536)  # a document's written names and sources repeat
def name_part(text: str) -> str:
    """The name in a source phrase: the part before an appositive ("Suhail Shaheen, the
    spokesman of the Taliban" → "Suhail Shaheen"), without a possessive or leading article."""
    head = text.translate(_QUOTES).split(",")[0]
    head = _SPACES.sub(" ", head).strip(" .;:-\"'()")
    head = _POSSESSIVE.sub("", head)
    words = head.split(" ")
    while words and words[0].casefold() in ARTICLES:
        words = words[1:]
    return " ".join(words)


def _tokens(text: str) -> list[str]:
    return [t for t in (_NOT_WORD.sub("", _POSSESSIVE.sub("", w)) for w in _TOKEN.findall(fold(text))) if t]


def display_name(text: str, kind: str) -> str:
    """How the registry writes the name: a person without leading titles ("Iranian Foreign
    Minister Zarif" → "Zarif"); anything else as written, without article or appositive."""
    name = name_part(text)
    if kind != "person":
        return name[:KEY_LENGTH]
    words = name.split(" ")
    keep = _person_start(words)
    return " ".join(words[keep:])[:KEY_LENGTH] or name[:KEY_LENGTH]


def _person_start(words: list[str]) -> int:
    """Index of the first word of the person's own name: after the last title word, as long as
    a name is left (a lone "President" stays). Nationalities before a title go with it."""
    start = 0
    for i, word in enumerate(words[:-1]):
        if _NOT_WORD.sub("", fold(word).rstrip(".")) in TITLE_WORDS:
            start = i + 1
    return start


@lru_cache(maxsize=65536)
def key(text: str, kind: str = "other") -> str:
    """The registry key: see the module docstring. Empty when nothing name-like is left."""
    tokens = _tokens(display_name(text, kind))
    if kind == "person":
        while len(tokens) > 1 and tokens[-1] in TRAILING_HONORIFICS:
            tokens.pop()
    return " ".join(tokens)[:KEY_LENGTH]


def core(text_key: str) -> str:
    """An outlet's or organization's key without its generic words ("tasnim news agency" → "tasnim")."""
    return " ".join(t for t in text_key.split() if t not in GENERIC_ORG_WORDS)


_FUNCTION_WORDS = frozenset(
    "the a an this that these those there then when while after before in on at by for from with as "
    "but and or so if however meanwhile today yesterday he she it they we i his her their its our".split()
)


def full_names(text: str) -> list[tuple[int, str]]:
    """(offset, run) for every run of capitalised words in ``text``, without sentence-initial
    common words ("There Baradar" → "Baradar"; a word the text also writes in lower case is
    common): the names a document writes in full ("Mullah Abdul Ghani Baradar Akund")."""
    lower = set(re.findall(r"\b[a-z][\w'’-]*", text))
    runs, current, last_end = [], [], -1
    for match in _WORD_AT.finditer(text):
        word = match.group(0)
        joined = current and text[last_end:match.start()].isspace() and not _ends_sentence(current[-1][1])
        if not word[:1].isupper() or not joined:
            _close(runs, current, lower)
            current = []
        if word[:1].isupper():
            current.append((match.start(), word))
        last_end = match.end()
    _close(runs, current, lower)
    return runs


_WORD_AT = re.compile(r"[^\W\d_][\w'’-]*\.?")


def _ends_sentence(word: str) -> bool:
    return word.endswith(".") and len(word) > 3  # "Mr." and "U.S." do not end a name


def _close(runs: list, words: list, lower: set) -> None:
    while words and (words[0][1].casefold() in _FUNCTION_WORDS or words[0][1].casefold() in lower):
        words = words[1:]
    if words:
        runs.append((words[0][0], " ".join(w.rstrip(".") if _ends_sentence(w) else w for _o, w in words)))


def abbreviates(short: str, full: str) -> bool:
    """True when person key ``short`` is a shorter form of ``full``: its words appear in order in
    ``full`` and it ends with the same surname ("baradar" of "abdul ghani baradar")."""
    s, f = short.split(), full.split()
    if not s or len(s) >= len(f) or s[-1] != f[-1]:
        return False
    it = iter(f)
    return all(word in it for word in s)


def is_generic(text: str) -> bool:
    """True when a phrase holds no name at all, only group words ("Reports", "Officials", "Some
    critics"), even if the extractor took its sentence-initial capital for a name."""
    tokens = _tokens(name_part(text))
    return bool(tokens) and all(t in GROUP_HEADS or t in NONSPECIFIC or t in ARTICLES for t in tokens)


def unnamed_kind(text: str) -> str:
    """``collective`` when an unnamed source names a group ("Iranian media", "Taliban officials",
    "US officials"), else ``anonymous`` ("an official", "sources", "reports", "a person familiar
    with the matter", "An Afghan official")."""
    words = name_part(text).split(" ")
    if not words or not words[0]:
        return "anonymous"
    if fold(words[0]) in NONSPECIFIC:
        return "anonymous"
    head_at = next((i for i, w in enumerate(words) if _NOT_WORD.sub("", fold(w)) in GROUP_HEADS), None)
    if head_at is None or head_at == 0:
        return "anonymous"
    qualifiers = words[:head_at]
    # a group is named by a capitalised qualifier: a demonym, a country or an organization
    if any(w[:1].isupper() for w in qualifiers):
        return "collective"
    return "anonymous"
