"""search: PostgreSQL's snippets made by two SQL functions, as SQLite's are by FTS5's snippet()

A search's snippet on PostgreSQL was an SQL expression the app built for every request: of an
article, ``ts_headline`` of its headline, lead or body (whichever matches), the whole text or
two fragments by its length in words, HTML-escaped and the hit markers made ``<mark>`` tags: an
expression of about a hundred SQLAlchemy nodes, built three times per search (8.7 of a
search's 14 ms in the worker, profiled). The same SQL now lives in the database, as FTS5's
``snippet()`` does on SQLite, and the app calls it:

- ``newsdesk_snippet(text, tsquery)``: one text's snippet (a section's, a quote's);
- ``newsdesk_snippet(headline, lead, body, tsquery)``: an article's, of the first of its three
  texts that matches the whole query, else of all three joined.

Both give the very text the app's expression gave (the marker characters, word bounds and
``ts_headline`` options are those of ``api.search.snippets``, copied here: a migration imports
nothing from the app). Neither is STRICT: a missing lead is skipped, as ``concat_ws`` skips it.
SQLite is left as it is.

Revision ID: 0013
Revises: 0012
"""
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

CONFIG = "'newsdesk_english'::regconfig"
START, STOP = "\ue000", "\ue001"  # private-use characters around each hit, until <mark>
WORDS = 16  # a text of at most this many words is shown whole, every hit marked
MARKS = f"StartSel={START}, StopSel={STOP}"
FRAGMENTS = (f"{MARKS}, MaxWords={WORDS + 4}, MinWords=8, ShortWord=0, MaxFragments=2, "
             f'FragmentDelimiter=" … "')

# The excerpt of one text, hits between START and STOP.
_RAW = f"""
CREATE FUNCTION newsdesk_raw_snippet(body text, query tsquery) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN cardinality(regexp_split_to_array(btrim(body), '\\s+')) <= {WORDS}
              THEN ts_headline({CONFIG}, body, query, '{MARKS}, HighlightAll=true')
              ELSE ts_headline({CONFIG}, body, query, '{FRAGMENTS}') END
$$"""

# HTML-escaped, line breaks as spaces, then the hit markers as <mark> tags.
_HTML = f"""
CREATE FUNCTION newsdesk_html_snippet(raw text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT replace(replace(replace(replace(replace(replace(raw, E'\\n', ' '),
         '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '{START}', '<mark>'), '{STOP}', '</mark>')
$$"""

_ONE = """
CREATE FUNCTION newsdesk_snippet(body text, query tsquery) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT newsdesk_html_snippet(newsdesk_raw_snippet(body, query))
$$"""

_ARTICLE = f"""
CREATE FUNCTION newsdesk_snippet(headline text, lead text, body text, query tsquery)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT newsdesk_html_snippet(CASE
    WHEN to_tsvector({CONFIG}, headline) @@ query THEN newsdesk_raw_snippet(headline, query)
    WHEN to_tsvector({CONFIG}, lead) @@ query THEN newsdesk_raw_snippet(lead, query)
    WHEN to_tsvector({CONFIG}, body) @@ query THEN newsdesk_raw_snippet(body, query)
    ELSE newsdesk_raw_snippet(concat_ws(' ', headline, lead, body), query) END)
$$"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in (_RAW, _HTML, _ONE, _ARTICLE):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION newsdesk_snippet(text, text, text, tsquery)")
    op.execute("DROP FUNCTION newsdesk_snippet(text, tsquery)")
    op.execute("DROP FUNCTION newsdesk_html_snippet(text)")
    op.execute("DROP FUNCTION newsdesk_raw_snippet(text, tsquery)")
