"""The layout parser: the seed article exactly, then tables of small texts and their layout."""

from __future__ import annotations

import json
import random
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from api.extract.parse import parse_article, slugify_label
from api.extract.records import Image, ParsedArticle

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEED = PROJECT_ROOT / "seeds" / "000_7725c3ec8c610cf1.txt"
SEED_GOLD = PROJECT_ROOT.parent / "shared" / "gold" / "seed" / "000_7725c3ec8c610cf1.json"


def layout(article: ParsedArticle) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """The sections of ``article`` as ``(label, [(kind, text), ...])``, easy to compare."""
    return [
        (section.label, [(block.kind, block.text) for block in section.blocks])
        for section in article.sections
    ]


def parse_lines(*lines: str) -> ParsedArticle:
    """Parse an article written one paragraph per argument, blank lines between them."""
    return parse_article("\n\n".join(lines) + "\n")


# --- the seed ------------------------------------------------------------------------------

SEED_LEAD = (
    "Secretary of State Antony Blinken said Sunday there are still areas in which the U.S. and "
    "Russia may be able to find consensus, such as on arms control and the placement of missile "
    "systems in Europe, despite their standoff over Ukraine."
)
SEED_SECTIONS = [
    ("Why it matters", "why-it-matters", [
        ("paragraph", "Even with those diplomatic possibilities, the secretary said the U.S. will "
         "not compromise \"by one iota\" on Russia's highest priority demand — freezing NATO "
         "expansion, especially for Ukraine and Georgia — which would breach the alliance's "
         "\"open-door\" policy."),
    ]),
    ("Driving the news", "driving-the-news", [
        ("paragraph", "During a round of Sunday show appearances, Blinken warned Russia is seeking "
         "to reestablish a \"sphere of influence\" to \"subjugate\" its neighbors to its will."),
        ("bullet", "That violates international norms that have helped keep peace in Europe "
         "since the collapse of the Soviet Union, he said."),
        ("bullet", "It also heightens the stakes far beyond the borders of Ukraine, the secretary "
         "argued on CNN's \"State of the Union.\""),
        ("bullet", "\"If we allow those things to go forward and stand with impunity, then that "
         "opens a Pandora’s box that countries well beyond Europe will see and maybe decide to "
         "act on.\""),
    ]),
    ("Between the lines", "between-the-lines", [
        ("paragraph", "Blinken spoke ahead of a critical week for the fate of Ukraine, as Russia "
         "awaits written answers to a set of security demands that would uproot the post-Cold "
         "War international order."),
        ("bullet", "Two weeks of intensive diplomacy, including Blinken's request for a "
         "last-minute meeting in Geneva last Friday with his Russian counterpart, have failed to "
         "produce any breakthroughs."),
        ("bullet", "With Russian forces continuing to amass on all sides of the Ukrainian border, "
         "Blinken faced questions about whether the fruitless negotiations are simply buying the "
         "Kremlin time."),
        ("bullet", "\"Engaging in diplomacy doesn't take the word nyet out of your vocabulary,\" "
         "the secretary said on NBC's \"Meet the Press.\""),
    ]),
    ("Go deeper", "go-deeper", [
        ("paragraph", "Some experts believe Russian President Vladimir Putin wants to read the "
         "written U.S. responses with his own eyes, due to the centralized nature of the Russian "
         "system — in which one man dominates decision-making and even top diplomats may be in "
         "the dark."),
        ("bullet", "Blinken told CNN \"as we're doing it, we're building up our defense, we're "
         "building up our deterrence, to make sure that Russia understands that if it doesn’t "
         "follow the diplomatic course, if it renews its aggression, there will be very "
         "significant consequences.\""),
    ]),
    ("The bottom line", "the-bottom-line", [
        ("paragraph", "Days after President Biden's \"minor incursion\" gaffe set off alarm bells "
         "in Kyiv, Blinken stressed on CNN that \"a single additional Russian force\" crossing the "
         "border would trigger a \"swift, a severe and a united response from us and from "
         "Europe.\""),
    ]),
]  # fmt: skip


@pytest.fixture(scope="module")
def seed() -> ParsedArticle:
    return parse_article(SEED.read_text(encoding="utf-8-sig"))


def test_seed_header(seed: ParsedArticle) -> None:
    assert seed.headline == "Blinken: U.S.-Russia could still find consensus"
    assert seed.published == date(2022, 1, 23)
    assert seed.category == "World"
    assert seed.image == Image(
        alt="Secretary of State Antony Blinken is seen during a news conference in Geneva.",
        caption="Secretary of State Antony Blinken in Geneva last week.",
        credit="Fabrice Coffrini/AFP via Getty Images",
    )
    assert seed.warnings == []


def test_seed_lead_and_links_heading(seed: ParsedArticle) -> None:
    assert seed.lead is not None
    assert seed.lead.text == SEED_LEAD
    assert seed.source[seed.lead.start : seed.lead.end] == SEED_LEAD
    assert seed.links_heading == "Go deeper"


def test_seed_sections_and_every_block(seed: ParsedArticle, check_spans) -> None:
    assert [(s.label, s.slug) for s in seed.sections] == [
        (label, slug) for label, slug, _ in SEED_SECTIONS
    ]
    assert layout(seed) == [(label, blocks) for label, _, blocks in SEED_SECTIONS]
    check_spans(seed)


def test_seed_section_spans_run_from_label_to_last_block(seed: ParsedArticle) -> None:
    for section in seed.sections:
        assert seed.source[section.start :].startswith(f"{section.label}: ")
        assert section.end == section.blocks[-1].end
    # Sections follow one another: each ends before the next begins.
    for section, following in pairwise(seed.sections):
        assert section.end < following.start
    assert seed.section_at(seed.lead.start) is None
    assert seed.section_at(seed.sections[1].blocks[2].start).label == "Driving the news"


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="../shared/gold is absent (fresh clone)")
def test_seed_matches_the_gold_annotation(seed: ParsedArticle) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    metadata = gold["metadata"]
    assert seed.headline == metadata["headline"]
    assert seed.published == date.fromisoformat(metadata["published"])
    assert seed.category == metadata["category"]
    assert seed.image == Image(
        metadata["image_alt"], metadata["image_caption"], metadata["image_credit"]
    )
    assert seed.lead.text == gold["lead"]
    assert [
        {
            "label": s.label,
            "paragraphs": sum(b.kind == "paragraph" for b in s.blocks),
            "bullets": sum(b.kind == "bullet" for b in s.blocks),
        }
        for s in seed.sections
    ] == gold["sections"]
    assert seed.links_heading == gold["trailing_links_heading"]


# --- the date line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "published", "category"),
    [
        ("Jan 23, 2022 - World", date(2022, 1, 23), "World"),
        ("January 23, 2022 - World", date(2022, 1, 23), "World"),
        ("Sept 5, 2021 - Politics & Policy", date(2021, 9, 5), "Politics & Policy"),
        ("Sep. 5, 2021 - Politics", date(2021, 9, 5), "Politics"),
        ("Jan. 5, 2021 - Health", date(2021, 1, 5), "Health"),
        ("May 1, 2020 – Economy", date(2020, 5, 1), "Economy"),  # en dash
        ("2022-01-23 - World", date(2022, 1, 23), "World"),
        ("5 March 2020 - Business", date(2020, 3, 5), "Business"),
        ("Mar 4, 2020", date(2020, 3, 4), None),  # no category
        ("(no date) - Us House", None, "Us House"),  # the corpus' unknown date
        ("- Science", None, "Science"),  # no date at all
    ],
)
def test_date_line(first_line: str, published: date | None, category: str | None) -> None:
    article = parse_lines(first_line, "The headline", "The lead paragraph.")
    assert (article.published, article.category) == (published, category)
    assert article.headline == "The headline"
    assert article.lead.text == "The lead paragraph."
    assert article.warnings == []


def test_a_date_that_does_not_parse_is_reported_and_still_ends_the_date_line() -> None:
    article = parse_lines("Feb 30, 2022 - World", "The headline", "The lead.")
    assert (article.published, article.category, article.headline) == (
        None,
        "World",
        "The headline",
    )
    assert article.warnings == ["unparseable date line: 'Feb 30, 2022 - World'"]


@pytest.mark.parametrize(
    "headline",
    [
        "Trump - the early years",  # a dash, but no date before it
        "May Day marchers fill the streets",  # a month name, but no date
        "Scoop: Trump pins Ukraine call on Energy Secretary Rick Perry",  # a colon, no label
    ],
)
def test_without_a_date_line_the_first_line_is_the_headline(headline: str) -> None:
    article = parse_lines(headline, "The lead.", "A second paragraph.")
    assert (article.headline, article.published, article.category) == (headline, None, None)
    assert article.lead.text == "The lead."
    assert layout(article) == [(None, [("paragraph", "A second paragraph.")])]


# --- the image ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "image"),
    [
        (
            ["Alt text of the photo.", "The caption. Photo: Jane Doe/AP"],
            Image("Alt text of the photo.", "The caption.", "Jane Doe/AP"),
        ),
        (
            ["Alt text.", "A montage. Photo illustration: Aïda Amer/Axios"],
            Image("Alt text.", "A montage.", "Aïda Amer/Axios"),
        ),
        (
            ["Alt text.", "The caption. Credit: Getty Images"],
            Image("Alt text.", "The caption.", "Getty Images"),
        ),
        (["The caption. Image: NASA"], Image(None, "The caption.", "NASA")),
        (["Photo: Jane Doe/AP"], Image(None, None, "Jane Doe/AP")),
        (
            ["Data: Federal Election Commission; Chart: Harry Stevens/Axios"],
            Image(None, None, "Data: Federal Election Commission; Chart: Harry Stevens/Axios"),
        ),
    ],
)
def test_image_alt_caption_and_credit(lines: list[str], image: Image) -> None:
    article = parse_lines("Jan 23, 2022 - World", "The headline", *lines, "The lead.")
    assert article.image == image
    assert article.lead.text == "The lead."


def test_without_a_credit_there_is_no_image_and_the_next_line_is_the_lead() -> None:
    article = parse_lines(
        "The headline", "The lead mentions a Photo: not at a sentence start.", "More."
    )
    assert article.image == Image()
    assert article.lead.text == "The lead mentions a Photo: not at a sentence start."


# --- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "label", "first_block"),
    [
        ("Why it matters: It does.", "Why it matters", "It does."),
        ("What they're saying: \"We will,\" she said.", "What they're saying",
         "\"We will,\" she said."),
        ("Yes, but: Not so fast.", "Yes, but", "Not so fast."),
        ("Thought bubble, via Axios' Felix Salmon: Markets move.",
         "Thought bubble, via Axios' Felix Salmon", "Markets move."),
        ("Editor’s note: This story was updated.", "Editor’s note", "This story was updated."),
        ("Flashback: In 2016, it was different.", "Flashback", "In 2016, it was different."),
        ("By the numbers: 3,513 cases.", "By the numbers", "3,513 cases."),
        ("Go deeper ... Trump: White House fence", "Go deeper", "Trump: White House fence"),
        ("The state of play:   Spaces do not count.", "The state of play",
         "Spaces do not count."),
    ],
)  # fmt: skip
def test_a_label_opens_a_section_and_its_text_is_the_first_paragraph(
    line: str, label: str, first_block: str, check_spans
) -> None:
    article = parse_lines("The headline", "The lead.", line)
    assert layout(article) == [(label, [("paragraph", first_block)])]
    assert article.sections[0].slug == slugify_label(label)
    check_spans(article)


@pytest.mark.parametrize(
    "line",
    [
        'Schiff said: "That is certainly the case."',
        'Graham told Politico: "I understand."',
        'Trump tweeted on Thursday: "If I were a Senator."',
        'Asked if he\'ll investigate the Democrats back, he replied: "Oh, yeah."',
        "McConnell: “Senator Burr contacted me this morning.”",
        'He admitted: "It was a mistake."',
        'Barr: "We will act."',  # a name alone, then a quote
        'He also praised the film director: "Thank you."',  # a pronoun's sentence, then a quote
        'It will be: "Should the United Kingdom approve the treaty?"',
        "Its pillars include:",
        "Among the top 15 stories: her meetings with Barack Obama.",
        "CHANG: Good morning.",  # a transcript's speaker tag
        "Mike Simpson, R-Idaho: Voted yes.",  # a name
        "Full Coverage: Sports",  # a Title Case heading
        "AbbVie: 7.4% on Humira.",
        "Those segments are broken up into 6 categories: Age and income.",  # too long
        "Expand chart Data: Zignal; Chart: Axios Visuals.",
        "The meeting starts at 10:30 sharp.",
        "See https://example.com: a link.",
        '"Quoted" phrase: not a label.',
    ],
)
def test_a_colon_that_does_not_follow_a_label_stays_in_its_paragraph(line: str) -> None:
    article = parse_lines("The headline", "The lead.", line)
    assert layout(article) == [(None, [("paragraph", line)])]


def test_paragraphs_between_the_lead_and_the_first_label_form_an_unlabelled_section() -> None:
    article = parse_lines(
        "The headline", "The lead.", "Second.", "Third.", "Details: Four.", "Five."
    )
    assert layout(article) == [
        (None, [("paragraph", "Second."), ("paragraph", "Third.")]),
        ("Details", [("paragraph", "Four."), ("paragraph", "Five.")]),
    ]
    assert [s.slug for s in article.sections] == [None, "details"]


def test_a_label_alone_on_its_line_opens_a_section_of_the_blocks_below() -> None:
    article = parse_lines("The headline", "The lead.", "What they're saying:", '"Go," he said.')
    assert layout(article) == [("What they're saying", [("paragraph", '"Go," he said.')])]
    section = article.sections[0]
    assert article.source[section.start : section.end] == (
        'What they\'re saying:\n\n"Go," he said.'
    )


def test_an_article_that_opens_with_a_label_has_no_lead() -> None:
    article = parse_lines("The headline", "Driving the news: It happened.", "More.")
    assert article.lead is None
    assert layout(article) == [
        ("Driving the news", [("paragraph", "It happened."), ("paragraph", "More.")])
    ]
    assert article.warnings == ["no lead paragraph: the body opens with a label or a list"]


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Why it matters", "why-it-matters"),
        ("What they're saying", "what-theyre-saying"),
        ("Editor’s note", "editors-note"),
        ("Yes, but", "yes-but"),
        ("But, but, but", "but-but-but"),
        ("  The  big   picture ", "the-big-picture"),
        ("Catch up quick!", "catch-up-quick"),
        ("Café society", "cafe-society"),
        ("By the numbers: 2020", "by-the-numbers-2020"),
        ("Politics & Policy", "politics-policy"),
        ("---", ""),
        ("", ""),
    ],
)
def test_slugify_label(label: str, slug: str) -> None:
    assert slugify_label(label) == slug


# --- bullets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "blocks"),
    [
        ("• one\n• two", [("bullet", "one"), ("bullet", "two")]),
        ("  • indented one\n  • indented two", [("bullet", "indented one"),
                                                ("bullet", "indented two")]),
        ("- one\n - two", [("bullet", "one"), ("bullet", "two")]),
        ("* one\n* two", [("bullet", "one"), ("bullet", "two")]),
        ("1) one\n2) two", [("bullet", "one"), ("bullet", "two")]),
        ("1. one\n2. two\n10. ten", [("bullet", "one"), ("bullet", "two"), ("bullet", "ten")]),
        ("• a bullet\n  that wraps", [("bullet", "a bullet\n  that wraps")]),
        ("• a bullet\nThen a paragraph.", [("bullet", "a bullet"),
                                           ("paragraph", "Then a paragraph.")]),
        ("-5% is a number, not a bullet", [("paragraph", "-5% is a number, not a bullet")]),
        ("2020. A year, not a list.", [("paragraph", "2020. A year, not a list.")]),
        ("— Howard's comments on CNN", [("paragraph", "— Howard's comments on CNN")]),
    ],
)  # fmt: skip
def test_bullets_of_every_marker(lines: str, blocks: list[tuple[str, str]], check_spans) -> None:
    article = parse_lines("The headline", "The lead.", "Details: Listed below.", lines)
    assert layout(article) == [("Details", [("paragraph", "Listed below."), *blocks])]
    check_spans(article)


def test_lines_without_a_blank_between_them_make_one_paragraph(check_spans) -> None:
    article = parse_article("The headline\n\nThe lead runs\non two lines.\n\nNext.\n")
    assert article.lead.text == "The lead runs\non two lines."
    assert layout(article) == [(None, [("paragraph", "Next.")])]
    check_spans(article)


# --- "Go deeper" ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ending",
    [
        "Go deeper",
        "Go deeper:",
        "Go deeper\n\nA link title\n\nAnother link title",
    ],
)
def test_a_bare_go_deeper_is_the_heading_of_the_link_list(ending: str) -> None:
    article = parse_lines("The headline", "The lead.", "Why it matters: Because.", ending)
    assert article.links_heading == "Go deeper"
    assert layout(article) == [("Why it matters", [("paragraph", "Because.")])]


def test_go_deeper_with_text_after_its_colon_is_a_section() -> None:
    article = parse_lines("The headline", "The lead.", "Go deeper: Some experts believe it.")
    assert article.links_heading is None
    assert layout(article) == [("Go deeper", [("paragraph", "Some experts believe it.")])]


def test_a_label_after_the_link_list_opens_a_section_again() -> None:
    article = parse_lines(
        "The headline", "The lead.", "Go deeper", "A link title", "Editor's note: Updated."
    )
    assert article.links_heading == "Go deeper"
    assert layout(article) == [("Editor's note", [("paragraph", "Updated.")])]


# --- wire stories ------------------------------------------------------------------------------


def test_wire_story_is_headline_lead_and_one_unlabelled_section(check_spans) -> None:
    article = parse_lines(
        "Iraqi prime minister to resign in wake of deadly protests",
        "BAGHDAD (AP) — Iraq's prime minister said Friday he will resign.",
        "The announcement came after a day of violence.",
        '"We have no choice," a protester said.',
    )
    assert article.headline == "Iraqi prime minister to resign in wake of deadly protests"
    assert (article.published, article.category, article.image) == (None, None, Image())
    assert article.lead.text == "BAGHDAD (AP) — Iraq's prime minister said Friday he will resign."
    assert layout(article) == [(None, [
        ("paragraph", "The announcement came after a day of violence."),
        ("paragraph", "\"We have no choice,\" a protester said."),
    ])]  # fmt: skip
    assert article.links_heading is None
    assert article.warnings == []
    check_spans(article)


def test_wire_story_of_one_paragraph_has_a_lead_and_no_sections() -> None:
    article = parse_lines("Headline", "The only paragraph.")
    assert (article.headline, article.lead.text, article.sections) == (
        "Headline",
        "The only paragraph.",
        [],
    )
    assert article.warnings == []


# --- odd input ---------------------------------------------------------------------------------


def test_crlf_line_endings_give_the_same_layout_with_offsets_into_the_crlf_text(
    seed: ParsedArticle, check_spans
) -> None:
    crlf = parse_article(seed.source.replace("\n", "\r\n"))
    assert (crlf.headline, crlf.published, crlf.category, crlf.image) == (
        seed.headline,
        seed.published,
        seed.category,
        seed.image,
    )
    assert crlf.lead.text == seed.lead.text
    assert layout(crlf) == layout(seed)
    assert crlf.links_heading == "Go deeper"
    check_spans(crlf)


def test_old_mac_line_endings_split_lines_too() -> None:
    article = parse_article("Headline\r\rThe lead.\r\rWhy it matters: Because.\r")
    assert (article.headline, article.lead.text) == ("Headline", "The lead.")
    assert layout(article) == [("Why it matters", [("paragraph", "Because.")])]


@pytest.mark.parametrize("source", ["", " ", "\n\n", " \t\r\n \u00a0 \n"])
def test_empty_or_blank_text_is_an_empty_article(source: str) -> None:
    article = parse_article(source)
    assert article == ParsedArticle(
        source=source, headline=None, published=None, category=None, image=Image(), lead=None,
        sections=[], warnings=["empty article"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("source", "headline", "warnings"),
    [
        ("Just a headline", "Just a headline", ["no body text"]),
        ("  Padded headline  \n", "Padded headline", ["no body text"]),
        ("Jan 23, 2022 - World", None, ["no headline found"]),
        ("Jan 23, 2022 - World\n\nHeadline", "Headline", ["no body text"]),
    ],
)
def test_single_line_input(source: str, headline: str | None, warnings: list[str]) -> None:
    article = parse_article(source)
    assert (article.headline, article.lead, article.sections) == (headline, None, [])
    assert article.warnings == warnings


def test_garbage_never_raises_and_its_spans_index_it(check_spans) -> None:
    alphabet = "ab :•-*1.)\"“”'’\n\r\t \u2028\x00\ufeffJan 23, 2022 - World Photo: Go deeper…"
    generator = random.Random(20220123)
    for _ in range(2000):
        source = "".join(generator.choice(alphabet) for _ in range(generator.randrange(80)))
        article = parse_article(source)
        assert article.source == source
        check_spans(article)


def test_form_feeds_and_unicode_separators_stay_inside_a_paragraph() -> None:
    article = parse_article("Headline\n\nOne\u2028line\x0cstill.\n")
    assert article.lead.text == "One\u2028line\x0cstill."
