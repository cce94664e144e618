"""Request bodies over the upload limit are refused whatever their transfer encoding, and
nothing of them is stored (the app's side; `tests/test_serve.py` does it over real HTTP)."""

from __future__ import annotations

import io

import pytest

from tests.api.test_articles import row_counts

LIMIT = 64 * 1024  # the test app's MAX_CONTENT_LENGTH (tests/conftest.py)

STORY = b"Storm hits coast\n\nA storm hit the coast on Monday, officials said.\n\n"


def _chunked(client, body: bytes, content_type: str = "text/plain"):
    """POST ``body`` as a server that ends chunked streams itself (gunicorn) hands it over:
    no Content-Length, ``wsgi.input_terminated`` set."""
    return client.post("/v1/articles", input_stream=io.BytesIO(body),
                       headers={"Content-Type": content_type, "Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})


@pytest.mark.parametrize("size", [LIMIT + 1, 2 * LIMIT])
def test_a_chunked_body_over_the_limit_is_a_413_and_nothing_is_stored(client, size):
    body = (STORY * (size // len(STORY) + 1))[:size]
    before = row_counts()
    response = _chunked(client, body)
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"
    assert response.get_json()["detail"] == (
        f"The request body is larger than the upload limit of {LIMIT} bytes "
        "(NEWSDESK_MAX_UPLOAD_BYTES).")
    assert row_counts() == before


def test_a_chunked_multipart_body_over_the_limit_is_a_413(client):
    boundary = "b0undary"
    story = STORY * (LIMIT // len(STORY) + 1)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode() + story + (
            f"\r\n--{boundary}--\r\n").encode()
    before = row_counts()
    response = _chunked(client, body, f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert row_counts() == before


@pytest.mark.parametrize("size", [LIMIT, LIMIT - 1])
def test_a_chunked_body_up_to_the_limit_is_stored_whole(client, size):
    body = (STORY * (size // len(STORY) + 1))[:size]
    response = _chunked(client, body)
    assert response.status_code == 201, response.get_json()
    source = client.get(f"/v1/articles/{response.get_json()['id']}/source").data
    assert source == body


def test_a_content_length_over_the_limit_says_so_in_newsdesks_words(client):
    response = client.post("/v1/articles", data=b"a" * (LIMIT + 1), content_type="text/plain")
    assert response.status_code == 413
    assert response.get_json()["detail"] == (
        f"The request body is larger than the upload limit of {LIMIT} bytes "
        "(NEWSDESK_MAX_UPLOAD_BYTES).")


def test_a_body_shorter_than_its_content_length_is_refused_and_not_stored(client):
    body = STORY * 10
    before = row_counts()
    response = client.post("/v1/articles", input_stream=io.BytesIO(body),
                           content_type="text/plain",
                           environ_overrides={"CONTENT_LENGTH": str(len(body) + 100)})
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert row_counts() == before
