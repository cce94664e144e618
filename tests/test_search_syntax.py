"""The ``q`` syntax: what each query becomes for FTS5 and for PostgreSQL, and what is refused
(only a query past the limits)."""

from __future__ import annotations

import pytest

from api.search.query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    QuerySyntaxError,
    SearchQuery,
    Term,
    parse_query,
)

VALID = [
    # q, FTS5 MATCH string, to_tsquery text
    ("nato", '"nato"', "'nato'"),
    ("  nato   sanctions ", '"nato" AND "sanctions"', "'nato' & 'sanctions'"),
    ('"why it matters"', '"why it matters"', "'why it matters'"),
    ('"why   it\nmatters" nato', '"why it matters" AND "nato"', "'why it matters' & 'nato'"),
    ("nato OR eu", '("nato" OR "eu")', "('nato' | 'eu')"),
    ("sanctions nato OR eu OR un", '"sanctions" AND ("nato" OR "eu" OR "un")',
     "'sanctions' & ('nato' | 'eu' | 'un')"),
    ('"white house" OR kremlin', '("white house" OR "kremlin")',
     "('white house' | 'kremlin')"),
    ("sanctions -russia", '"sanctions" NOT "russia"', "'sanctions' & !'russia'"),
    ('-russia sanctions -"white house"', '"sanctions" NOT "russia" NOT "white house"',
     "'sanctions' & !'russia' & !'white house'"),
    ("nato OR eu -russia", '("nato" OR "eu") NOT "russia"', "('nato' | 'eu') & !'russia'"),
    # Lower-case "or" is a word; so are AND, NOT, NEAR: only OR is an operator.
    ("war or peace", '"war" AND "or" AND "peace"', "'war' & 'or' & 'peace'"),
    ("cats AND dogs NOT NEAR", '"cats" AND "AND" AND "dogs" AND "NOT" AND "NEAR"',
     "'cats' & 'AND' & 'dogs' & 'NOT' & 'NEAR'"),
    # Punctuation stays inside the quoted term for the engine's tokenizer, never as an operator.
    ("U.S. C++", '"U.S." AND "C++"', "'U.S.' & 'C++'"),
    ("covid-19", '"covid-19"', "'covid-19'"),
    ("O'Neill", '"O\'Neill"', "'O''Neill'"),
    ("a\\b", '"a\\b"', "'a\\\\b'"),
    ("(nato) & !russia | eu: * <-> ^x", '"(nato)" AND "!russia" AND "eu:" AND "^x"',
     "'(nato)' & '!russia' & 'eu:' & '^x'"),
    ('nato"eu"', '"nato" AND "eu"', "'nato' & 'eu'"),
    # Terms that are only punctuation are dropped, as the tokenizers would drop them.
    ("nato - russia", '"nato" AND "russia"', "'nato' & 'russia'"),
    ('"" nato --', '"nato"', "'nato'"),
    ("nato OR ++", '"nato"', "'nato'"),
    ("-Zelenskyy Kyiv", '"Kyiv" NOT "Zelenskyy"', "'Kyiv' & !'Zelenskyy'"),
    ("--nato ukraine", '"ukraine" NOT "-nato"', "'ukraine' & !'-nato'"),
    ("Mélenchon", '"Mélenchon"', "'Mélenchon'"),
    # Control characters, NUL among them, separate words.
    ("nato\x00russia\x1b", '"nato" AND "russia"', "'nato' & 'russia'"),
    # A phrase never closed runs to the end of the query.
    ('"why it matters', '"why it matters"', "'why it matters'"),
    ('nato "a" "b', '"nato" AND "a" AND "b"', "'nato' & 'a' & 'b'"),
    ('sanctions -"white house', '"sanctions" NOT "white house"',
     "'sanctions' & !'white house'"),
    # An OR not between two included terms is dropped.
    ("OR nato", '"nato"', "'nato'"),
    ("nato OR", '"nato"', "'nato'"),
    ("nato OR OR eu", '"nato" AND "eu"', "'nato' & 'eu'"),
    ("nato OR -eu", '"nato" NOT "eu"', "'nato' & !'eu'"),
    ("-nato OR eu", '"eu" NOT "nato"', "'eu' & !'nato'"),
    ("a OR -b OR c", '"a" AND "c" NOT "b"', "'a' & 'c' & !'b'"),
]

#: Queries with nothing to search for: valid, and they match nothing.
NOTHING = ["", "   \t\n", "\x00", "-", '"', '-"', "OR", "++ & --", '""', "-russia",
           '-russia -"white house"', '-"white house', "-nato OR -eu"]


@pytest.mark.parametrize(("q", "fts5", "tsquery"), VALID)
def test_valid_query(q, fts5, tsquery):
    query = parse_query(q)
    assert query.to_fts5() == fts5
    assert query.to_tsquery() == tsquery


def test_parsed_structure():
    assert parse_query('nato OR "european union" -russia sanctions') == SearchQuery(
        groups=((Term("nato"), Term("european union", phrase=True)), (Term("sanctions"),)),
        excluded=(Term("russia"),),
    )


INVALID = [
    ("x" * (MAX_QUERY_LENGTH + 1),
     f"The search query is too long: at most {MAX_QUERY_LENGTH} characters."),
    (" ".join(f"w{i}" for i in range(MAX_TERMS + 1)),
     f"The search query has too many terms: at most {MAX_TERMS}."),
    ("-" + " -".join(f"w{i}" for i in range(MAX_TERMS)) + " nato",
     f"The search query has too many terms: at most {MAX_TERMS}."),
]


@pytest.mark.parametrize("q", NOTHING)
def test_nothing_to_search_for_matches_nothing(q):
    query = parse_query(q)
    assert query == SearchQuery(groups=(), excluded=())
    assert query.to_fts5() == '""'
    assert query.to_tsquery() == "'x' & !'x'"


@pytest.mark.parametrize(("q", "message"), INVALID)
def test_past_the_limits(q, message):
    with pytest.raises(QuerySyntaxError) as error:
        parse_query(q)
    assert str(error.value) == message
    assert isinstance(error.value, ValueError)


def test_limits_are_inclusive():
    assert parse_query("x" * MAX_QUERY_LENGTH).to_fts5() == '"' + "x" * MAX_QUERY_LENGTH + '"'
    assert len(parse_query(" ".join(f"w{i}" for i in range(MAX_TERMS))).groups) == MAX_TERMS
