"""Speakers end to end (`api.extract.quotes.speakers`, `build`, `api.extract.language`): the
speaker words as written and the person they resolve to.

The people of each text are given by hand (`people`), so that what is tested is the
attribution itself, not the entity resolver. Each rule alone: ``test_speaker_rules.py``."""

from __future__ import annotations

import pytest

from tests.extract.helpers import BLINKEN, people, quotes_of, summary


def test_offsets_and_speaker_as_written(nlp):
    text = 'Secretary of State Antony Blinken arrived.\n\n"We are ready," the secretary said.'
    [quote] = quotes_of(nlp, text, people(text, **BLINKEN))
    assert text[quote.start : quote.end] == quote.text == "We are ready,"
    assert quote.speaker_text == "the secretary"
    assert text[quote.speaker_start : quote.speaker_end] == "the secretary"
    assert quote.section is None


def test_unknown_speaker_keeps_words_as_written(nlp):
    text = '"Prices will rise," officials said.'
    [quote] = quotes_of(nlp, text, [])
    assert (quote.speaker, quote.speaker_text, quote.cue) == (None, "officials", "said")


@pytest.mark.parametrize(
    "text",
    [
        # A role noun in apposition gives the person's gender: "she" skips the spokesman.
        "Jane Roe spoke first at the meeting. John Doe, a spokesman for the city, answered "
        "questions. \u201cWe are ready for the storm,\u201d she said.",
        "Jane Roe spoke first at the meeting. Her husband, John Doe, answered questions. "
        "\u201cWe are ready for the storm,\u201d she said.",
    ],
)
def test_gendered_role_nouns_guide_pronouns(nlp, text):
    entities = people(text, Jane_Roe=["Jane Roe"], John_Doe=["John Doe"])
    assert summary(quotes_of(nlp, text, entities)) == [
        ("We are ready for the storm,", "direct", "Jane Roe", "said")
    ]


SPEAKER_RULES = [
    pytest.param(
        "Terry Chapman, president of the union, spoke in Halifax.\n\n"
        "The union says burnout is critical among its members.",
        {"Terry_Chapman": ["Terry Chapman"]},
        ("burnout is critical among its members", None, "The union"),
        id="org-noun-is-the-organisation-not-its-president",
    ),
    pytest.param(
        "\u201cI think this will change school food policy,\u201d said Yoni Freedhoff, medical "
        "director of the Bariatric Medical Institute, who writes about food policy on his blog. "
        "\u201cIt gives advocates a credible document.\u201d",
        {
            "Yoni_Freedhoff": ["Yoni Freedhoff"],
            "ORG_Bariatric_Medical_Institute": ["Bariatric Medical Institute"],
        },
        ("It gives advocates a credible document.", "Yoni Freedhoff", "Yoni Freedhoff"),
        id="who-stands-for-the-person-not-the-last-noun",
    ),
    pytest.param(
        "Suncor reported receiving payments. \u201cEDC had the largest claim in its history,"
        "\u201d Pierre Gignac, EDC\u2019s then-chief risk officer, mentioned in a 2013 commentary.",
        {"Pierre_Gignac": ["Pierre Gignac"], "ORG_Suncor_Energy": ["Suncor"]},
        ("EDC had the largest claim in its history,", "Pierre Gignac", "Pierre Gignac"),
        id="participle-hung-on-the-name",
    ),
    pytest.param(
        "ANALYST'S VIEWPOINT: \"Does he really need that easy deal, or can he let his team "
        'push back harder?" Michael Every, a senior strategist for the Asia-Pacific for '
        "Rabobank, said in a commentary.",
        {"Michael_Every": ["Michael Every"]},
        (
            "Does he really need that easy deal, or can he let his team push back harder?",
            "Michael Every",
            "Michael Every",
        ),
        id="attribution-sentence-with-a-long-apposition",
    ),
    pytest.param(
        "Doug Purdy, who lost 16 lbs. between May and October, says the program changed his "
        "life. Purdy, 73, credits his Wheaten terrier Chloe and a new exercise partner for "
        "keeping him on-track. He became so accustomed to working out at the Y that he took out "
        "his own membership. \u201cMy blood pressure is down to normal now,\u201d he adds.",
        {"Doug_Purdy": ["Doug Purdy", "Purdy"], "Chloe": ["Chloe"]},
        ("My blood pressure is down to normal now,", "Doug Purdy", "he"),
        id="name-opening-its-sentence-over-the-dog",
    ),
    pytest.param(
        "Still, even with her pension, Carole Laurin experienced a 40 per cent drop in income "
        "when she had to give up her career. And there was also the psychological blow.\n\n"
        '"It took me two years to grieve the loss. I still feel it."',
        {"Carole_Laurin": ["Carole Laurin"]},
        (
            "It took me two years to grieve the loss. I still feel it.",
            "Carole Laurin",
            "Carole Laurin",
        ),
        id="unattributed-quote-continues-the-paragraph-before",
    ),
    pytest.param(
        "Wendy Golden lives in a small bungalow outside Amherst.\n\n"
        "Her message now is simple: don't share prescriptions.\n\n"
        '"You don\'t know what that person took earlier. The combination can be lethal."',
        {"Wendy_Golden": ["Wendy Golden"]},
        (
            "You don't know what that person took earlier. The combination can be lethal.",
            "Wendy Golden",
            "Her",
        ),
        id="unattributed-quote-after-the-subject-possessor",
    ),
    pytest.param(
        "Doug Purdy says the program changed his life. Regular exercise also produced "
        "positive results for Mississauga accountant Babatunji Farinloye, 50. \u201cI had a "
        "health club membership, but this program really helped me,\u201d he says.",
        {"Doug_Purdy": ["Doug Purdy"], "Babatunji_Farinloye": ["Babatunji Farinloye"]},
        (
            "I had a health club membership, but this program really helped me,",
            "Babatunji Farinloye",
            "he",
        ),
        id="pronoun-after-the-one-person-just-introduced",
    ),
    pytest.param(
        "After Kody died, Wendy Golden urged police to investigate. She went to the RCMP.\n\n"
        "The CBC's Richard Cuthbertson tells us about a growing concern. 10:43\n\n"
        "Charges followed a year later.\n\n"
        "\u201cThat's why I chose to fight,\u201d she says.",
        {"Wendy_Golden": ["Wendy Golden"], "Richard_Cuthbertson": ["Richard Cuthbertson"]},
        ("That's why I chose to fight,", "Wendy Golden", "she"),
        id="caption-people-are-not-antecedents",
    ),
    pytest.param(
        "The deal was done largely to get Houston under the tax threshold, a person familiar "
        "with the negotiations said.",
        {},
        (
            "The deal was done largely to get Houston under the tax threshold",
            None,
            "a person familiar with the negotiations",
        ),
        id="speaker-words-keep-their-description",
    ),
    pytest.param(
        "Omar Aziz arrived in Calgary with his family in 2016.\n\n"
        "Unlike Hart, he has been unable to find work.\n\n"
        "\u201cMy family comes first,\u201d he said.",
        {"Tom_Hart": ["Tom Hart", "Hart"], "Omar_Aziz": ["Omar Aziz", "Aziz"]},
        ("My family comes first,", "Omar Aziz", "he"),
        id="unlike-x-sets-x-apart-from-the-pronoun",
    ),
    pytest.param(
        "Hart was sentenced in June. Ms. Lee remembers him apologizing in court, saying he "
        "had never meant for anyone to be hurt.",
        {"Ann_Lee": ["Lee"], "Tom_Hart": ["Tom Hart", "Hart"]},
        ("he had never meant for anyone to be hurt", "Tom Hart", "him"),
        id="participle-after-a-gerund-with-its-own-subject",
    ),
    pytest.param(
        "James Bullard gave an interview noting his opposition to further rate hikes, "
        "according to CNBC.",
        {"James_Bullard": ["James Bullard"], "ORG_CNBC": ["CNBC"]},
        ("James Bullard gave an interview noting his opposition to further rate hikes",
         "James Bullard", "James Bullard"),
        id="according-to-an-outlet-reporting-a-person",
    ),
    pytest.param(
        "OTTAWA \u2014 Kevin Vickers, who became ambassador to Ireland, is considering a move "
        "into politics.\n\nThe former sergeant-at-arms of the House of Commons said Monday he "
        "is considering a run for the party leadership.",
        {"Kevin_Vickers": ["Kevin Vickers"]},
        ("he is considering a run for the party leadership", "Kevin Vickers",
         "The former sergeant-at-arms of the House of Commons"),
        id="a-hyphenated-role-noun-is-singular",
    ),
    # A speaker named only as the subject of an adverbial clause is background: the "he" of
    # the next sentence is the speaker before it.
    pytest.param(
        "University spokesman John Reed said the school received about 3,000 letters. "
        'Although Trump has repeatedly said there was "no deal", the letters should not be '
        "read as politics. Rather, readers were just tired of the word, he said.",
        {"John_Reed": ["John Reed"], "Donald_Trump": ["Trump"]},
        ("Rather, readers were just tired of the word", "John Reed", "he"),
        id="a-subject-of-an-adverbial-clause-is-background",
    ),
    # A spokesperson or a statement of an organisation the article names: the organisation.
    pytest.param(
        "The Home Office changed its rules on Friday. \u201cThe rules will change,\u201d a "
        "spokesperson for the Home Office said.",
        {"ORG_Home_Office": ["Home Office"]},
        ("The rules will change,", "Home Office", "Home Office"),
        id="a-spokesperson-for-a-named-organisation",
    ),
    pytest.param(
        "\u201cThe rules will change,\u201d a spokesperson for the ministry said.",
        {},
        ("The rules will change,", None, "a spokesperson for the ministry"),
        id="a-spokesperson-for-an-unnamed-organisation",
    ),
    # The speaker words as written: a possessive that is part of a name, a quantifier's group.
    pytest.param(
        'Trudeau and Ardern discussed "the detention of citizens," said a statement released '
        "by the Prime Minister's Office.",
        {},
        ("Trudeau and Ardern discussed \"the detention of citizens,", None,
         "the Prime Minister's Office"),
        id="a-possessive-inside-a-name",
    ),
    pytest.param(
        "Some in the Muslim community say the outpouring of support has dried up.",
        {},
        ("the outpouring of support has dried up", None, "Some in the Muslim community"),
        id="a-quantifier-and-its-group",
    ),
    # A surname written first: "Kim" and his "he" are Kim Jong-un, the Kim the article names
    # most.
    pytest.param(
        "Kim Jong-un met Xi. Kim Yong-chol stayed home. Kim Jong-un spoke later.\n\n"
        "Kim said he was ready to meet Trump. But he warned that he may seek another path.",
        {"Kim_Jong-un": ["Kim Jong-un"], "Kim_Yong-chol": ["Kim Yong-chol"], "Kim": ["Kim"]},
        ("that he may seek another path", "Kim Jong-un", "he"),
        id="a-surname-written-first",
    ),
    pytest.param(
        "Trudeau spoke with Macri on Monday, a statement released by the Prime Minister's "
        "Office said.\n\nThe two leaders \u201cdiscussed the detentions,\u201d said his office.",
        {"Justin_Trudeau": ["Trudeau"], "ORG_Prime_Minister's_Office": ["Prime Minister's Office"]},
        ("discussed the detentions,", "Prime Minister's Office", "his office"),
        id="his-office-is-the-named-office",
    ),
    pytest.param(
        "Jim Carr bears responsibility for the agency. In a statement, his office said the "
        "payments followed the contracts.",
        {"Jim_Carr": ["Jim Carr"]},
        ("the payments followed the contracts", None, "his office"),
        id="his-office-unnamed-is-nobody",
    ),
    pytest.param(
        "The Labour Party attacked the deal.\n\nThe DUP's spokesman, Sammy Wilson, said his "
        "party would not only vote Mr Johnson down, but urge Conservative MPs to \u201ctake a "
        "stand\u201d with them.",
        {"Sammy_Wilson": ["Sammy Wilson"], "ORG_Labour_Party": ["Labour Party"],
         "ORG_DUP": ["DUP"]},
        ("take a stand", None, "his party"),
        id="his-party-is-not-another-party-named-before",
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), SPEAKER_RULES)
def test_speaker_rules(nlp, text, names, expected):
    quotes = quotes_of(nlp, text, people(text, **names), indirect=True)
    found = [(q.text, q.speaker, q.speaker_text) for q in quotes]
    assert expected in found, found


GENDER_AGREEMENT = [
    # The usual gender of a first name: a "she" is never Donald Trump's, even where he is the
    # nearest subject (and the entity list read the pronoun as his).
    pytest.param(
        "Heidi Cruz spoke at the rally. Donald Trump arrived late.\n\n"
        "\u201cI am afraid,\u201d she said.",
        {"Heidi_Cruz": ["Heidi Cruz"], "Donald_Trump": ["Donald Trump", "she"]},
        ("I am afraid,", "Heidi Cruz", "she"),
        id="she-skips-the-man",
    ),
    pytest.param(
        "Donald Trump arrived late.\n\n\u201cI am afraid,\u201d she said.",
        {"Donald_Trump": ["Donald Trump", "she"]},
        ("I am afraid,", None, "she"),
        id="she-with-no-woman-is-nobody",
    ),
    pytest.param(
        "Michelle Rempel spoke first. Andrew Scheer answered.\n\n"
        "\u201cWe will respond,\u201d he said.",
        {"Michelle_Rempel": ["Michelle Rempel"], "Andrew_Scheer": ["Andrew Scheer"]},
        ("We will respond,", "Andrew Scheer", "he"),
        id="he-skips-the-woman",
    ),
    # Article evidence beats the name's tables: "Lindsay said she" (Patrice is either).
    pytest.param(
        "Patrice Lindsay said she was excited about the study.\n\n"
        "\u201cIt gives us evidence,\u201d she said.",
        {"Patrice_Lindsay": ["Patrice Lindsay", "Lindsay"]},
        ("It gives us evidence,", "Patrice Lindsay", "she"),
        id="her-own-pronouns",
    ),
    # A gendered role noun agrees too: "the spokeswoman" is not the man named last.
    pytest.param(
        "Donald Trump arrived late.\n\n\u201cWe are ready,\u201d said the spokeswoman.",
        {"Donald_Trump": ["Donald Trump"]},
        ("We are ready,", None, "the spokeswoman"),
        id="role-noun-of-the-other-gender",
    ),
]


@pytest.mark.parametrize(("text", "names", "expected"), GENDER_AGREEMENT)
def test_pronouns_and_roles_agree_in_gender(nlp, text, names, expected):
    [quote] = quotes_of(nlp, text, people(text, **names))
    assert (quote.text, quote.speaker, quote.speaker_text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Blinken led a session called "why the talks with nobody in charge fail" on Sunday.',
        'The plan was called "reckless" by critics.',
        'Blinken spoke about the so-called "grand bargain" on Sunday.',
    ],
)
def test_a_thing_called_or_a_passive_is_nobody_s_quote(nlp, text):
    assert quotes_of(nlp, text, people(text, **BLINKEN), indirect=True) == []
