"""The shared linguistic layer: pronouns, honorifics, role nouns and gender, for all steps.

What a word says about a person (the gender of "she", "Ms", "spokeswoman"; the role word of a
title) is decided here once, from the tables of `api.extract.lexicon`, and both the entity
resolver and the speaker resolver ask the same functions. The people an article names, with
their grammatical role, are `Referent` values in an immutable `Referents` list: the quote
builder extends it with each speaker it attributes (returning a new list, never changing the
one it was given), so that later pronouns can reach them.

One pronoun resolver serves both: `resolve_pronoun` gives a he/she (or his/her) the nearest
person of the last `PRONOUN_PARAGRAPHS` paragraphs whose gender can be the pronoun's, in tiers
(subject of a main clause or speech verb, then of any clause, then not a possessor), the one
person of the sentence just before first, never someone in a photo caption; "it" goes to the
nearest organisation. It reads two values built once per article by this module:

- `Discourse` (`read_discourse`): paragraphs, the writer's sentences (spaCy's, mended), which
  tokens stand inside quotation marks, and which paragraphs are captions;
- `People` (`read_people`): the people and organisations the article names (`Referents`, with
  their grammatical role), the role words written around each person, and each person's gender
  where the article gives it (an honorific, their pronouns in their own clause, a gendered role
  noun in apposition, a gendered title, the usual gender of the first name).

The entity resolver links every pronoun outside quotations through it
(`api.extract.entities.mentions.add_pronouns`); the speaker resolver resolves a speaker's
pronoun through it, with the speakers attributed so far added to the referents.

Roles are read one way for both: a title gives its role word ("Secretary of State" ->
"secretary", `title_role_word`), which the entities link "the secretary" through and which,
with the role nouns written around the name ("Lu, a spokesman"), is what `person_with_role`
finds a speaker's "the spokesman" by.
"""

from api.extract.language.discourse import CAPTION_END, Discourse, is_speech_verb, read_discourse
from api.extract.language.people import (
    PRONOUN_PARAGRAPHS,
    People,
    Referent,
    Referents,
    nearest_organisation,
    nearest_person,
    person_with_role,
    read_people,
    recent_subject,
    resolve_pronoun,
)
from api.extract.language.words import (
    compatible_gender,
    first_name_gender,
    given_name_kind,
    honorific_gender,
    person_gender,
    pronoun_gender,
    pronoun_votes,
    role_noun_gender,
    title_role_word,
    word_gender,
)

__all__ = [
    "CAPTION_END",
    "PRONOUN_PARAGRAPHS",
    "Discourse",
    "People",
    "Referent",
    "Referents",
    "compatible_gender",
    "first_name_gender",
    "given_name_kind",
    "honorific_gender",
    "is_speech_verb",
    "nearest_organisation",
    "nearest_person",
    "person_gender",
    "person_with_role",
    "pronoun_gender",
    "pronoun_votes",
    "read_discourse",
    "read_people",
    "recent_subject",
    "resolve_pronoun",
    "role_noun_gender",
    "title_role_word",
    "word_gender",
]
