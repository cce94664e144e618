"""Each speaker rule of `api.extract.quotes.speakers.RULES` alone, as a table.

A row is a text, its people (by hand, as in ``test_quotes.py``), the opening words of the quote
asked about, and the words the rule alone answers with (the speaker token's text), or None
where the rule does not apply. The quote is asked at its turn in the article, with the speaker
memory the quotes before it left, exactly as `extract_quotes` asks. A new rule gets a table here.
"""

from __future__ import annotations

import pytest

from api.extract.language import read_discourse
from api.extract.quotes import candidates_of
from api.extract.quotes.build import attributed
from api.extract.quotes.context import ArticleContext, Candidate, build_context
from api.extract.quotes.speakers import (
    RULES,
    attribute,
    colon_speaker,
    cue_subject,
    document_author,
    introduced_before_named,
    organisation_voice,
    plural_antecedent,
    plural_topic,
    possessor,
    post_author,
    previous_speaker,
    topic_speaker,
)
from tests.extract.helpers import BLINKEN, people, plain_article

LAVROV = {**BLINKEN, "Sergei_Lavrov": ["Sergei Lavrov", "Lavrov"]}


def turn(nlp, text: str, names: dict, quote: str) -> tuple[ArticleContext, Candidate]:
    """The context of ``text`` and its candidate whose words open with ``quote``, at its turn."""
    context = build_context(read_discourse(nlp(text)), people(text, **names))
    for candidate, _ in attributed(context, plain_article(text), candidates_of(context)):
        words = text[candidate.quoted.start : candidate.quoted.end].strip()
        if words.startswith(quote):
            return context, candidate
    raise AssertionError(f"no candidate opens with {quote!r}")


def answer(rule, nlp, text: str, names: dict, quote: str) -> str | None:
    token = rule(*turn(nlp, text, names, quote))
    return None if token is None else token.text


HOME_OFFICE = {"ORG_Home_Office": ["Home Office"]}
UN = {"ORG_United_Nations": ["United Nations"]}

ORGANISATION_VOICE = [
    pytest.param('"The rules will change," a spokesperson for the Home Office said.',
                 HOME_OFFICE, "The rules", "Office", id="spokesperson-for"),
    pytest.param('A Home Office spokeswoman said: "The rules will change."', HOME_OFFICE,
                 "The rules", "Office", id="compounded-spokeswoman"),
    pytest.param('"The rules will change," said a statement released by the Home Office.',
                 HOME_OFFICE, "The rules", "Office", id="statement-released-by"),
    pytest.param('Steep cuts "are needed now," the United Nations\' climate panel says.', UN,
                 "are needed", "Nations", id="the-organisation's-body"),
    # Not an organisation's voice: a named spokesperson, an unnamed organisation, a
    # spokesperson of a person, a description that is no spokesperson.
    pytest.param('"The rules will change," a Home Office spokesman, John Reed, said.',
                 {**HOME_OFFICE, "John_Reed": ["John Reed"]}, "The rules", None,
                 id="a-named-spokesman"),
    pytest.param('"The rules will change," a spokesperson for the ministry said.', {},
                 "The rules", None, id="organisation-not-named"),
    pytest.param('"The rules will change," a spokesperson for Blinken said.', BLINKEN,
                 "The rules", None, id="a-person's-spokesperson"),
    pytest.param('"The rules will change," one resident of the Home Office estate said.',
                 HOME_OFFICE, "The rules", None, id="no-voice-noun"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), ORGANISATION_VOICE)
def test_organisation_voice(nlp, text, names, quote, expected):
    assert answer(organisation_voice, nlp, text, names, quote) == expected


CBA = {"ORG_Canadian_Beverage_Association": ["Canadian Beverage Association"]}

DOCUMENT_AUTHOR = [
    pytest.param('The Canadian Beverage Association said in a statement that juice "is a '
                 'source of vitamins." The statement also said that cutting it could have '
                 '"serious consequences."', CBA, "serious", "Association",
                 id="the-statement-it-issued"),
    pytest.param('Blinken issued a letter on Friday. The letter said the talks "will go on."',
                 BLINKEN, "will go", "Blinken", id="the-letter-he-issued"),
    pytest.param('The statement said the talks "will go on."', BLINKEN, "will go", None,
                 id="nobody-issued-it-before"),
    pytest.param('Blinken issued a letter. A statement from the EU said the talks "will go '
                 'on."', BLINKEN, "will go", None, id="a-statement-with-its-own-author"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), DOCUMENT_AUTHOR)
def test_document_author(nlp, text, names, quote, expected):
    assert answer(document_author, nlp, text, names, quote) == expected


PLURAL_ANTECEDENT = [
    pytest.param("Authorities described his attempt as a carjacking and said he stabbed its "
                 "driver. They said her injuries were not life-threatening.", {}, "her injuries",
                 "Authorities", id="the-group-that-spoke-before"),
    pytest.param("As news of the allegations surfaced, members complained about what they said "
                 "was a lack of transparency.", {}, "was a lack", "members",
                 id="in-its-own-sentence"),
    pytest.param("The Conservatives believe they will be able to cast it as a tax grab; they "
                 "say their research shows voters want lower taxes.",
                 {"Conservatives": ["Conservatives"]}, "their research", "Conservatives",
                 id="a-group-that-thinks"),
    pytest.param("Almost all revenues, they promise, will be returned to families.", {},
                 "will be returned", None, id="things-are-no-group"),
    pytest.param('"We are ready," Blinken said.', BLINKEN, "We are", None, id="no-they"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), PLURAL_ANTECEDENT)
def test_plural_antecedent(nlp, text, names, quote, expected):
    assert answer(plural_antecedent, nlp, text, names, quote) == expected


LIBERALS = {"ORG_Liberals": ["Liberals"]}

PLURAL_TOPIC = [
    pytest.param("Key to the Liberals\u2019 hopes is their assurance that it won\u2019t take "
                 "money out of Canadians\u2019 pockets. Almost all revenues, they promise, will "
                 "be returned to families.", LIBERALS, "will be returned", "Liberals",
                 id="the-group-the-sentence-before-is-about"),
    pytest.param("The residents were evacuated on Monday. They said the fire spread fast.", {},
                 "the fire", None, id="a-common-noun-is-no-name"),
    pytest.param("The Liberals lost the vote.\n\nThey said the fire spread fast.", LIBERALS,
                 "the fire", None, id="not-across-a-paragraph"),
    pytest.param("Voters backed the Liberals. They said the tax was fair.", LIBERALS,
                 "the tax", None, id="a-name-outside-the-subject"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), PLURAL_TOPIC)
def test_plural_topic(nlp, text, names, quote, expected):
    assert answer(plural_topic, nlp, text, names, quote) == expected


DUNPHY = {"Sean_Dunphy": ["Sean Dunphy"], "Brian_Hemming": ["Brian Hemming"]}
LSSU = {"ORG_Lake_Superior_State_University": ["Lake Superior State University"],
        "Robert_Mueller": ["Robert Mueller"]}

INTRODUCED_BEFORE_NAMED = [
    pytest.param("A Superior Court judge chastised the station on Friday, saying it had been "
                 "\u201cplaying games\u201d with its members.\n\nJustice Sean Dunphy directed "
                 "the station to give Brian Hemming the addresses.", DUNPHY, "it had been",
                 "Dunphy", id="a-person-named-in-the-next-paragraph"),
    pytest.param("No collusion!\n\nThat's according to a Michigan school's latest \u201cList of "
                 "Words Banished from the Queen's English.\u201d\n\nThe term at the centre of "
                 "Robert Mueller's inquiry is on Lake Superior State University's list.", LSSU,
                 "List of Words", "University", id="an-organisation-noun-is-an-organisation"),
    pytest.param("The station met on Monday. The board met on Tuesday. A friend said it had "
                 "been \u201cplaying games\u201d with its members.\n\nJustice Sean Dunphy "
                 "directed the station to give Brian Hemming the addresses.", DUNPHY,
                 "it had been", None, id="not-past-the-opening"),
    pytest.param("The station met on Monday.\n\nThe board met on Tuesday.\n\nA friend said it "
                 "had been \u201cplaying games\u201d with its members.\n\nJustice Sean Dunphy "
                 "directed the station to give Brian Hemming the addresses.", DUNPHY,
                 "it had been", None, id="not-past-the-first-two-paragraphs"),
    pytest.param("The judge chastised the station on Friday, saying it had been \u201cplaying "
                 "games\u201d with its members.\n\nJustice Sean Dunphy directed the station to "
                 "give Brian Hemming the addresses.", DUNPHY, "it had been", None,
                 id="a-definite-description-is-not-this-rule's"),
    pytest.param("A court ruled that Lifan must stop selling Honda motorbikes.\n\nFirms such as "
                 "Yamaha also copy products.", {"ORG_Yamaha": ["Yamaha"], "ORG_Lifan": ["Lifan"]},
                 "that Lifan must", None, id="an-organisation-of-another-kind"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), INTRODUCED_BEFORE_NAMED)
def test_introduced_before_named(nlp, text, names, quote, expected):
    assert answer(introduced_before_named, nlp, text, names, quote) == expected


CUE_SUBJECT = [
    pytest.param('"We are ready to talk," Blinken said on Sunday.', BLINKEN, "We are", "Blinken",
                 id="subject-after-the-quote"),
    pytest.param('Blinken said, "We are ready to talk."', BLINKEN, "We are", "Blinken",
                 id="subject-before-the-quote"),
    pytest.param('"Prices will rise," said the minister.', {}, "Prices", "minister",
                 id="inverted"),
    pytest.param("The talks had failed, according to Blinken.", BLINKEN, "The talks", "Blinken",
                 id="according-to"),
    pytest.param('"We are ready to talk."', BLINKEN, "We are", None, id="no-cue"),
    # The author of what "according to" cites: a list, a report, a work.
    pytest.param('That\'s according to a Michigan school\'s latest "List of Words Banished '
                 'from the Language."', {}, "List of", "school", id="according-to-its-list"),
    pytest.param("The talks had failed, according to Blinken's aide.", BLINKEN, "The talks",
                 "aide", id="according-to-a-person's-aide"),
    # A closing mark the parser took for the cue's subject is none: the next subject is.
    pytest.param("\u201cWe print independent comics,\u2019\u2019 says the founder of the press.",
                 {}, "We print", "founder", id="a-mark-is-no-subject"),
    # A verb of naming or judging cues the fragment that completes it: its subject speaks.
    pytest.param('Blinken called the proposal "a serious offer."', BLINKEN, "a serious",
                 "Blinken", id="naming-verb"),
    pytest.param('Blinken described the plan as "dangerous" on Sunday.', BLINKEN, "dangerous",
                 "Blinken", id="naming-verb-as"),
    pytest.param('Blinken rejected the plan, calling it "reckless."', BLINKEN, "reckless",
                 "Blinken", id="naming-participle"),
    pytest.param('Blinken praised the "extraordinary courage" of the negotiators.', BLINKEN,
                 "extraordinary", "Blinken", id="judging-verb"),
    # A fragment handed over by a comma to the attribution right after it.
    pytest.param('It was a "very dark moment in American history," Blinken said.', BLINKEN,
                 "very dark", "Blinken", id="fragment-then-attribution"),
    # A participle describing what the speaker gave ("an interview noting"), and one after a
    # gerund clause with its own subject ("him apologizing, saying").
    pytest.param('On Monday, Blinken gave an interview noting his support for the plan because '
                 'it could "save the talks."', BLINKEN, "save", "Blinken",
                 id="participle-on-what-the-speaker-gave"),
    pytest.param('Ms. Lee remembers him apologizing in court, saying "he had never meant it."',
                 {"Ann_Lee": ["Lee"]}, "he had", "him", id="participle-after-a-gerund"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), CUE_SUBJECT)
def test_cue_subject(nlp, text, names, quote, expected):
    assert answer(cue_subject, nlp, text, names, quote) == expected


POSSESSOR = [
    pytest.param('Biden\'s "minor incursion" remark drew criticism.', {"Biden": ["Biden"]},
                 "minor", "Biden", id="possessive-before-a-fragment"),
    pytest.param('"We are ready," Blinken said.', BLINKEN, "We are", None, id="no-possessive"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), POSSESSOR)
def test_possessor(nlp, text, names, quote, expected):
    assert answer(possessor, nlp, text, names, quote) == expected


COLON_SPEAKER = [
    pytest.param('Blinken: "We are ready to talk."', BLINKEN, "We are", "Blinken",
                 id="name-and-colon"),
    pytest.param('Blinken was blunt on Sunday:\n\n"We are ready to talk."', BLINKEN, "We are",
                 "Blinken", id="colon-ending-the-paragraph-before"),
    pytest.param('"We are ready to talk," Blinken said.', BLINKEN, "We are", None,
                 id="a-cue-comes-first"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), COLON_SPEAKER)
def test_colon_speaker(nlp, text, names, quote, expected):
    assert answer(colon_speaker, nlp, text, names, quote) == expected


PREVIOUS_SPEAKER = [
    pytest.param('"We are ready," Blinken said. "We will talk."', BLINKEN, "We will",
                 "Blinken", id="same-paragraph"),
    pytest.param('"We are ready," Blinken said.\n\n"We will talk."', BLINKEN, "We will",
                 "Blinken", id="opens-the-next-paragraph"),
    pytest.param('"We are ready," Blinken said.\n\nLavrov arrived later.\n\n"We will talk."',
                 LAVROV, "We will", None, id="a-paragraph-naming-someone-between"),
    pytest.param('"We will talk."', BLINKEN, "We will", None, id="no-quote-before"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), PREVIOUS_SPEAKER)
def test_previous_speaker(nlp, text, names, quote, expected):
    assert answer(previous_speaker, nlp, text, names, quote) == expected


TOPIC_SPEAKER = [
    pytest.param(
        "Still, even with her pension, Carole Laurin experienced a 40 per cent drop in income "
        "when she had to give up her career. And there was also the psychological blow.\n\n"
        '"It took me two years to grieve the loss. I still feel it."',
        {"Carole_Laurin": ["Carole Laurin"]}, "It took", "Laurin", id="subject-of-the-story",
    ),
    pytest.param(
        "Wendy Golden lives in a small bungalow outside Amherst.\n\n"
        "Her message now is simple: don't share prescriptions.\n\n"
        '"You don\'t know what that person took earlier. The combination can be lethal."',
        {"Wendy_Golden": ["Wendy Golden"]}, "You don't", "Her", id="possessor-of-the-subject",
    ),
    pytest.param('"We are ready," Blinken said.', BLINKEN, "We are", None, id="a-cue-comes-first"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), TOPIC_SPEAKER)
def test_topic_speaker(nlp, text, names, quote, expected):
    assert answer(topic_speaker, nlp, text, names, quote) == expected


MEDCALF = {"Rory_Medcalf": ["Rory Medcalf"]}

POST_AUTHOR = [
    pytest.param("Blinken met Lavrov.\n\nHere it is. Full text of the letter asking for their "
                 "release https://t.co/b5PgcRnfFv \u2014 Rory Medcalf (@Rory_Medcalf) December 30, "
                 "2018\n\nThe talks went on.", {**LAVROV, **MEDCALF}, "Here it is", "Medcalf",
                 id="embedded-post"),
    pytest.param("Damage is unprecedented with hundreds of trees on power lines. "
                 "pic.twitter.com/W0IkInjjSH \u2014 BC Hydro (@bchydro) December 22, 2018",
                 {"ORG_BC_Hydro": ["BC Hydro"]}, "Damage is", "Hydro", id="picture-link"),
    # Not a post's author: a quote that is no post, a post of one link, a post that is
    # someone else's quotation, passed on.
    pytest.param('"We are ready," Blinken said.', BLINKEN, "We are", None, id="no-post"),
    pytest.param('"We are ready," Blinken said. \u2014 Rory Medcalf (@Rory_Medcalf) December 30, '
                 '2018', {**BLINKEN, **MEDCALF}, "We are", None, id="a-quotation-passed-on"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "names", "quote", "expected"), POST_AUTHOR)
def test_post_author(nlp, text, names, quote, expected):
    assert answer(post_author, nlp, text, names, quote) == expected


def test_a_post_of_one_link_is_no_quote(nlp):
    text = "https://t.co/b5PgcRnfFv \u2014 Rory Medcalf (@Rory_Medcalf) December 30, 2018"
    context = build_context(read_discourse(nlp(text)), people(text, **MEDCALF))
    assert candidates_of(context) == []


def test_rules_are_asked_in_order_and_the_first_answer_wins(nlp):
    assert (
        post_author,
        organisation_voice,
        document_author,
        plural_antecedent,
        plural_topic,
        introduced_before_named,
        cue_subject,
        possessor,
        colon_speaker,
        previous_speaker,
        topic_speaker,
    ) == RULES
    text = '"We are ready," Blinken said.\n\n"We will talk."'
    rule, token = attribute(*turn(nlp, text, BLINKEN, "We are"))
    assert (rule, token.text) == (cue_subject, "Blinken")
    # The second quote: no cue, no possessive, no colon; the quote before gives its speaker,
    # although the sentence before it is also about Blinken (topic_speaker comes later).
    rule, token = attribute(*turn(nlp, text, BLINKEN, "We will"))
    assert (rule, token.text) == (previous_speaker, "Blinken")
    assert attribute(*turn(nlp, '"We will talk."', {}, "We will")) == (None, None)
