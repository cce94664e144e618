"""The readers: format detection, HTML pages, ninjs items, feeds, bylines, with hand-made
fixtures (and the real pages and agency items of ``../shared`` where it is present)."""

from __future__ import annotations

import json

import pytest

from api.extract.formats import detect_format, read_articles
from api.extract.formats.meta import iso_timestamp, language_tag, split_byline
from api.extract.read import UnreadableArticle
from tests.conftest import shared_path

PAGE = b"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Harbour reopens after storm | The Coastal Times</title>
<link rel="canonical" href="https://www.coastal.example/news/harbour-reopens">
<meta property="og:site_name" content="The Coastal Times">
<meta property="og:title" content="Harbour reopens">
<meta property="article:published_time" content="2024-03-05T08:15:00+01:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour reopens after storm",
 "datePublished": "2024-03-05T08:15:00+01:00", "dateModified": "2024-03-05T10:00:00+01:00",
 "author": [{"@type": "Person", "name": "Mara Quill"}, {"@type": "Person", "name": "Tom Reed"}],
 "publisher": {"@type": "Organization", "name": "The Coastal Times"},
 "keywords": ["harbour", "weather"]}
</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article>
<h1>Harbour reopens after storm</h1>
<p>The town harbour reopened on Tuesday after a storm closed it for three days, the port
authority said in a statement to local fishermen and ferry operators.</p>
<figure><img src="https://cdn.coastal.example/img/harbour-1200.jpg" alt="Boats in the harbour">
<figcaption>Fishing boats back in the harbour on Tuesday.
<span class="credit">Photo: Ann Lee</span></figcaption></figure>
<p>Crews worked through the night to clear fallen rocks from the entrance channel, and the
first ferry left shortly after nine in the morning with a full load of passengers.</p>
<h2>What comes next</h2>
<p><strong>Why it matters:</strong> The harbour is the only sheltered port on this stretch of
coast, and the ferry is the island's one link to the mainland in winter.</p>
<ul><li>The sea wall will be inspected next week by engineers.</li>
<li>Repairs to the quay are expected to take a month.</li></ul>
<p>The port authority thanked volunteers who helped move boats to safety before the storm hit
the coast on Saturday evening.</p>
</article>
<footer><p>Copyright The Coastal Times</p></footer></body></html>
"""

NINJS_2 = {
    "uri": "urn:newsml:example.org:20240305:harbour", "type": "text",
    "versioncreated": "2024-03-05T09:00:00+01:00", "firstcreated": "2024-03-05T08:00:00+01:00",
    "language": "en", "by": "By Mara Quill and Tom Reed, Example Wire",
    "headlines": [{"role": "main", "value": "Harbour reopens after storm"}],
    "bodies": [{"role": "main", "contenttype": "text/html",
                "value": "<p>The harbour reopened on Tuesday.</p><p>Ferries sail again.</p>"}],
    "subjects": [{"name": "Weather"}], "people": [{"name": "Ann Lee"}],
    "places": [{"name": "Harbourtown"}],
}

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Coastal Times</title><link>https://coastal.example/</link><language>en-gb</language>
<item><title>Harbour reopens after storm</title><link>https://coastal.example/harbour</link>
<guid>https://coastal.example/harbour</guid><dc:creator>Mara Quill</dc:creator>
<pubDate>Tue, 05 Mar 2024 08:15:00 +0100</pubDate>
<content:encoded><![CDATA[<p>The harbour reopened on Tuesday.</p>
<p>Ferries sail again.</p>]]></content:encoded>
</item>
<item><title>Sea wall to be inspected</title><link>https://coastal.example/wall</link>
<guid>https://coastal.example/wall</guid>
<pubDate>Wed, 06 Mar 2024 12:00:00 +0000</pubDate>
<description>Engineers will inspect the sea wall next week.</description>
</item>
</channel></rss>
"""


@pytest.mark.parametrize(("data", "media_type", "expected"), [
    (b"Storm hits coast\n\nA storm hit the coast.\n", None, "text"),
    (b"Storm hits coast\n\nA storm hit the coast.\n", "text/plain", "text"),
    (PAGE, "text/plain", "html"),  # a saved page sent as text is still a page
    (PAGE, None, "html"),
    (b"<p>A fragment</p>", "text/html", "html"),
    (json.dumps(NINJS_2).encode(), "application/json", "json"),
    (json.dumps(NINJS_2).encode(), "application/ninjs+json", "ninjs"),
    (FEED, None, "feed"),
    (b"<?xml version='1.0'?><newsMessage/>", None, "xml"),
])
def test_formats_are_told_by_content_and_declared_type(data, media_type, expected):
    assert detect_format(data, media_type) == expected


@pytest.mark.parametrize(("data", "reason"), [
    (b'{"title": "not ninjs"}', "not a ninjs item"),
    (b"<?xml version='1.0'?><newsMessage/>", "neither an RSS nor an Atom feed"),
    (b"<rss version='2.0'><channel><title>x</title></channel></rss>", "no item"),
    (b"<html><body><nav>menu</nav></body></html>", "no article text"),
])
def test_files_that_cannot_be_read_are_refused_with_the_reason(data, reason):
    with pytest.raises(UnreadableArticle, match=reason):
        read_articles(data)


def test_an_html_page_becomes_text_structure_and_metadata():
    [item] = read_articles(PAGE, "text/html")
    parsed, meta = item.parsed, item.parsed.meta
    assert item.data == PAGE
    assert parsed.headline == "Harbour reopens after storm"
    assert parsed.source.startswith("Harbour reopens after storm\n\nThe town harbour reopened")
    assert "<" not in parsed.source and "Home" not in parsed.source
    assert parsed.lead.text.startswith("The town harbour reopened on Tuesday")
    assert [(s.label, s.slug) for s in parsed.sections] == [
        (None, None), ("What comes next", "what-comes-next"), ("Why it matters", "why-it-matters")]
    why = parsed.sections[2]
    assert [(b.kind, b.text[:30]) for b in why.blocks] == [
        ("paragraph", "The harbour is the only shelte"),
        ("bullet", "The sea wall will be inspected"),
        ("bullet", "Repairs to the quay are expect"),
        ("paragraph", "The port authority thanked vol"),
    ]
    for section in parsed.sections:
        for block in section.blocks:
            assert parsed.source[block.start:block.end] == block.text
    assert parsed.source[why.start:].startswith("Why it matters: The harbour")
    assert (meta.format, meta.media_type, meta.language) == ("html", "text/html", "en-GB")
    assert meta.url == "https://www.coastal.example/news/harbour-reopens"
    assert (meta.publisher_name, meta.publisher_domain) == ("The Coastal Times",
                                                            "coastal.example")
    assert meta.authors == ["Mara Quill", "Tom Reed"]
    assert meta.published_at == "2024-03-05T08:15:00+01:00"
    assert meta.modified_at == "2024-03-05T10:00:00+01:00"
    assert str(parsed.published) == "2024-03-05"
    assert meta.keywords == ["harbour", "weather"]
    assert [(i.url, i.alt, i.caption, i.credit) for i in parsed.images] == [
        ("https://cdn.coastal.example/img/harbour-1200.jpg", "Boats in the harbour",
         "Fishing boats back in the harbour on Tuesday.", "Ann Lee")]
    assert parsed.image.caption == "Fishing boats back in the harbour on Tuesday."


def test_a_ninjs_item_of_each_version():
    [item] = read_articles(json.dumps(NINJS_2).encode(), "application/json")
    parsed, meta = item.parsed, item.parsed.meta
    assert parsed.headline == "Harbour reopens after storm"
    assert parsed.lead.text == "The harbour reopened on Tuesday."
    assert parsed.sections[0].blocks[0].text == "Ferries sail again."
    assert meta.format == "ninjs" and meta.uri == "urn:newsml:example.org:20240305:harbour"
    assert meta.authors == ["Mara Quill", "Tom Reed"]
    assert meta.published_at == "2024-03-05T08:00:00+01:00"
    assert meta.modified_at == "2024-03-05T09:00:00+01:00"
    assert meta.keywords == ["Weather"]
    assert [(h.name, h.type) for h in meta.entity_hints] == [("Ann Lee", "PERSON"),
                                                            ("Harbourtown", "GPE")]
    version_1 = {"uri": "urn:x:1", "headline": "Quay repaired",
                 "body_text": "It is done.\n\nAt last.", "byline": "Tom Reed",
                 "versioncreated": "2024-03-07T10:00:00Z",
                 "subject": [{"code": "medtop:20000344", "name": "Ports"}],
                 "person": [{"name": "Ann Lee"}], "organisation": [{"name": "Port Authority"}],
                 "place": [{"name": "Harbourtown"}]}
    [old] = read_articles(json.dumps(version_1).encode())
    assert old.parsed.headline == "Quay repaired"
    assert old.parsed.lead.text == "It is done."
    assert old.parsed.meta.published_at == "2024-03-07T10:00:00+00:00"
    assert old.parsed.meta.authors == ["Tom Reed"]
    assert old.parsed.meta.keywords == ["Ports"]
    assert [(h.name, h.type) for h in old.parsed.meta.entity_hints] == [
        ("Ann Lee", "PERSON"), ("Port Authority", "ORG"), ("Harbourtown", "GPE")]
    version_3 = {"uri": "urn:x:3", "headlines": [{"value": "Wall inspected"}],
                 "bodies": [{"contentType": "text/plain", "value": "Engineers came."}],
                 "versionCreated": "2024-03-08T10:00:00Z", "language": "nb-NO"}
    [new] = read_articles(json.dumps(version_3).encode())
    assert (new.parsed.headline, new.parsed.lead.text) == ("Wall inspected", "Engineers came.")
    assert new.parsed.meta.language == "nb-NO"


def test_a_file_declared_ninjs_is_read_as_ninjs_or_refused():
    [item] = read_articles(json.dumps(NINJS_2).encode(), "application/ninjs+json")
    assert item.parsed.meta.format == "ninjs"
    assert item.parsed.meta.media_type == "application/ninjs+json"
    assert item.parsed.headline == "Harbour reopens after storm"
    with pytest.raises(UnreadableArticle, match="declared application/ninjs.json but is not JSON"):
        read_articles(b"Harbour reopens\n\nIt reopened.", "application/ninjs+json")
    with pytest.raises(UnreadableArticle, match="not a ninjs item"):
        read_articles(b'{"title": "not ninjs"}', "application/ninjs+json")


def test_a_feed_gives_one_article_per_item_each_with_its_own_bytes():
    items = read_articles(FEED)
    assert [i.parsed.headline for i in items] == ["Harbour reopens after storm",
                                                  "Sea wall to be inspected"]
    assert items[0].data.startswith(b"<item><title>Harbour reopens")
    assert items[0].data.endswith(b"</item>") and items[0].data in FEED
    first, second = (i.parsed.meta for i in items)
    assert (first.format, first.media_type) == ("rss", "application/rss+xml")
    assert first.url == "https://coastal.example/harbour"
    assert first.authors == ["Mara Quill"] and first.publisher_name == "Coastal Times"
    assert first.published_at == "2024-03-05T08:15:00+01:00"
    assert first.language == "en-GB"
    assert items[1].parsed.lead.text == "Engineers will inspect the sea wall next week."
    # Another fetch of the feed with a new item first: the known items keep their bytes.
    newer = FEED.replace(b"<item>", b"<item><title>New</title><description>Fresh news."
                         b"</description></item><item>", 1)
    assert [i.data for i in read_articles(newer)][1:] == [i.data for i in items]


@pytest.mark.parametrize(("byline", "people", "organisation"), [
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], "Reuters"),
    ("By Jane Doe, John Roe and Ann Lee", ["Jane Doe", "John Roe", "Ann Lee"], None),
    ("Von Christian Hollmann, dpa", ["Christian Hollmann"], "dpa"),
    ("Jane Doe & John Roe | Associated Press", ["Jane Doe", "John Roe"], "Associated Press"),
    ("Associated Press", ["Associated Press"], None),
    ("Trond Husø, The Anti-Doping Database", ["Trond Husø"], "The Anti-Doping Database"),
    ("Jane Doe, Tom Reed", ["Jane Doe", "Tom Reed"], None),
    ("", [], None),
])
def test_bylines_are_split_into_people_and_their_organisation(byline, people, organisation):
    assert split_byline(byline) == (people, organisation)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-03-05T08:15:00+01:00", "2024-03-05T08:15:00+01:00"),
    ("2024-03-05T07:15:00Z", "2024-03-05T07:15:00+00:00"),
    ("2024-03-05T07:15:00.000+0000", "2024-03-05T07:15:00+00:00"),
    ("Tue, 05 Mar 2024 08:15:00 +0100", "2024-03-05T08:15:00+01:00"),
    ("2024-03-05", "2024-03-05"),
    ("yesterday", None),
])
def test_timestamps_keep_their_offset(value, expected):
    assert iso_timestamp(value) == expected


def test_language_tags_are_bcp47():
    assert [language_tag(v) for v in ("en_gb", "EN", "zu", "nb-NO", "english please")] == [
        "en-GB", "en", "zu", "nb-NO", None]


def test_the_real_pages_read_with_their_metadata():
    corpus = shared_path("corpus", "html")
    gold = [json.loads(line) for line in
            (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    for row in gold:
        [item] = read_articles((corpus / row["file"]).read_bytes())
        assert item.parsed.meta.format == "html"
        assert item.parsed.headline and any(s.blocks for s in item.parsed.sections), row["id"]
        assert "<html" not in item.parsed.source.lower()
    [cbc] = read_articles((corpus / "html" / "CBCNews_2024_08_08.html").read_bytes())
    assert cbc.parsed.meta.authors == ["Yasmine Hassan"]
    assert cbc.parsed.meta.publisher_domain == "cbc.ca"
    assert "Palestinians react" in [s.label for s in cbc.parsed.sections]


def test_the_agencies_ninjs_items_read():
    examples = shared_path("formats", "ninjs", "examples")
    for path in sorted(examples.glob("*.json")):
        [item] = read_articles(path.read_bytes(), "application/json")
        assert item.parsed.headline, path.name
        assert item.parsed.meta.format == "ninjs"
    [dpa] = read_articles((examples / "2.1_dpa_text.json").read_bytes())
    assert dpa.parsed.meta.authors == ["Christian Hollmann"]
    assert dpa.parsed.meta.language == "de"
    assert dpa.parsed.meta.published_at == "2019-05-10T16:02:28+02:00"
