"""Dependency rules on sentences written for these tests (general English, not the gold file)."""

from __future__ import annotations

import pytest

from accord.text.pipeline import parse_sentences

CASES = [
    ("The government threatened to impose sanctions on its neighbour.", "THREATEN", "The government"),
    ("Rebels attacked an army post near the border on Sunday.", "FIGHT", "Rebels"),
    ("The minister urged the rebels to release the hostages.", "DEMAND", "The minister"),
    ("Police arrested dozens of opposition supporters in the capital.", "COERCE", "Police"),
    ("The two presidents met in Vienna on Friday.", "CONSULT", "The two presidents"),
    ("The union refused to end the strike.", "REJECT", "The union"),
    ("Thousands of students demonstrated in the capital.", "PROTEST", "Thousands of students"),
    ("The foreign ministry condemned the bombing.", "DISAPPROVE", "The foreign ministry"),
    ("The agency sent food aid to the flooded region.", "AID", "The agency"),
    ("Prosecutors opened an investigation into the deaths.", "INVESTIGATE", "Prosecutors"),
    ("The army will withdraw its troops from the valley.", "AGREE", "The army"),
    ("The council praised the mediators for their patience.", "SUPPORT", "The council"),
    ("The two navies held joint exercises in the gulf.", "COOPERATE", "The two navies"),
    ("The government lifted the curfew in the northern province.", "RETREAT", "The government"),
    ("The general ordered the mobilization of reservists.", "MOBILIZE", "The general"),
    ("The army mobilized thousands of reservists on Monday.", "MOBILIZE", "The army"),
    ("The ministry rejected the proposal as unworkable.", "REJECT", "The ministry"),
    ("Gunmen kidnapped two aid workers on the road to the airport.", "ASSAULT", "Gunmen"),
    ("The government agreed to hold talks with the rebels.", "AGREE", "The government"),
    ("The embassy recalled its ambassador for consultations.", "SANCTION", "The embassy"),
    (
        "Heavy fighting broke out between government troops and rebels.",
        "FIGHT",
        "government troops and rebels",
    ),
    ("Talks between the two sides resumed in Geneva.", "CONSULT", "the two sides"),
    ("Air strikes killed ten civilians in the north.", "FIGHT", "Air strikes"),
    ("The ruling party issued a statement demanding early elections.", "DEMAND", "The ruling party"),
    ("The regime resumed enrichment in defiance of the deadline.", "REJECT", "The regime"),
    ("The regime resumed enrichment in March in defiance of the deadline.", "REJECT", "The regime"),
    ("The commander ordered his troops to pull back from the ridge.", "RETREAT", "The commander"),
    ("The court ordered the confiscation of the tycoon's assets.", "COERCE", "The court"),
    ("The navy staged exercises off the coast.", "MOBILIZE", "The navy"),
    ("The city council overturned its ban on street protests.", "CONCEDE", "The city council"),
    ("The junta stripped the editor of his press licence.", "COERCE", "The junta"),
    ("The donors stripped the ministry of its budget aid.", "SANCTION", "The donors"),
    ("The firm donated two fire engines to the town.", "AID", "The firm"),
    ("Militiamen attacked a village near the river, killing eight people.", "ASSAULT", "Militiamen"),
    ("Government troops allowed an aid convoy into the besieged city.", "RETREAT", "Government troops"),
    ("The government raised fuel subsidies, bowing to a nationwide strike.", "CONCEDE", "The government"),
    ("The general ordered his men to open fire on the crowd.", "ASSAULT", "The general"),
    ("The president issued a decree banning opposition rallies.", "COERCE", "The president"),
    ("The opposition called off its sit-in on Monday.", "CONCEDE", "The opposition"),
    ("The republic began selling gas to its neighbour last week.", "COOPERATE", "The republic"),
    ("The kingdom sold fighter jets to the island state.", "AID", "The kingdom"),
    ("Army units swept into the rebel stronghold at dawn.", "FIGHT", "Army units"),
    ("Government troops drove the militias out of the port.", "FIGHT", "Government troops"),
    # light-verb idioms (accord/text/idioms.py)
    ("The council put pressure on the mayor to scrap the tax.", "DEMAND", "The council"),
    ("The neighbours closed ranks against the junta.", "DISAPPROVE", "The neighbours"),
    ("The junta turned a deaf ear to appeals for calm.", "REJECT", "The junta"),
    ("The emirate stepped back from mediation between the two sides.", "SANCTION", "The emirate"),
    ("The regime sent packing the members of the monitoring mission.", "SANCTION", "The regime"),
    ("The separatists called a halt to their campaign of bombings.", "RETREAT", "The separatists"),
    ("The navy took delivery of two frigates from its ally.", "COOPERATE", "The navy"),
    ("The charity set up a field hospital in the flooded town.", "AID", "The charity"),
    ("The two leaders put pen to paper on a peace deal.", "SUPPORT", "The two leaders"),
    ("The guerrillas set free six hostages on Sunday.", "RETREAT", "The guerrillas"),
    (
        "Workers from the two countries jointly reconnected the rail link.",
        "COOPERATE",
        "Workers from the two countries",
    ),
    ("The agency kept the valley supplied with flour all winter.", "AID", "The agency"),
    ("The charity flew blankets and medicines into the flooded city.", "AID", "The charity"),
    ("Peacekeepers shielded thousands of civilians in their base.", "AID", "Peacekeepers"),
    ("The two republics inaugurated a pipeline on Monday.", "COOPERATE", "The two republics"),
    ("The army announced a unilateral ceasefire for the holy month.", "RETREAT", "The army"),
    ("The last foreign troops left the country on Tuesday.", "RETREAT", "The last foreign troops"),
    ("The republic began pumping gas to China through the new pipeline.", "COOPERATE", "The republic"),
    ("Militias drove thousands of villagers from their homes.", "ASSAULT", "Militias"),
    ("Peacekeepers landed in the capital on Monday to restore order.", "AID", "Peacekeepers"),
    ("A U.N. team arrived in the region to investigate the killings.", "INVESTIGATE", "A U.N. team"),
    (
        "The government ordered aid agencies on Friday to suspend all field work.",
        "SANCTION",
        "The government",
    ),
    ("The president recognised opposition victories in the city elections.", "CONCEDE", "The president"),
    ("The dockers began an indefinite strike on Monday.", "PROTEST", "The dockers"),
    ("The government said it would allow a joint force into the province.", "AGREE", "The government"),
    ("The parliament passed a law legalising opposition parties.", "CONCEDE", "The parliament"),
    ("The ministry sent a convoy of trucks carrying food aid to the city.", "AID", "The ministry"),
    ("Security forces resumed coordination with their neighbours on Sunday.", "COOPERATE", "Security forces"),
    ("The president gave the rebels 48 hours to leave the capital.", "THREATEN", "The president"),
    # clause structure (codebook part 22)
    ("The union wants the government to raise wages.", "DEMAND", "The union"),
    ("The army would not rule out a military operation against the rebels.", "THREATEN", "The army"),
    ("The bloc did not condemn the coup but endorsed the plan for elections.", "SUPPORT", "The bloc"),
    ("The minister promised to end torture in police stations.", "AGREE", "The minister"),
    ("Some 600 peacekeepers deployed in the capital to protect civilians.", "AID", "Some 600 peacekeepers"),
    ("Militiamen expelled thousands of villagers from their homes.", "ASSAULT", "Militiamen"),
    ("A walkout by 200,000 teachers closed schools across the country.", "PROTEST", "200,000 teachers"),
    ("The road was blocked by thousands of farmers.", "PROTEST", "thousands of farmers"),
    ("The governor was shot dead by one of his bodyguards.", "ASSAULT", "one of his bodyguards"),
    (
        "The government pledged to allow monitors into the region, two days after rebels accused the army.",
        "AGREE",
        "The government",
    ),
]


@pytest.mark.parametrize(
    "sentence",
    [
        "The state began pumping oil through the new pipeline under the deal.",
        "The index rose two percent after a week of clashes.",
        "Tropical Storm Ana cut power to the capital, forcing hospitals to move patients.",
        "A bus went off the road in the mountains, killing 27 people.",
        "The yen pulled back from a 15-year high against the dollar.",
        "Opinion polls show most voters still support the treaty.",
        "Brazil beat Germany 2-0 in the final on Sunday.",
        "The war has driven ten million people from their homes.",
        "The slump is expected to strain state pension funds.",
        "Typhoon Haiyan slammed into the central islands on Friday.",
        "The economy grew 4 percent, driven by strong consumer demand.",
    ],
)
def test_circumstances_accidents_and_markets_are_no_act(nlp, sentence):
    # "under a deal", "after clashes" say why or when; a storm, an accident or a currency acts for no one
    [(_, _, events)] = list(parse_sentences([sentence]))
    assert not events


@pytest.mark.parametrize(("sentence", "act", "source"), CASES)
def test_act_and_source(nlp, sentence, act, source):
    [(text, doc, events)] = list(parse_sentences([sentence]))
    assert events, "no statement found"
    first = events[0]
    assert first.act == act
    a, b = first.source
    assert doc[a:b].text == source


def _first(sentence):
    [(_, doc, events)] = list(parse_sentences([sentence]))
    return doc, events


def test_negated_cooperation_is_rejection_with_red_line(nlp):
    _, events = _first("The prime minister said his country would never recognise the annexation.")
    assert events[0].act == "REJECT"
    assert {"negation", "red_line", "future"} <= events[0].flags


def test_the_question_put_to_a_speaker_sets_no_condition(nlp):
    _, events = _first("Asked if the city would cede land, the mayor said it would never accept the claim.")
    assert events[0].act == "REJECT"
    assert "condition" not in events[0].flags


def test_condition_and_offer_flags(nlp):
    _, events = _first("The rebels offered to release the prisoners if the army withdraws.")
    assert events[0].act == "AGREE"
    assert {"offer", "condition", "future"} <= events[0].flags


def test_hedge_and_reported_flags(nlp):
    _, events = _first("According to officials, the army may have shelled the town.")
    assert events[0].act == "FIGHT" and {"hedge", "reported"} <= events[0].flags


def test_an_attack_that_did_not_happen_is_no_event(nlp):
    _, events = _first("The rebels did not attack the convoy.")
    assert events == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Prices rose sharply in March.",  # the month, not a march
        "Floods killed twelve people in the valley.",  # a disaster, no actor
        "The factory manufactures weapons for export.",  # arms given to no one
        "The minister told aid workers about the plan.",  # the addressee is no object
        "The central bank kept interest rates unchanged.",  # interest rates are no willingness
    ],
)
def test_no_actor_no_event(nlp, sentence):
    assert _first(sentence)[1] == []


def test_forcing_is_what_the_forced_do_when_that_is_an_event(nlp):
    assert [e.act for e in _first("Protests forced the prime minister to step down.")[1]] == ["CONCEDE"]
    assert [e.act for e in _first("The army forced villagers to work as porters.")[1]] == ["COERCE"]


def test_a_gloomy_warning_is_no_threat(nlp):
    assert _first("The agency warned that the situation at the plant remained precarious.")[1] == []
    threat = _first("Iran warned that it would retaliate against any attack.")[1]
    assert [e.act for e in threat] == ["THREATEN"]


def test_someones_fire_is_shooting_a_fire_is_not(nlp):
    assert _first("Israeli fire killed two Palestinians in Gaza on Monday.")[1]
    assert _first("A fire at a garment factory killed twelve workers.")[1] == []


def test_an_opinion_is_no_statement(nlp):
    _, events = _first("Many commentators think the country is weak and isolated.")
    assert events == []


def test_reported_speech_takes_the_speaker_as_source_for_a_pronoun(nlp):
    doc, events = _first("The foreign minister said it would impose sanctions on the regime.")
    assert events[0].act == "THREATEN"
    a, b = events[0].source
    assert doc[a:b].text == "The foreign minister"


def test_passive_agent_is_the_source_and_subject_the_target(nlp):
    doc, events = _first("The convoy was attacked by rebels near the border.")
    assert events[0].act == "FIGHT"
    a, b = events[0].source
    t0, t1 = events[0].target
    assert doc[a:b].text == "rebels" and doc[t0:t1].text == "The convoy"
