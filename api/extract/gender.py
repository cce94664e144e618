"""Whose gender is known, and from what: the evidence a pronoun must agree with.

A pronoun ("she", "his") may refer only to a person of a compatible gender. The gender of a
person named in an article comes, in order of strength, from an honorific ("Ms Diemont"), a
gendered role word in their title or role noun ("Congresswoman", "the actress"), the usual
gender of their first name (the `gender-guesser` tables, through
`api.extract.names.first_name_gender`), or else from the first gendered pronoun already resolved
to them. Unknown stays unknown (None): it is compatible with every pronoun.
"""

from __future__ import annotations

from api.extract.names import first_name_gender

ROLE_GENDER = {
    "actress": "f", "actor": "m", "aunt": "f", "uncle": "m", "boy": "m", "girl": "f",
    "brother": "m", "sister": "f", "businessman": "m", "businesswoman": "f",
    "chairman": "m", "chairwoman": "f", "congressman": "m", "congresswoman": "f",
    "countess": "f", "count": "m", "daughter": "f", "son": "m", "duchess": "f", "duke": "m",
    "empress": "f", "emperor": "m", "father": "m", "mother": "f", "grandfather": "m",
    "grandmother": "f", "husband": "m", "wife": "f", "king": "m", "queen": "f",
    "lady": "f", "lord": "m", "man": "m", "woman": "f", "nephew": "m", "niece": "f",
    "prince": "m", "princess": "f", "spokesman": "m", "spokeswoman": "f",
    "sportsman": "m", "sportswoman": "f", "stepfather": "m", "stepmother": "f",
    "widow": "f", "widower": "m", "councilman": "m", "councilwoman": "f",
    "assemblyman": "m", "assemblywoman": "f", "alderman": "m", "alderwoman": "f",
    "first lady": "f", "baroness": "f", "baron": "m", "dame": "f", "sir": "m",
    "girlfriend": "f", "boyfriend": "m", "mom": "f", "dad": "m", "nun": "f", "monk": "m",
    "policeman": "m", "policewoman": "f", "anchorman": "m", "anchorwoman": "f",
}  # fmt: skip
"""Role words that say their bearer's gender ("Congresswoman Ocasio-Cortez", "the actress")."""


def role_gender(role: str | None) -> str | None:
    """The gender a title or role noun gives, "m" or "f", or None: its last word before any "of"
    decides ("Chairwoman of the Board" -> "f", "Senate Majority Leader" -> None)."""
    if not role:
        return None
    head = role.split(" of ")[0].strip().lower().rstrip(".")
    if head in ROLE_GENDER:
        return ROLE_GENDER[head]
    words = head.split()
    return ROLE_GENDER.get(words[-1]) if words else None


def person_gender(
    name: str, *, honorific: str | None = None, roles: list[str] | tuple[str, ...] = ()
) -> str | None:
    """A named person's gender from the strongest evidence: the honorific's ("f" for "Ms", ""
    or None for "Dr", which says nothing), then a gendered role, then the first name of a name of
    two words or more ("Heidi Cruz" -> "f"; a lone "Cruz" says nothing)."""
    if honorific:
        return honorific
    for role in roles:
        gender = role_gender(role)
        if gender is not None:
            return gender
    words = name.split()
    return first_name_gender(words[0]) if len(words) > 1 else None


def compatible(known: str | None, pronoun_gender: str) -> bool:
    """Whether a person of gender ``known`` (None: unknown) can be referred to by a pronoun of
    ``pronoun_gender``."""
    return known is None or known == pronoun_gender
