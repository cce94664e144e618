"""Named entities: spaCy's, corrected and resolved within one article.

spaCy's statistical NER is a good start and a poor finish for news: it tags the "State" of
"Secretary of State" as an organisation, a surname on its own as a place, "Pandora" in "a
Pandora's box" as a country, and it says nothing about "he" or "the secretary". This package
turns its spans into one `Entity` per real-world thing of the article, in small steps that each
say what they need and what they produce (`extract_entities` runs them in this order):

1. `regions`     - the parts of the source worth reading (headline, image texts, lead,
                   sections), each with a salience weight;
2. `candidates`  - spaCy's spans in those regions, of the kept types, tidied; periods and
                   stances ("post-Cold War", "pro-Beijing") left out; people spaCy missed after
                   "Mr", "Ms", "Dr"...; `credits` - the photo credit parsed by its own grammar;
3. `titles`      - "Secretary of State Antony Blinken" -> the person + the title; names run
                   together with a Title Case headline's words, cut back;
   `lines`       - candidates in a headline, caption, heading or gallery line marked *weak*:
                   they join an entity the prose names, or none ("Midwest Abandons Trump");
   `evidence`    - a name spaCy cut in two joined ("Valeska" + "Paris", an author list's
                   "Austen, Jane"), a word run into a name cut ("Ukraine Kurt Volker");
                   after the vote,
                   labels corrected by a name's words (a first name, an organisation or
                   facility word: `names`); `teams` - in a sports report, the places
                   that play ("Sweden defeated South Korea 1 - 0") are teams, organisations;
                   `context` - a one-word name typed by the list it stands in ("Google, Bing,
                   and Yahoo!"), a place noun ("the town of Yeoncheon"), "according to";
4. `candidates`  - spans that name no entity here dropped (idioms in quotations, capitalised
                   common words); speech verbs' subjects (untagged ones, kept when the article
                   gives their full name, and evidence for a person's label); "Malashenko said"
                   -> the "Alexei Malashenko" spaCy missed before it; and what cannot be a
                   name at all (`names.can_be_name`: a link, an e-mail address, a run of
                   characters too long for a name) left out;
5. `resolution`  - one label per name in the article (a title decides; modifiers and weak
                   lines do not vote), then the prose's candidates grouped into entities
                   (`Cluster`): countries normalised with pycountry, surname-only mentions linked
                   to the full name, an organisation's short forms merged into its name; then
                   the weak candidates given to those entities (`lines.attach_weak`);
6. `mentions`    - mentions spaCy missed: repeated names, "the secretary", "he" (pronouns
                   through `api.extract.language`, shared with the quotes);
7. `build`       - canonical names, aliases, mentions in order, salience.

Everything after spaCy is linear in the size of the text plus small per-entity work: the steps
that look for missed mentions scan the source with one compiled regular expression each rather
than walking the tokens in Python, and `Doc.text` (rebuilt from the tokens on every access) is
never used. On BBC stories this costs 1-3% of `nlp.pipe`'s time. `entity_key` and
`is_surname_alias` (`names`) are what the storage layer needs to merge the same entity across
articles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from api.extract.entities.build import build_entities
from api.extract.entities.candidates import (
    complete_surnames,
    drop_non_references,
    honorific_candidates,
    mark_speakers,
    spacy_candidates,
    speaker_candidates,
)
from api.extract.entities.context import correct_by_context
from api.extract.entities.credits import credit_candidates
from api.extract.entities.evidence import (
    correct_types,
    join_first_names,
    join_inverted_names,
    trim_names,
)
from api.extract.entities.lines import attach_weak, mark_weak, weak_ranges
from api.extract.entities.mentions import add_pronouns, add_role_nouns, add_string_matches
from api.extract.entities.names import (
    can_be_name,
    country_name,
    entity_key,
    is_surname_alias,
    lower_case_words,
)
from api.extract.entities.regions import Region, article_regions
from api.extract.entities.resolution import one_sense_per_discourse, resolve
from api.extract.entities.teams import mark_teams
from api.extract.entities.titles import split_titles, trim_title_case_headline
from api.extract.entities.voices import (
    post_authors,
    speaking_organisations,
    split_affiliations,
)
from api.extract.language import Discourse, read_discourse
from api.extract.lexicon import PRONOUN_GENDER
from api.extract.quotation import quoted_ranges
from api.extract.records import Entity, ParsedArticle

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "PRONOUN_GENDER",
    "Region",
    "country_name",
    "credit_candidates",
    "entity_key",
    "extract_entities",
    "is_surname_alias",
]


def extract_entities(
    doc: Doc, article: ParsedArticle, discourse: Discourse | None = None
) -> list[Entity]:
    """The entities of ``article``, from ``doc = nlp(article.source)``, most salient first.

    Only the headline, the image's alt text, caption and credit, the lead and the sections are
    read (not the date line, section labels or the "Go deeper" links heading). Every mention's
    offsets are source offsets: ``article.source[m.start:m.end] == m.text``. ``discourse``,
    the article's layout as `api.extract.language.read_discourse` reads it from ``doc``, is
    what the pronouns are resolved in (the pipeline reads it once for entities and quotes).
    """
    regions = article_regions(article)
    if not regions:
        return []
    quotes = quoted_ranges(article.source)
    credit = next((r for r in regions if r.kind == "credit"), None)
    candidates = spacy_candidates(doc, regions, exclude=credit)
    candidates = join_inverted_names(article.source, regions, candidates)
    candidates += honorific_candidates(doc, article.source, regions, candidates)
    candidates = split_titles(doc, candidates)
    candidates = split_affiliations(doc, candidates)
    candidates = trim_title_case_headline(candidates, regions)
    lower_words = lower_case_words(article.source)
    candidates = drop_non_references(doc, candidates, quotes, lower_words)
    if credit is not None:
        candidates += credit_candidates(article.source, credit, doc)
    candidates += speaker_candidates(doc, candidates, regions, quotes)
    candidates += speaking_organisations(doc, candidates, regions, quotes)
    candidates = post_authors(article.source, candidates, regions)
    candidates.sort(key=lambda c: c.start)
    weak_lines = weak_ranges(article.source, regions)
    mark_weak(candidates, weak_lines)
    candidates = join_first_names(article.source, candidates)
    mark_speakers(doc, candidates)
    one_sense_per_discourse(candidates)
    correct_types(article.source, candidates, lower_words)
    mark_teams(doc, article.source, candidates)
    correct_by_context(doc, candidates)
    candidates = trim_names(candidates, lower_words)
    candidates = complete_surnames(doc, article.source, candidates, regions)
    mark_weak(candidates, weak_lines)  # the names completed in a heading are weak too
    candidates = [c for c in candidates if can_be_name(c.text)]  # not a link, nor a run of text
    clusters = resolve([c for c in candidates if not c.weak])
    clusters += attach_weak(
        article.source, [c for c in candidates if c.weak], clusters, regions, weak_lines
    )
    add_string_matches(doc, article.source, clusters, regions)
    add_role_nouns(doc, article.source, clusters, regions)
    add_pronouns(
        discourse if discourse is not None else read_discourse(doc), clusters, regions
    )
    return build_entities(clusters, regions)
