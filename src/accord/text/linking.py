"""Issue linking: which scenario issue a sentence is about, and which option it names.

Each issue is described by the words of its name, description, keywords (the scenario field
``keywords``), its group's name and its options' labels and ids. Words are compared by a light stem
(lowercase, British ``-ise`` spelt ``-ize``, first six letters), so "recognise", "recognized" and
"recognition" meet. A word found in few issues counts more (inverse document frequency); the best issue
above a threshold wins, provided it shares two words with the sentence or names it alone (a keyword,
every word of a keyword phrase such as "Black Sea", a one-word name such as "Crimea"). The actors'
names and aliases count for no issue: they are in every sentence about an actor, whatever its topic.
Within it, the option whose label has the most words the
other options lack (or one of whose ``keywords`` the sentence holds) is the one named, and its value is
the statement's position hint when the act endorses it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .names import demonyms

if TYPE_CHECKING:
    from ..scenario import Issue, Option, Scenario

__all__ = ["IssueLinker", "Link", "stem", "ENDORSING"]

#: Acts by which an actor takes the position it names (a rejection names what it does not want).
ENDORSING = frozenset({"AGREE", "DEMAND", "SUPPORT", "CONCEDE", "RETREAT", "COOPERATE"})

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset(
    "the and for with from that this into over under about after before their there then than which who "
    "what when where will would shall should could might must have has had been being are was were not "
    "any all its our your his her they them part parts each other deal side sides issue incl".split()
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem: lowercase, ``-is-`` -> ``-iz-`` spelling, the first six letters."""
    w = word.lower().strip("'-")
    w = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", w)
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w[:6]


@lru_cache(maxsize=65536)
def _term(word: str) -> str | None:
    """The stem a word of a text counts as, or None for a short word or a stop word."""
    return stem(word) if len(word) > 2 and word.lower() not in _STOP else None


# "without", not "no": "no foreign troops" may name an option labelled so
_DENIED = re.compile(r"\b(?:without|with\s+no)\s+(?:any\s+|further\s+|new\s+)?([A-Za-z][A-Za-z'-]+)", re.I)


def _denied(text: str) -> set[str]:
    """The stems of words a sentence goes without ("without conditions"): they name no option."""
    return {s for s in map(_term, _DENIED.findall(text)) if s is not None}


def _stems(text: str) -> set[str]:
    # Built in the words' order (a set's iteration order, and so the order scores are summed in, follows
    # the order its members were added in).
    return {s for s in map(_term, _WORD.findall(text)) if s is not None}


@dataclass(frozen=True)
class Link:
    """An issue (and option) a sentence is about, with the option's value as position hint."""

    issue: str
    option: str | None
    value: float | None
    score: float


class IssueLinker:
    """Links sentences to a scenario's issues and options.

    Parameters
    ----------
    scenario : Scenario
    threshold : float
        Least score (sum of matched words' weights) for a link.
    """

    def __init__(self, scenario: Scenario, threshold: float = 1.5):
        self.threshold = threshold
        groups = {g.id: g.name for g in scenario.groups}
        # The actors' names are no topic: "Sanctions relief for Russia" is not named by "Russia rejected
        # the ceasefire", nor "Elections in Ukraine" by any sentence about Ukraine.
        names = [n for a in scenario.actors for n in (a.name, a.id.replace("_", " "), *a.aliases)]
        actors = _stems(" ".join([*names, *(d for n in names for d in demonyms(n))]))
        self._issues: list[tuple[Issue, dict[str, float]]] = []
        # What names an issue alone: a keyword, all the words of a keyword phrase ("Black Sea", not "sea"),
        # or a one-word name.
        self._exact: list[list[frozenset[str]]] = []
        self._strong: list[frozenset[str]] = []  # its name's and keywords' stems
        self._units: list[list[frozenset[str]]] = []
        docs: list[dict[str, float]] = []
        topics: list[set[str]] = []  # the words that name each issue as a whole
        for issue in scenario.issues:
            # an option's keywords name its issue too ("coalition of the willing")
            named_by = (*issue.keywords, *(k for o in issue.options for k in o.keywords))
            phrases = [frozenset(_stems(k)) for k in named_by]
            keywords = set().union(*phrases) - actors
            name = _stems(issue.name) - actors
            topics.append(keywords | name)
            self._exact.append([p for p in phrases if p] + ([frozenset(name)] if len(name) == 1 else []))
            strong = name | keywords
            # Each text that may name the issue in part: its description, its group's name, each option.
            units = [_stems(issue.description), _stems(groups.get(issue.parent or "", ""))]
            units += [_stems(o.label) | _stems(o.id.replace("_", " ")) for o in issue.options]
            self._units.append([frozenset(u - actors) for u in units if len(u - actors) > 1])
            weak = set().union(*units)
            terms = {s: 1.0 for s in weak - actors} | {s: 2.0 for s in strong}
            self._strong.append(frozenset(strong))
            docs.append(terms)
        df = Counter(s for d in docs for s in d)
        n = max(len(docs), 1)
        # stem -> the issues that have it: a sentence is scored only against issues it shares a word with.
        self._by_stem: dict[str, list[int]] = {}
        for k, (issue, terms) in enumerate(zip(scenario.issues, docs, strict=True)):
            weighted = {s: w * math.log(1 + n / df[s]) for s, w in terms.items()}
            self._issues.append((issue, weighted))
            for s in weighted:
                self._by_stem.setdefault(s, []).append(k)
        # Each issue's option words, split into those one option alone has and those it shares: computed
        # once here, not for every linked sentence.
        self._options = [
            _option_words(issue, general, actors)
            for issue, general in zip(scenario.issues, topics, strict=True)
        ]

    def link(self, sentence: str, act: str, negated: bool = False, focus: str | None = None) -> Link | None:
        """The issue the sentence is about (None below the threshold), its option and position hint.

        ``focus`` is the text of what the act is done to. For an act that does not endorse it (a
        rejection, a threat), an option the focus names comes before one the rest of the sentence names:
        "rejected calls for an unconditional ceasefire, insisting that any truce must address the root
        causes" rejects the unconditional ceasefire, not the root-causes option it insists on.
        """
        words = _stems(sentence)
        focused = _stems(focus) if focus else set()
        # (named, score, issue): an issue what the act is done to names comes first ("ready to sign the
        # minerals agreement once security guarantees are in place" is about the minerals deal), then one
        # the sentence names (a keyword, a one-word name) before one that only shares words with it
        # ("foreign-policy aide ... forces" is no foreign presence where the sentence says "ceasefire");
        # then the higher score.
        best: tuple[tuple[bool, bool], float, int] | None = None
        tied = False
        by_stem = self._by_stem
        for k in sorted({k for s in words if s in by_stem for k in by_stem[s]}):
            terms = self._issues[k][1]
            hits = terms.keys() & words
            exact = self._exact[k]
            named = (any(p <= focused for p in exact), any(p <= words for p in exact))
            if len(hits) < 2 and not named[1]:
                continue  # one shared word ("military") is too little to name an issue
            if not hits & self._strong[k] and not any(len(u & words) > 1 for u in self._units[k]):
                continue  # "joint" from one option and "aid" from another name no minerals deal
            score = sum(terms[s] for s in hits)
            if score < self.threshold:
                continue
            if best is None or (named, score) > (best[0], best[1] + 1e-9):
                best, tied = (named, score, k), False
            elif named == best[0] and abs(score - best[1]) <= 1e-9:
                tied = True
        if best is None or tied:
            return None  # nothing named, or two issues equally (the parts of a group): no guess
        issue = self._issues[best[2]][0]
        # "accept the truce without conditions" names no conditional option
        options = self._options[best[2]]
        option = _option(options, _stems(focus) - _denied(focus)) if focus and act not in ENDORSING else None
        option = option or _option(options, words - _denied(sentence))
        value = option.value if option is not None and act in ENDORSING and not negated else None
        return Link(issue.id, option.id if option is not None else None, value, round(best[1], 3))


#: An option with the stems of its label and id that no other option has, those it shares, and its
#: keyword phrases.
_OptionWords = tuple["Option", frozenset[str], frozenset[str], tuple[frozenset[str], ...]]


def _option_words(issue: Issue, general: set[str], actors: set[str]) -> list[_OptionWords]:
    """Each option with its own label stems, the stems it shares, and its keywords' stems.

    Own stems are those of its label and id that no other option has. Words that name the issue as a
    whole (its name and keywords, ``general``) count as shared: "troops" names a foreign-presence issue,
    so "NATO troops or bases" is not the option every sentence about troops names. The actors' names
    count for no option, as for no issue: "Russian Foreign Minister Sergei Lavrov said ..." does not
    name the option "..., Russia has a say".
    """
    labels = [(o, (_stems(o.label) | _stems(o.id.replace("_", " "))) - actors) for o in issue.options]
    common = Counter(s for _, st in labels for s in st)
    return [
        (
            o,
            frozenset(s for s in st if common[s] == 1 and s not in general),
            frozenset(s for s in st if common[s] > 1 or s in general),
            tuple(p for p in (frozenset(_stems(k)) for k in o.keywords) if p),
        )
        for o, st in labels
    ]


def _option(options: list[_OptionWords], words: set[str]) -> Option | None:
    """The option whose distinctive words (absent from the issue's other options) the sentence holds.

    A keyword phrase of an option, all its words in the sentence, counts as two such words. None unless
    one option leads the others by at least half a shared word.
    """
    scored = sorted(
        (
            (len(own & words) + 0.5 * len(shared & words) + 2.0 * sum(p <= words for p in phrases), k)
            for k, (_, own, shared, phrases) in enumerate(options)
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < 1:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.5:
        return None  # two options named about equally: no guess
    return options[scored[0][1]][0]
