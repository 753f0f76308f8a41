"""Dependency rules: from a parsed sentence to coded events (act, source, target, flags).

The rules walk the parse from the sentence's root, the way a reader does: a reporting verb ("said") passes
to what was said and records the speaker; a frame verb ("urged", "refused", "accused") fixes the act
whatever follows; an intent verb ("promised", "is ready to") turns the act it governs into AGREE or
THREATEN (CAMEO 03 and 13: *express intent to* ...); a light verb ("held talks", "imposed sanctions") takes
its act from its object; negation turns a refused cooperative act into REJECT. Only the root clause and
clauses coordinated with it (with their own subject) make statements, so a relative clause or a
background mention does not; a deeper trigger is used only when the main clauses have none.

The lexicons are in :mod:`accord.text.lexicon`, argument-based senses in :mod:`accord.text.senses`,
clause cues in :mod:`accord.text.cues`, and source and target in :mod:`accord.text.roles`.
"""

from __future__ import annotations

from typing import Any

from .cues import (
    _admitted,
    _agentive,
    _allied,
    _alone,
    _answer,
    _attempt,
    _attribution,
    _background,
    _bowing,
    _defiance,
    _entry,
    _finish,
    _forced,
    _foreign_forces,
    _hostile_means,
    _intent,
    _negated,
    _obligation,
    _ordered,
    _own_subject,
    _phrasal,
    _published,
    _relative,
    _time_has_come,
    _ultimatum,
    negate,
)
from .frames import frame_sense, light_sense
from .lexicon import (
    COOPERATIVE,
    HOSTILE,
    LIGHT,
    NEGATED,
    NOUNS,
    OFFER_WORDS,
)
from .nested import asked, conceding, effect, only_gloomy, prospect, reply, stood_down
from .noact import no_act
from .roles import Coded, _Ctx, _roles, _set_source, _span, _subject, clause_subject
from .senses import HELPERS, TRANSFER, _recipient, _sense, joint, violence
from .tokens import (
    _ancestors,
    _children,
    _crowd,
    _depth,
    _head,
    _lemma,
    _object_class,
    _sentence,
    _subtree,
    _tree,
    release,
)

__all__ = ["Coded", "code_sentence"]

Token = Any  # spacy.tokens.Token (spaCy is an optional dependency)

_VERBAL = ("VERB", "AUX")
_NOMINAL = ("NOUN", "PROPN")
_COMPLEMENT = ("ccomp", "xcomp", "parataxis")
_OBJECTS = ("dobj", "attr", "oprd", "dative")


def code_sentence(doc: Token, text: str | None = None) -> list[Coded]:
    """Coded events of one parsed sentence: its main clause, clauses coordinated with it, else a fallback.

    ``doc`` is a parsed spaCy ``Doc`` holding one sentence (or a few, when the parser splits it);
    ``text`` is its text when the caller has it (``Doc.text`` joins the tokens again).
    """
    try:
        return _code(doc, text)
    finally:
        release()  # the sentence's tables (:func:`accord.text.tokens._tree`) keep no Doc alive


def _code(doc: Token, text: str | None) -> list[Coded]:
    out: list[Coded] = []
    sent = _tree(doc)  # each token, head and child read once for all the rules
    toks, up = sent.toks, sent.up  # up: offsets to each token's head; 0 at a root
    roots = [_attribution(toks[i]) for i, h in enumerate(up) if h == 0]
    # A headline-like parse ("The party, X, alleged that ...") hangs the verb off a noun root.
    # The verb may hang lower, on the subject's last noun ("Families of the victims ... pressed for"),
    # and be tagged a participle where the sentence has no finite verb at all.
    verbless = any(r.pos_ in _NOMINAL for r in roots) and not any(
        t.tag_ in ("VBD", "VBZ", "VBP") for t in toks
    )
    roots += [
        c
        for r in roots
        if r.pos_ in _NOMINAL
        for c in _subtree(r)
        if c.dep_ == "acl"
        and (c.tag_ == "VBD" or any(g.dep_ == "ccomp" for g in _children(c)) or c.tag_ == "VBN" and verbless)
        and all(a.pos_ in _NOMINAL or a.pos_ == "ADP" for a in _ancestors(c))
    ]
    heads = [
        h
        for r in roots
        for h in [r, *(c for c in _children(r) if c.dep_ == "conj" and c.pos_ in _VERBAL and _own_subject(c))]
    ]
    for head in heads:
        c = _clause(head, _Ctx())
        granted = c is None or c.act in ("AGREE", "CONSULT") or c.act == "DEMAND" and c.trigger != head.i
        if granted and head.pos_ in _VERBAL and conceding(head, _clause):
            c = c or Coded("CONCEDE", head.i, head.i, confidence=0.7)
            c.act = "CONCEDE"  # "approved amendments, meeting the protesters' demands" (CAMEO 083)
            if c.source is None:
                _roles(c, head, _Ctx())
        elif c is not None and c.act in ("AID", "RETREAT", "COERCE"):
            verb = toks[c.trigger] if toks[c.trigger].pos_ in _VERBAL else _head(toks[c.trigger])
            if _bowing(verb):
                c.act = "CONCEDE"  # "restored fuel subsidies" or "dismissed the governor", bowing to (083)
        if c is None:
            c = reply(head, _clause)
        if c is None:  # "did not condemn the coup but endorsed the plan": the verb it shares a subject with
            shared = (_clause(j, _Ctx()) for j in _children(head) if j.dep_ == "conj" and j.pos_ in _VERBAL)
            c = next((x for x in shared if x is not None), None)
        if c is not None and all(c.trigger != o.trigger for o in out):
            out.append(c)
    if not out:
        # No trigger in the main clauses: take the shallowest one below them, with less confidence.
        for i in sorted(range(len(up)), key=lambda i: (_depth(up, i), i)):
            tok = toks[i]
            if (
                up[i] == 0
                or tok.dep_ in _NOT_CLAUSES
                or not _may_code(tok)
                or _background(tok)
                or _relative(tok)
                or asked(tok)
                or any(asked(a) for a in _ancestors(tok))  # what was asked is no one's act
            ):
                continue
            c = _clause(tok, _Ctx(depth=1))
            if c is not None:
                c.confidence = round(c.confidence - 0.15, 2)
                out.append(c)
                break
    sent_text = (doc.text if text is None else text).lower()
    if (
        out
        and out[0].act in ("DEMAND", "AGREE", "MOBILIZE", "RETREAT", "CONCEDE")
        and "face" in sent_text
        and _ultimatum(doc)
    ):
        out[0].act = "THREATEN"  # "... or face air strikes": an ultimatum (CAMEO 139)
    for c in out:
        if c.source is None and c.speaker is None:
            clause_subject(c, doc)
        _finish(c, doc, sent_text)
    return [c for c in out if not no_act(c, doc)]  # a date, a disaster, a market, a poll: no one acting


_ARMS = frozenset("weapon arms ammunition missile missiles rocket rockets".split())
_NOT_CLAUSES = frozenset(("ROOT", "relcl", "acl", "amod", "compound", "pobj", "nsubj", "dobj"))


def _may_code(tok: Token) -> bool:
    """Whether :func:`_clause` can code ``tok`` at all: a verb, a trigger, or "be" or "come".

    The fallback asks this of every token before the costlier background and relative-clause tests.
    """
    return tok.pos_ in _VERBAL or _lemma(tok) in ("be", "come") or _entry(tok) is not None


def _clause(tok: Token, ctx: _Ctx) -> Coded | None:
    """Code the clause headed by ``tok`` (None when it holds no trigger)."""
    if ctx.depth > 6:
        return None
    if _lemma(tok) == "be" or tok.pos_ == "AUX" and tok.dep_ == "ROOT":
        pred = next((c for c in _children(tok) if c.dep_ in ("acomp", "attr") and _entry(c)), None)
        if pred is not None:
            inner = _clause(pred, ctx.deeper())
            if inner is not None:
                inner.top = tok.i
                subj = _subject(tok)
                if _lemma(pred) in _JUDGEMENTS and ctx.speaker is not None:
                    # "X said peacekeepers were unacceptable": X judges, the subject is what is judged
                    inner.source = _span(ctx.speaker)
                    inner.target = _span(subj) if subj is not None else None
                elif inner.source is None and subj is not None:
                    _set_source(inner, subj, ctx)
            return inner
    entry = _entry(tok)
    kind, act = entry if entry is not None else (None, None)
    if kind == "frame" and _attempt(tok):
        kind, act = "light", None  # "sought to rally Arab governments against ...": the act attempted
    neg = _negated(tok)
    coded: Coded | None = None
    if _lemma(tok) == "come" and (urged := _time_has_come(tok)) is not None:
        coded = Coded("DEMAND", urged.i, tok.i, confidence=0.75)  # "the time has come for X to go" (10)
        tgt = _subject(urged)
        coded.target = _span(tgt) if tgt is not None else None
        _roles(coded, tok, ctx)
        return coded
    if kind in (None, "light") and tok.pos_ in _VERBAL and (caused := effect(tok, ctx)) is not None:
        return caused
    if kind in (None, "light") and tok.pos_ in _VERBAL and _lemma(tok) in _OCCUR:
        # "Troops began pulling out": the event is the verb they began
        for c in _children(tok):
            if c.dep_ == "xcomp" and c.pos_ in _VERBAL:
                inner = _clause(c, ctx.deeper())
                if inner is not None:
                    inner.top = tok.i
                    return inner
        # "Fighting broke out", "Talks took place": the event is the subject noun; "troops took control of
        # the town" is no occurrence
        objects = [_lemma(c) for c in _children(tok) if c.dep_ == "dobj"]
        noun = next(
            (c for c in _children(tok) if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"), None
        )
        noun = noun if objects in ([], ["place"], ["effect"]) else None
        noun_act = (NOUNS.get(_lemma(noun)) or NOUNS.get(noun.lower_)) if noun is not None else None
        if noun is not None and noun_act is not None:
            coded = Coded(noun_act, noun.i, tok.i, confidence=0.7)
            _roles(coded, noun, ctx)
            spoken = ctx.speaker is not None and coded.source == _span(ctx.speaker)
            if coded.source is None or spoken:  # "fighting broke out between X and Y", "clashes between"
                preps = (*_children(tok), *_children(noun))
                prep = next((c for c in preps if c.dep_ == "prep" and c.lower_ in ("between", "by")), None)
                pobj = (
                    next((g for g in _children(prep) if g.dep_ == "pobj"), None) if prep is not None else None
                )
                if pobj is not None:
                    coded.source = _span(pobj)
            return coded
    if kind in ("speech", "light", None) and tok.pos_ in _VERBAL:
        cls = _object_class(tok, direct=kind == "speech")
        light = None
        if cls is not None and not (_lemma(tok) == "call" and cls[0] not in _CALLED):
            light = LIGHT.get((_phrasal(tok), cls[0]))
            if light is None and _lemma(tok) not in _STATIVE:
                light = LIGHT.get(("*", cls[0]))
            given = _lemma(tok) in TRANSFER or _recipient(tok)
            if light == "AID" and kind is None and not given and not _bound(tok, cls[1]):
                light = None  # an unknown verb of funds gives nothing to no one ("strain pension funds")
            if light == "MOBILIZE" and _lemma(tok) in ("allow", "permit", "let"):
                light = None  # "would allow a joint force into Darfur": the allowing is the act (086, 062)
            if light == "AID" and _lemma(cls[1]) in _ARMS and not given:
                # arms made, tested or used ("unleashed weapons on the town") are given to no one; put
                # beyond use, they are decommissioned (0873)
                beyond = any(c.dep_ == "prep" and c.lower_ == "beyond" for c in _children(tok))
                light = "RETREAT" if beyond else None
        if (
            kind == "light"
            and _lemma(tok) in TRANSFER
            and (cls is None or light == "MOBILIZE")
            and _recipient(tok)
        ):
            dobj = next((c for c in _children(tok) if c.dep_ == "dobj"), None)
            if (
                dobj is not None
                and _lemma(dobj) not in _GROUPS
                and (light is None or _lemma(tok) not in ("send", "dispatch"))
            ):
                light, cls = "AID", ("aid", dobj)  # delivering tanks, computers or oil to someone (07)
        if kind == "light" and light is None and _lemma(tok) in TRANSFER:
            dobj = next((c for c in _children(tok) if c.dep_ == "dobj"), None)
            if dobj is not None and (_lemma(dobj) in HELPERS or dobj.lower_ in HELPERS):
                light, cls = "AID", ("aid", dobj)  # sending doctors or rescuers
        sensed = light_sense(tok)
        if sensed is None and kind == "light" and _lemma(tok) == "raise":
            sensed = prospect(tok, ctx, _clause)  # "raised the prospect of dissolving the party"
        if sensed is not None:
            coded = Coded(sensed, tok.i, tok.i, confidence=0.7)
            _intent(coded, tok, ctx)
        elif light is not None:
            coded = Coded(light, cls[1].i, tok.i, confidence=0.75)  # type: ignore[index]
            _intent(coded, tok, ctx)
        elif _lemma(tok) in _CROWD_VERBS and _crowd(_subject(tok)):
            coded = Coded("PROTEST", tok.i, tok.i, confidence=0.7)  # "thousands gathered", "poured into"
        elif kind == "speech" and (answer := _answer(tok)) is not None:
            coded = Coded(answer, tok.i, tok.i, confidence=0.75)  # "said no to the plea" (12), "yes to" (03)
        elif kind == "speech" and _lemma(tok) == "tell" and _ordered(tok):
            coded = Coded("DEMAND", tok.i, tok.i, confidence=0.75)  # "told Ethiopia to stop fighting"
        elif kind == "light" and _lemma(tok) in ("allow", "permit", "let") and _foreign_forces(tok):
            coded = Coded("COOPERATE", tok.i, tok.i, confidence=0.7)  # basing rights (CAMEO 062)
            _intent(coded, tok, ctx)
        else:
            speaker = _subject(tok) if kind == "speech" else ctx.speaker
            for c in _children(tok):
                if kind == "speech" and speaker is not None and _obligation(c):
                    # "X said Y must ...": a demand on Y by the speaker
                    coded = Coded("DEMAND", c.i, tok.i, confidence=0.75)
                    tgt = _subject(c)
                    coded.target = _span(tgt) if tgt is not None else None
                    _roles(coded, tok, ctx)
                    return coded
                # "said sorry": a speech verb's adjective complement is what was said
                said = kind == "speech" and c.dep_ == "acomp"
                if (
                    c.dep_ in _COMPLEMENT or said or (kind == "light" and c.dep_ == "conj")
                ) and not _background(c):
                    inner = _clause(c, _Ctx(speaker=speaker, intent=ctx.intent, depth=ctx.depth + 1))
                    if inner is not None:
                        inner.top = tok.i
                        if kind == "speech" and speaker is not None:
                            inner.speaker = _span(speaker)
                        elif kind == "light" and "future" not in inner.flags:
                            _intent(inner, tok, ctx)  # "will move to ban the party": a threat
                        if kind == "light" and neg and inner.act in NEGATED:
                            inner.flags.add("negation")  # "would not let the envoy meet them" (12)
                            inner.act = NEGATED[inner.act]
                        return inner
            if kind == "light" and _lemma(tok) in ("allow", "permit", "let") and _agentive(tok):
                # letting inspectors or aid in is RETREAT (086); other yielding CONCEDE (08)
                coded = Coded("RETREAT" if _admitted(tok) else "CONCEDE", tok.i, tok.i, confidence=0.7)
                _intent(coded, tok, ctx)
            elif (said := _published(tok)) is not None:
                # "issued a statement demanding reforms": the statement's participle is the act
                inner = _clause(said, ctx.deeper())
                if inner is None:
                    return None
                inner.top = tok.i
                subj = _subject(tok)
                if subj is not None:
                    _set_source(inner, subj, ctx)
                return inner
            elif (forced := _forced(tok)) is not None:
                coded = Coded(forced, tok.i, tok.i, confidence=0.75)
            elif (defiance := _defiance(tok)) is not None:
                # "resumed enrichment in defiance of a deadline" (128)
                coded = Coded("REJECT", defiance.i, tok.i, confidence=0.7)
            else:
                return None
    elif kind == "intent":
        comp = next((c for c in _children(tok) if c.dep_ in ("xcomp", "ccomp")), None)
        inner = (
            _clause(comp, _Ctx(speaker=ctx.speaker, intent=True, depth=ctx.depth + 1))
            if comp is not None
            else None
        )
        obj_cls = _object_class(tok)
        dobj = next((c for c in _children(tok) if c.dep_ == "dobj"), None)
        # "wants Israel to withdraw", "wants Argentina to cut spending": a demand on someone else
        on_other = (
            comp is not None
            and _lemma(tok) in ("want", "expect", "wish")
            and (
                dobj is not None
                and comp.dep_ == "xcomp"
                or comp.dep_ == "ccomp"
                and comp.i > tok.i
                and _own_subject(comp)
            )
        )
        asked_of = dobj if dobj is not None else _subject(comp) if comp is not None else None
        if inner is None and on_other and asked_of is not None and _party(asked_of):
            inner = Coded("DEMAND", tok.i, tok.i)  # not "expects output to reach 5.9 million tonnes"
        if inner is not None:
            inner_act = inner.act
            if on_other:
                new = "DEMAND"
            elif _lemma(tok) in _OFFERING:
                new = "AGREE"  # offering troops or talks is an offer, whatever is offered
            elif inner_act in HOSTILE or inner_act == "THREATEN":
                new = "THREATEN"  # "ready to declare a state of emergency"
            elif _lemma(tok) in OFFER_WORDS:
                new = "AGREE"
            elif inner_act in COOPERATIVE:
                new = "AGREE"
            else:
                new = inner_act
            coded = Coded(new, inner.trigger, tok.i, target=inner.target, confidence=0.85)
            coded.flags |= inner.flags & {"negation"}
            if inner_act in COOPERATIVE and new == "AGREE" and "negation" in inner.flags:
                coded.act = "REJECT"
        elif obj_cls is not None:
            light = LIGHT.get((_phrasal(tok), obj_cls[0])) or LIGHT.get(("*", obj_cls[0]))
            if light is None:
                return None
            if light in HOSTILE and _lemma(tok) not in OFFER_WORDS:
                new = "THREATEN"  # "vowed military action"; but offering troops is an offer of help
            elif light in ("SUPPORT", "DEMAND", "DISAPPROVE", "THREATEN"):
                new = light
            else:
                new = "AGREE"
            coded = Coded(new, obj_cls[1].i, tok.i, confidence=0.8)
        elif comp is not None and (means := _hostile_means(comp)) is not None:
            coded = Coded("THREATEN", means.i, tok.i, confidence=0.75)  # "vowed to ... with mass protests"
        elif act is not None:
            coded = Coded(act, tok.i, tok.i, confidence=0.8)
        else:
            return None
        coded.flags.add("future")
        if _lemma(tok) in OFFER_WORDS and coded.act in ("AGREE", "CONCEDE"):
            coded.flags.add("offer")
    elif kind == "frame" and act is not None:
        if act == "THREATEN" and _lemma(tok) == "warn" and only_gloomy(tok, ctx, _clause):
            return None  # "warned that the situation remained precarious": a gloomy remark, no threat
        coded = Coded(frame_sense(tok, act) if tok.pos_ in _VERBAL else act, tok.i, tok.i, confidence=0.9)
        ordered = stood_down(tok, ctx, _clause) if coded.act != "SANCTION" else None  # not a mission out
        if ordered is not None:
            coded.act, coded.trigger = ordered.act, ordered.trigger
        if tok.pos_ in _VERBAL:
            _intent(coded, tok, ctx)  # "will support": intent to cooperate (CAMEO 032)
    elif kind == "act" and act is not None:
        sense = _sense(tok, act) if tok.pos_ in _VERBAL else act
        if sense is None:
            return None
        coded = Coded(sense, tok.i, tok.i, confidence=0.85 if tok.pos_ in _VERBAL else 0.7)
        if tok.pos_ in _VERBAL:
            _intent(coded, tok, ctx)
    if coded is None:
        return None
    if coded.act in ("FIGHT", "ASSAULT", "COERCE", "REJECT") and tok.pos_ in _VERBAL:
        coded.act = violence(tok, coded.act)
    if (
        coded.act in _JOINABLE
        and joint(_sentence(tok)[coded.trigger], tok)
        or coded.act == "MOBILIZE"
        and _allied(tok)
    ):
        coded.act = "COOPERATE"  # joint exercises, patrols, operations, investigations (CAMEO 06)
    elif coded.act == "COOPERATE" and _alone(_sentence(tok)[coded.trigger], tok):
        coded.act = "MOBILIZE"  # exercises held alone are a show of force (15), not cooperation (062)
    if ctx.depth:
        coded.confidence -= 0.05
    if neg and not negate(coded, tok):
        return None
    _roles(coded, tok, ctx)
    return coded


def _bound(tok: Token, goods: Token) -> bool:
    """Goods sent somewhere or for someone: "to", "into" or "for" on the verb or on the goods."""
    return any(
        c.dep_ == "prep" and c.lower_ in ("to", "into", "for") for h in (tok, goods) for c in _children(h)
    )


def _party(tok: Token) -> bool:
    """A name or a noun for a party that can be asked to act ("Argentina", "the government")."""
    return tok.pos_ == "PROPN" or _lemma(tok) in _PARTIES


_PARTIES = frozenset("government authorities regime rebels side sides party parties leaders junta".split())
_CALLED = frozenset(("talks", "protest", "agreement", "demand"))
_OCCUR = frozenset(
    "erupt break occur take continue begin start resume flare intensify escalate rage spread happen persist "
    "follow come hit".split()
)


_JOINABLE = frozenset(("FIGHT", "MOBILIZE", "INVESTIGATE", "AID", "COOPERATE"))
#: People sent on a mission, not goods: sending them is no aid by itself.
_GROUPS = frozenset("team mission delegation group envoy official officials representative go-ahead".split())
#: Predicates that judge their subject ("peacekeepers are unacceptable"), where the speaker is the source;
#: others state the subject's own stance ("Washington is disappointed").
_JUDGEMENTS = frozenset(
    "unacceptable inadmissible impossible non-negotiable disgrace blunder travesty farce".split()
)
_OFFERING = frozenset("offer propose volunteer suggest float".split())


#: Verbs that relate someone to a thing without doing anything to it ("traders weighed tight supplies",
#: "depends on food handouts"): their object's class is no act.
_STATIVE = frozenset("weigh depend rely need lack cost await hinge fear doubt estimate".split())


_CROWD_VERBS = frozenset("gather assemble converge pour flood throng".split())
