"""Clause-level cues the rules read: tense, modality, negation, phrasal verbs, and argument frames.

The frames decide an act from its arguments: who is let in, who is told to act, an ultimatum, a clause
that only dates another.

Split from :mod:`accord.text.coder`, which calls them; none of them codes a clause itself.
"""

from __future__ import annotations

import re
from typing import Any

from .lexicon import (
    ADJECTIVES,
    CONDITION,
    COOPERATIVE,
    HEDGE,
    HOSTILE,
    LIGHT,
    NEGATED,
    NOUNS,
    RED_LINE,
    VERBS,
)
from .roles import Coded, _Ctx
from .tokens import (
    _ancestors,
    _children,
    _head,
    _lemma,
    _mission,
    _noun_class,
    _object_class,
    _sentence,
    _subtree,
    _tree,
    phrasal,
)

Token = Any  # spacy.tokens.Token (spaCy is an optional dependency)

_VERBAL = ("VERB", "AUX")


_BEFORE = frozenset("after since before following until".split())
_REACTIONS = frozenset(("prompt", "draw", "spark", "trigger", "provoke"))


def _background(tok: Token) -> bool:
    """Whether a clause only dates the main one ("..., days after gunmen attacked ..."): no statement."""
    t = tok
    for _ in range(8):
        # the model hangs "two days after rebels accused ..." as an adverbial or a complement clause
        # ("had long since forgiven": no "since" clause)
        marked = t.dep_ in ("advcl", "ccomp") and any(
            c.dep_ == "mark" and c.lower_ in _BEFORE and t.doc[c.i - 1].lower_ != "long" for c in _children(t)
        )
        if marked or t.dep_ == "advcl" and t.tag_ == "VBG" and _lemma(t) in _REACTIONS:
            return True  # "..., prompting a protest from Madrid": the reaction is someone else's act
        if (
            t.dep_ == "pcomp"
            and _head(t).lower_ in _BEFORE
            or t.dep_ == "pobj"
            and _head(t).lower_ in _BEFORE
        ):
            return True
        if _head(t).i == t.i:
            return False
        t = _head(t)
    return False


def _ultimatum(doc: Token) -> bool:
    """A demand backed by a threat: "... or face air strikes / consequences / sanctions"."""
    for t in _tree(doc).toks:
        if _lemma(t) == "face" and any(
            c.dep_ == "cc" and c.lower_ == "or" for c in _children(_head(t)) if c.i < t.i
        ):
            objs = [c for c in _children(t) if c.dep_ == "dobj"]
            if any(LIGHT.get(("*", _noun_class(o) or "")) in HOSTILE | {"THREATEN"} for o in objs):
                return True
    return False


def _own_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in _children(tok))


def _negated(tok: Token) -> bool:
    """A negated verb: "did not", "never", or an object with "no" ("will accept no aid")."""
    for c in _children(tok):
        dep = c.dep_
        if dep == "neg" or dep == "advmod" and _lemma(c) in _NOT:
            return True
        if dep == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in _children(c)):
            return True
    return False


_NOT = frozenset(("never", "not", "no"))


def _future(tok: Token) -> bool:
    """A future act: "will" or "would", also on the verb it is coordinated with ("will train and equip")."""
    for c in (*_children(tok), *(_children(_head(tok)) if tok.dep_ == "conj" else ())):
        if c.dep_ == "aux" and _lemma(c) in ("will", "shall", "would", "'ll"):
            return True
    return tok.dep_ == "xcomp" and _lemma(_head(tok)) == "go" and _head(tok).tag_ == "VBG"


def _possible(tok: Token) -> bool:
    """A modal of possibility on a present act ("could sever"), not a guess about the past ("may have")."""
    aux = {c.lower_ for c in _children(tok) if c.dep_ in ("aux", "auxpass")}
    # "could sever", and the passive "could be imposed"
    base = tok.tag_ == "VB" or tok.tag_ == "VBN" and "be" in aux
    return bool(aux & {"could", "might", "may"}) and not aux & {"have", "'ve"} and base


def _admitted(tok: Token) -> bool:
    """Whether "let"/"allow" admits outsiders: inspectors, peacekeepers, aid or relief convoys (CAMEO 086)."""
    for c in _children(tok):
        who = c if c.dep_ in ("dobj", "nsubjpass") else None
        if c.dep_ in ("ccomp", "xcomp"):
            who = next((g for g in _children(c) if g.dep_ in ("nsubj", "dobj")), None)
        if who is not None and (
            _noun_class(who) in ("monitor", "aid") or _lemma(who) in _OUTSIDERS or _keepers(who)
        ):
            return True
    return False


_OUTSIDERS = frozenset(
    "convoy convoys worker workers agency agencies peacekeeper peacekeepers truck trucks lorry "
    "lorries".split()
)


def _hostile_means(comp: Token) -> Token | None:
    """A hostile noun in a promised act's means ("bring the country to a standstill with mass protests")."""
    for g in _subtree(comp):
        if g.pos_ == "NOUN" and g.dep_ == "pobj" and _head(g).lower_ in ("with", "by", "through"):
            if LIGHT.get(("*", _noun_class(g) or "")) in HOSTILE:
                return g
    return None


def _allied(tok: Token) -> bool:
    """Exercises by two parties together: "French and Egyptian warships launched war games" (CAMEO 062)."""
    subj = next((c for c in _children(tok) if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    wide = _object_class(tok)
    drills = wide is not None and wide[0] in ("drills", "cooperation")
    # "French and Egyptian warships", "warships from South Korea, Japan and the United States"
    owners = [m for m in _children(subj) if m.dep_ in ("amod", "compound")]
    owners += [g for p in _children(subj) if p.dep_ == "prep" and p.lower_ == "from" for g in _children(p)]
    paired = any(c.dep_ == "conj" for c in _children(subj)) or any(
        c.dep_ == "conj" for m in owners for c in _children(m)
    )
    return drills and paired


def _phrasal(tok: Token) -> str:
    """A light verb's key with its particle ("call_off"); prepositions do not count here."""
    return phrasal(tok, preps=False)


def _foreign_forces(tok: Token) -> bool:
    """Whether "allow" or "let" admits someone's armed forces, not peacekeepers ("allowed U.S. forces")."""
    for c in _children(tok):
        who = c if c.dep_ == "dobj" else None
        if c.dep_ in ("ccomp", "xcomp"):
            who = next((g for g in _children(c) if g.dep_ in ("nsubj", "dobj")), None)
        if who is not None and _noun_class(who) == "troops" and not _keepers(who):
            return True
    return False


def _keepers(who: Token) -> bool:
    """Peacekeepers, or troops of a UN or peacekeeping force ("the first 400 troops of the UN force")."""
    if _mission(who) or _lemma(who) in ("peacekeeper", "peacekeepers"):
        return True
    of = next((c for c in _children(who) if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and any(_keepers(g) for g in _children(of) if g.dep_ == "pobj")


def _ordered(tok: Token) -> bool:
    """Whether "told" has a person and a to-infinitive: an order, not a report."""
    dobj = next((c for c in _children(tok) if c.dep_ in ("dobj", "dative")), None)
    return dobj is not None and any(c.dep_ == "xcomp" and c.pos_ in _VERBAL for c in _children(tok))


def _agentive(tok: Token) -> bool:
    """Whether the subject can act (a name or a pronoun), not a thing ("a truce would let ...")."""
    subj = next((c for c in _children(tok) if c.dep_ == "nsubj"), None)
    return (
        subj is None
        or subj.pos_ in ("PROPN", "PRON")
        or bool(subj.ent_type_)
        or _lemma(subj) in _INSTITUTIONS
    )


#: Subjects that act though they are common nouns ("the court allowed ...", "the government let ...").
_INSTITUTIONS = frozenset(
    "government authorities authority court ministry parliament junta council regime administration "
    "army police president leader forces troops military rebels militia militias guerrillas officials "
    "commission committee regulator".split()
)


_OBLIGATION = frozenset(("must", "should", "ought"))


_FIRST_PERSON = frozenset(("i", "we"))


def _obligation(tok: Token) -> bool:
    """Whether a complement clause states an obligation on a third party ("Y must withdraw")."""
    if tok.dep_ not in ("ccomp", "parataxis") or tok.pos_ not in _VERBAL:
        return False
    subj = next((c for c in _children(tok) if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in _FIRST_PERSON:
        return False
    return any(c.dep_ == "aux" and _lemma(c) in _OBLIGATION for c in _children(tok))


def _relative(tok: Token) -> bool:
    """Inside a relative clause on the subject, or an open question: background or no statement.

    "Karadzic, who was convicted and sentenced ..., is serving ..."; "unclear whether Ankara would seek".
    """
    for t in (tok, *_ancestors(tok)):
        dep = t.dep_
        if dep == "relcl" and _head(t).dep_ in ("nsubj", "nsubjpass"):
            return True
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in _children(t)):
            return True
        if dep in ("ROOT", "ccomp") and t is not tok:
            return False
    return False


_ATTEMPTS = frozenset(("seek", "strive", "endeavour", "endeavor"))


def _attempt(tok: Token) -> bool:
    """Seeking to do something oneself (an ``xcomp`` verb, no object): an attempt, not a request."""
    if _lemma(tok) not in _ATTEMPTS:
        return False
    kids = list(_children(tok))
    own = [c for c in kids if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    return not any(c.dep_ == "dobj" for c in kids) and any(
        not any(g.dep_ == "nsubj" for g in _children(c)) for c in own
    )


def _time_has_come(tok: Token) -> Token | None:
    """The act urged in "the time has come for X to step aside" (a demand on X), if ``tok`` says so."""
    subj = next((c for c in _children(tok) if c.dep_ == "nsubj" and _lemma(c) == "time"), None)
    if subj is None:
        return None
    for c in (*_children(subj), *_children(tok)):
        if c.dep_ in ("relcl", "acl", "advcl") and any(m.lower_ == "for" for m in _children(c)):
            return c
    return None


def _intent(coded: Coded, tok: Token, ctx: _Ctx) -> None:
    """A material act stated as future intent: cooperative -> AGREE, hostile -> THREATEN (CAMEO 03, 13)."""
    if coded.act in HOSTILE and not ctx.intent and _possible(tok):
        coded.flags.add("future")  # "could sever ties", "may block access": a threat (CAMEO 13)
        coded.act = "THREATEN"
    elif coded.act in COOPERATIVE and not ctx.intent and _possible(tok):
        coded.flags.add("future")  # "could withdraw its forces as part of a settlement": an offer (03)
        coded.act = "AGREE"
    elif ctx.intent or _future(tok):
        coded.flags.add("future")
        if not ctx.intent:  # under an intent verb, that verb maps the act itself
            act = coded.act
            # an investigation announced ("will be investigated by an inquiry") is one (09)
            cooperative = act in COOPERATIVE and act != "INVESTIGATE"
            coded.act = "THREATEN" if act in HOSTILE else "AGREE" if cooperative else act


def negate(coded: Coded, tok: Token) -> bool:
    """Apply the negation of the clause headed by ``tok`` to its act; False when no event is left.

    Refusing a cooperative act rejects it, not rejecting accepts (:data:`NEGATED`); "will not attack"
    is intent to de-escalate, "did not attack" no event, and neither is "did not condemn" nor "did not
    call for"; "would not rule out a military operation" is a threat (CAMEO 13).
    """
    coded.flags.add("negation")
    if (
        coded.act == "REJECT"
        and _phrasal(tok) == "rule_out"
        and ((_object_class(tok) or ("",))[0] in ("attack", "troops", "sanctions", "bombing"))
    ):
        coded.act = "THREATEN"
    elif coded.act in NEGATED:
        coded.act = NEGATED[coded.act]
    elif coded.act in HOSTILE and "future" in coded.flags:
        coded.act = "AGREE"
    elif coded.act in HOSTILE:
        return False
    elif coded.act in ("DISAPPROVE", "DEMAND", "THREATEN") and coded.trigger == tok.i:
        return False  # not "would not hesitate to use force", a threat all the same
    return True


def _answer(tok: Token) -> str | None:
    """A speech verb's yes or no to something: "Riyadh said no to the plea" rejects it, "yes to" agrees."""
    if not any(c.dep_ == "prep" and c.lower_ == "to" for c in _children(tok)):
        return None
    for c in _children(tok):
        if c.lower_ in ("no", "yes") and c.dep_ != "prep":
            return "REJECT" if c.lower_ == "no" else "AGREE"
    return None


_RED_LINE_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in RED_LINE) + r")\b")
_CONDITION_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in CONDITION) + r")\b")
_WORDS_RE = re.compile(r"[\w'-]+")
_FUTURE_WORDS = frozenset(("will", "shall", "'ll"))
#: The words :func:`_finish` looks for among the sentence's words.
_FLAG_WORDS = tuple(HEDGE | {"reportedly", "allegedly"} | _FUTURE_WORDS)
_CLOSERS = frozenset(('"', "\u201d", "\u2019", ")"))


def _finish(c: Coded, doc: Token, low: str) -> None:
    """Flags read off the words of the sentence, the quote span, and the confidence."""
    toks = _tree(doc).toks
    top = toks[c.top]
    # Each word and phrase is looked for as a substring first: most sentences hold none, and splitting
    # the sentence into words or searching for the alternation costs as much as all the substring tests.
    words = set(_WORDS_RE.findall(low)) if any(w in low for w in _FLAG_WORDS) else set()
    stance = c.act in ("REJECT", "THREATEN", "DEMAND") or "negation" in c.flags
    if stance and any(p in low for p in RED_LINE) and _RED_LINE_RE.search(low):
        c.flags.add("red_line")
    if {"reportedly", "allegedly"} & words or "according to" in low:
        c.flags.add("reported")
    if (_FUTURE_WORDS & words or "'ll" in low) and any(
        t.lower_ in _FUTURE_WORDS and t.dep_ == "aux" for t in toks
    ):
        c.flags.add("future")
    lo, hi = top.left_edge.i, top.right_edge.i + 1
    for ch in _children(top):
        if ch.dep_ == "conj" and ch.i > top.i and _own_subject(ch):
            hi = min(hi, ch.left_edge.i)  # a coordinated clause with its own subject is another statement
    while (
        hi - 1 > lo
        and (toks[hi - 1].dep_ == "cc" or toks[hi - 1].is_punct)
        and toks[hi - 1].text not in _CLOSERS
    ):
        hi -= 1
    for span in (c.source, c.speaker):
        if span is not None:
            lo, hi = min(lo, span[0]), max(hi, span[1])
    while hi - 1 > lo and toks[hi - 1].is_punct and toks[hi - 1].text not in _CLOSERS:
        hi -= 1
    c.quote = (lo, hi)
    # A condition or a hedge qualifies its own clause: "Trump warned of sanctions if Moscow refused a
    # deal, and his envoy flew to Moscow" sets no condition on the visit.
    own = low[toks[lo].idx - toks[0].idx : toks[hi - 1].idx - toks[0].idx + len(toks[hi - 1].text)]
    put = next((ch for ch in _children(top) if ch.dep_ == "advcl" and _lemma(ch) in _ASKING), None)
    if put is not None and put.tag_ in ("VBN", "VBD"):
        # "Asked if Kyiv would cede land, X said ...": the question's "if" is no condition on the answer
        cut = put.right_edge.idx + len(put.right_edge.text) - toks[lo].idx
        own = own[max(0, cut) :]
    if any(p in own for p in CONDITION) and _CONDITION_RE.search(own):
        c.flags.add("condition")
    if words & HEDGE and set(_WORDS_RE.findall(own)) & HEDGE:
        c.flags.add("hedge")
    penalty = 0.15 * ("hedge" in c.flags) + 0.1 * ("condition" in c.flags) + 0.1 * ("reported" in c.flags)
    penalty += 0.2 * (c.source is None) + 0.1 * c.source_pronoun
    c.confidence = round(max(0.05, min(1.0, c.confidence - penalty)), 2)


_DOCUMENTS = frozenset(
    "statement statements communique declaration letter appeal resolution ultimatum report decree decrees "
    "order edict directive law laws amendment bill".split()
)


def _published(tok: Token) -> Token | None:
    """The participle of a document a verb issues ("issued a statement demanding ..."), if any."""
    for d in _children(tok):
        if d.dep_ == "dobj" and _lemma(d) in _DOCUMENTS:
            return next((c for c in _children(d) if c.dep_ == "acl" and c.tag_ == "VBG"), None)
    return None


def _defiance(tok: Token) -> Token | None:
    """The noun of "in defiance of" on a verb, if any ("resumed enrichment in March in defiance of ...")."""
    ins = (g for c in _children(tok) if c.dep_ == "prep" and c.lower_ == "in" for g in _children(c))
    return next((g for g in ins if g.dep_ == "pobj" and g.lower_ == "defiance"), None)


def _entry(tok: Token) -> tuple[str, str | None] | None:
    lem = _lemma(tok)
    if tok.pos_ in _VERBAL:
        entry = VERBS.get(phrasal(tok))
        if entry is None and tok.lower_.endswith("ed"):
            # a past form the lemmatiser cut wrong ("raped" -> "rap"): try the word's own stems
            word = tok.lower_
            entry = next((VERBS[w] for w in (word[:-1], word[:-2], word[:-3]) if w in VERBS), None)
        return entry
    if tok.pos_ == "ADJ":
        return ADJECTIVES.get(lem)
    if tok.pos_ == "NOUN" and tok.text != "March":  # the month, even where the model tags it a noun
        act = NOUNS.get(lem) or NOUNS.get(tok.lower_)
        return ("act", act) if act else None
    return None


def _attribution(root: Token) -> Token:
    """A trailing attribution that is itself an act ("..., a rights group protested") heads the sentence.

    The event is then the accusation or demand, and the main clause is what it is about.
    """
    if (_entry(root) or ("", None))[0] == "speech":
        return root
    last = next((t.i for t in reversed(_sentence(root)) if not t.is_punct), 0)  # reads the last tokens only
    for c in _children(root):
        if c.dep_ in ("parataxis", "ccomp") and c.i > root.i and _own_subject(c) and c.right_edge.i >= last:
            entry = _entry(c)
            if entry is not None and entry[0] == "frame" or _lemma(c) in _ATTRIBUTING:
                return c
    return root


def _bowing(tok: Token) -> bool:
    """Yielding, said by a participle or the verb it hangs on: "..., bowing to a general strike" (08)."""
    for c in (tok, *(g for g in _children(tok) if g.dep_ == "advcl" and g.tag_ == "VBG")):
        if phrasal(c).removesuffix("_to") in _YIELD and any(g.lower_ == "to" for g in _children(c)):
            return True
    return False


_ASKING = frozenset(("ask", "question", "press"))
_YIELD = frozenset(("bow", "yield", "cave", "bend", "succumb", "give_in"))
_ATTRIBUTING = frozenset(("charge", "protest", "allege", "complain"))


def _alone(trig: Token, tok: Token) -> bool:
    """Exercises held by one party: no partner ("with France"), no allied ships (CAMEO 15, not 062)."""
    if _lemma(trig) != "exercise":
        return False
    partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in (*_children(trig), *_children(tok)))
    return not partner and not _allied(tok)


def _forced(tok: Token) -> str | None:
    """Forcing someone to do what is no event of its own ("forced villagers to work as porters"): COERCE.

    What the forced do, when it is an event, was coded before this is asked: "forced to resign" is the
    resignation (CONCEDE). Forcing civilians to serve as human shields is an assault (18).
    """
    if _lemma(tok) not in ("force", "compel", "coerce") or not any(c.dep_ == "dobj" for c in _children(tok)):
        return None
    return "ASSAULT" if any(_lemma(g) == "shield" for g in _subtree(tok)) else "COERCE"
