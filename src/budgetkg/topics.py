"""Assign policy topics (``bkgc:Topics``) to duties, projects and performance goals.

Topics are the concepts of the SKOS scheme in ``ontology/topics.ttl``; this module works with
their local names (``"PartyBuilding"``) and :data:`TOPIC_NS` turns them into IRIs.

The tagger is a transparent dictionary method, not a trained model.  The domain dictionary
``budgetkg/data/topic_dictionary.tsv`` maps Chinese terms to topics with a weight.  A text is
segmented with a private :class:`jieba.Tokenizer` that knows every dictionary term; a term
matches when

* it is a jieba token, or a dictionary word jieba reports inside a longer token ("search"
  mode: 环保 inside 环保所), or
* it has at least :data:`PHRASE_MIN_CHARS` characters and occurs anywhere in the text (whole
  phrase match, for compounds that jieba cuts differently in context).

Overlapping matches are resolved longest-first, so 社区矫正 counts for justice only and not
also for 社区.  A topic's score is the sum of the weights of its distinct matched terms plus
:data:`REPEAT_BONUS` of the weight for each repetition (capped).  Topics are returned best
first (ties by name) if they reach :data:`MIN_SCORE` and :data:`RELATIVE_MIN_SCORE` times the
best score, so vague text such as 补充工作经费 gets no topic rather than a guessed one.

jieba is initialised once, lazily, on the first call (about one second).
"""

from __future__ import annotations

import logging
import math
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any, Final

__all__ = [
    "BLOCKER",
    "MIN_SCORE",
    "RELATIVE_MIN_SCORE",
    "TOPIC_NS",
    "TopicDictionary",
    "assign_topics",
    "load_dictionary",
    "score_topics",
    "topic_iri",
]

TOPIC_NS: Final = "https://w3id.org/budgetkg/concept/topic/"
"""Namespace of the topic concepts; ``TOPIC_NS + "PartyBuilding"`` is a concept IRI."""

BLOCKER: Final = "-"
"""Pseudo-topic of dictionary phrases that match (hiding shorter terms) but score nothing."""

MIN_SCORE: Final = 1.0
"""Absolute minimum score of an assigned topic (one clear term, or two weak ones)."""

RELATIVE_MIN_SCORE: Final = 0.3
"""An assigned topic also needs at least this fraction of the best topic's score."""

REPEAT_BONUS: Final = 0.25
"""Extra weight per repetition of a term, as a fraction of its weight."""

MAX_REPEATS: Final = 4
"""Repetitions beyond this many occurrences of a term add nothing."""

PHRASE_MIN_CHARS: Final = 3
"""Terms of this length or longer are also matched as substrings, not only as tokens."""


_logger = logging.getLogger(__name__)
_init_lock = threading.Lock()


def topic_iri(name: str) -> str:
    """The concept IRI of a topic local name."""
    return TOPIC_NS + name


@dataclass(frozen=True)
class _Match:
    term: str
    start: int
    end: int


@dataclass(frozen=True)
class TopicDictionary:
    """The loaded domain dictionary with its private jieba tokenizer.

    ``terms`` maps each term to its ``(topic, weight)`` pairs (empty for blockers).
    """

    terms: Mapping[str, tuple[tuple[str, float], ...]]
    topics: frozenset[str]
    phrases: tuple[str, ...]
    tokenizer: Any  # jieba.Tokenizer (jieba ships no type information)

    def matches(self, text: str) -> list[_Match]:
        """Dictionary terms found in ``text``, overlapping matches resolved longest-first."""
        found: set[tuple[int, int, str]] = set()
        tokens: Iterator[tuple[str, int, int]] = self.tokenizer.tokenize(
            text, mode="search", HMM=False
        )
        for word, start, end in tokens:
            if word in self.terms:
                found.add((start, end, word))
        for phrase in self.phrases:
            start = text.find(phrase)
            while start >= 0:
                found.add((start, start + len(phrase), phrase))
                start = text.find(phrase, start + 1)
        # Longest first, then leftmost; keep a match only if it overlaps no kept match.
        kept: list[_Match] = []
        taken = [False] * len(text)
        for start, end, term in sorted(found, key=lambda m: (m[0] - m[1], m[0], m[2])):
            if not any(taken[start:end]):
                kept.append(_Match(term, start, end))
                for i in range(start, end):
                    taken[i] = True
        kept.sort(key=lambda m: (m.start, m.end))
        return kept

    def scores(self, text: str) -> dict[str, float]:
        """Topic scores of ``text`` (only topics with a positive score)."""
        counts: dict[str, int] = {}
        for match in self.matches(_normalise(text)):
            counts[match.term] = counts.get(match.term, 0) + 1
        result: dict[str, float] = {}
        for term in sorted(counts):
            repeats = min(counts[term], MAX_REPEATS) - 1
            for topic, weight in self.terms[term]:
                gain = weight * (1.0 + REPEAT_BONUS * repeats)
                result[topic] = result.get(topic, 0.0) + gain
        return {topic: round(score, 6) for topic, score in result.items() if score > 0}


def _normalise(text: str) -> str:
    """NFKC (full-width ASCII to half-width) and collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _parse_dictionary(source: str) -> dict[str, tuple[tuple[str, float], ...]]:
    terms: dict[str, list[tuple[str, float]]] = {}
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [field.strip() for field in raw.split("\t")]
        if len(fields) not in (2, 3) or not fields[0] or not fields[1]:
            raise ValueError(f"topic_dictionary.tsv:{number}: expected term<TAB>topic[<TAB>weight]")
        term, topic = _normalise(fields[0]), fields[1]
        try:
            weight = float(fields[2]) if len(fields) == 3 else 1.0
        except ValueError:
            raise ValueError(f"topic_dictionary.tsv:{number}: bad weight {fields[2]!r}") from None
        if not math.isfinite(weight) or weight <= 0:
            raise ValueError(f"topic_dictionary.tsv:{number}: weight must be positive")
        if topic != BLOCKER and not (topic.isascii() and topic.isalnum() and topic[0].isupper()):
            raise ValueError(f"topic_dictionary.tsv:{number}: bad topic name {topic!r}")
        entries = terms.setdefault(term, [])
        if any(existing == topic for existing, _ in entries):
            raise ValueError(f"topic_dictionary.tsv:{number}: duplicate {term} -> {topic}")
        if topic != BLOCKER:
            entries.append((topic, weight))
    return {term: tuple(sorted(entries)) for term, entries in terms.items()}


def _new_tokenizer(terms: Mapping[str, object]) -> Any:
    import jieba  # deferred: importing and initialising jieba is slow

    jieba.setLogLevel(logging.WARNING)  # silence "Building prefix dict ..." on stderr
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()  # private instance: never touch jieba's global default
    tokenizer.initialize()
    for term in sorted(terms, key=lambda t: (len(t), t)):
        tokenizer.add_word(term)  # frequency suggested by jieba so the term is cut whole
    return tokenizer


_dictionary: TopicDictionary | None = None


def load_dictionary() -> TopicDictionary:
    """The packaged topic dictionary with its tokenizer, built once on first use (thread-safe)."""
    global _dictionary
    if _dictionary is None:
        with _init_lock:
            if _dictionary is None:
                resource = files("budgetkg") / "data" / "topic_dictionary.tsv"
                terms = _parse_dictionary(resource.read_text(encoding="utf-8"))
                phrases = tuple(sorted(t for t in terms if len(t) >= PHRASE_MIN_CHARS))
                topics = frozenset(topic for pairs in terms.values() for topic, _ in pairs)
                _logger.debug("topic dictionary: %d terms, %d topics", len(terms), len(topics))
                _dictionary = TopicDictionary(terms, topics, phrases, _new_tokenizer(terms))
    return _dictionary


def score_topics(text: str) -> dict[str, float]:
    """Scores of all topics with any evidence in ``text`` (for inspection and evaluation)."""
    return load_dictionary().scores(text)


def assign_topics(text: str, *, max_topics: int = 3) -> tuple[str, ...]:
    """Topic local names for ``text``, best first (ties by name); empty when nothing is clear.

    >>> assign_topics("环保工作经费")
    ('EnvironmentalProtection',)
    """
    if max_topics < 1:
        return ()
    return _assign(text)[:max_topics]


@lru_cache(maxsize=65536)
def _assign(text: str) -> tuple[str, ...]:
    """All assigned topics of ``text``, memoised: disclosures repeat much of their wording."""
    scores = score_topics(text)
    if not scores:
        return ()
    best = max(scores.values())
    floor = max(MIN_SCORE, RELATIVE_MIN_SCORE * best)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return tuple(topic for topic, score in ranked if score >= floor)
