"""The Swagger page in a real headless browser, against the real server (gunicorn), offline.

The browser runs with networking to anything but the server disabled by flags; the page must
render the operations from ``/openapi.json`` with the assets the app serves itself, and a user
must be able to use it as one would: "Try it out" on a read, and, after giving the API key with
the Authorize button, on a write (driven over the DevTools protocol, `tests.e2e.cdp`). Skipped
where no Chromium is installed (CI installs Debian's).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from api.liveserver import NEWSDESK, newsdesk_serve
from tests.e2e.cdp import browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[2]
KEY = "browser-key"
#: Everything but the server is unreachable: the page must need nothing else.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``newsdesk serve`` on a fresh, migrated SQLite database holding the seed article, with
    the API key `KEY` for writes; its base URL."""
    instance = tmp_path_factory.mktemp("instance")
    env = {**os.environ, "NEWSDESK_INSTANCE_PATH": str(instance), "NEWSDESK_API_KEYS": KEY}
    for name in ("NEWSDESK_DATABASE_URL", "NEWSDESK_RATE_LIMIT"):
        env.pop(name, None)
    subprocess.run([str(NEWSDESK), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([str(NEWSDESK), "ingest", str(ROOT / "seeds")], env=env, check=True,
                   capture_output=True)
    with newsdesk_serve(env, workers=1) as live:
        yield live.base


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs it)")
def test_swagger_ui_renders_offline_in_a_browser(server, tmp_path):
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         OFFLINE,
         "--virtual-time-budget=15000", "--dump-dom", server + "/docs"],
        capture_output=True, text=True, timeout=120,
    )
    dom = result.stdout
    assert "swagger-ui" in dom, result.stderr[-2000:]
    # Operations are rendered from the spec: the JavaScript ran and fetched /openapi.json.
    assert "opblock-summary-path" in dom
    for path in ("/v1/articles", "/v1/quotes", "/v1/entities", "/healthz"):
        assert f'data-path="{path}"' in dom, path
    assert "Ingest an article file" in dom


#: Functions the page is driven with, as a user would: wait for an element, click it, type into
#: a field (React's inputs take the value through the native setter and an input event).
DRIVER = """
window.nd = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  async until(find, what, root) {
    for (let i = 0; i < 600; i++) {
      const found = find();
      if (found) return found;
      await nd.sleep(100);
    }
    const where = (root || document.querySelector(".swagger-ui")).cloneNode(true);
    where.querySelectorAll("svg").forEach((svg) => svg.remove());
    throw new Error("not found: " + what + " in " + where.outerHTML.slice(0, 6000));
  },
  async click(selector, root) {
    const element = await nd.until(() => (root || document).querySelector(selector), selector);
    element.scrollIntoView();
    element.click();
    return element;
  },
  async type(element, value) {
    const prototype = {TEXTAREA: HTMLTextAreaElement, SELECT: HTMLSelectElement}[
      element.tagName] || HTMLInputElement;
    Object.getOwnPropertyDescriptor(prototype.prototype, "value").set.call(element, value);
    element.dispatchEvent(new Event("input", {bubbles: true}));
    element.dispatchEvent(new Event("change", {bubbles: true}));
    await nd.sleep(600);  // the parameter fields take what is typed after 300 ms (debounced)
  },
  async only(block, values) {
    // Try it out fills every parameter with its example: the user clears those not wanted.
    for (const row of block.querySelectorAll("tr[data-param-name]")) {
      let remove;
      while ((remove = row.querySelector(".json-schema-form-item-remove"))) {
        remove.click();  // an array's example items
        await nd.sleep(100);
      }
      if (row.querySelector(".json-schema-array")) continue;
      const field = row.querySelector("input[type=text], input:not([type]), select");
      if (!field) continue;
      const value = values[row.dataset.paramName] ?? "";
      if (field.value !== value) await nd.type(field, value);
    }
  },
  async operation(method, path) {
    const block = await nd.until(() => [...document.querySelectorAll(".opblock-" + method)]
      .find((b) => b.querySelector(`.opblock-summary-path[data-path="${path}"]`)),
      method + " " + path);
    if (!block.classList.contains("is-open")) {
      (block.querySelector(".opblock-summary-control")
       || block.querySelector(".opblock-summary")).click();
    }
    await nd.click(".try-out__btn", block);
    return block;
  },
  async execute(block) {
    await nd.click(".execute", block);
    const status = await nd.until(() => block.querySelector(
      ".live-responses-table .response .response-col_status"), "the response", block);
    const body = await nd.until(() => block.querySelector(
      ".live-responses-table .response-col_description pre"), "the response body");
    const curl = block.querySelector(".curl-command .curl");
    return {status: status.textContent.trim(), body: body.textContent,
            curl: curl ? curl.textContent : ""};
  },
};
true
"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs it)")
def test_try_it_out_reads_and_with_authorize_writes(server, tmp_path):
    with browser(CHROMIUM, server + "/docs", tmp_path / "profile", flags=(OFFLINE,)) as page:
        page.wait_for("document.readyState === 'complete' && "
                      "document.querySelectorAll('.opblock').length > 0")
        assert page.evaluate(DRIVER) is True
        # A read: GET /v1/articles with page_size=1, as the form sends it.
        read = page.evaluate("""(async () => {
          const block = await nd.operation("get", "/v1/articles");
          await nd.until(() => block.querySelector('tr[data-param-name="page_size"] input'),
                         "page_size");
          await nd.only(block, {page: "1", page_size: "1"});
          return await nd.execute(block);
        })()""")
        assert read["status"] == "200", read
        listing = json.loads(read["body"])
        assert [item["headline"] for item in listing["items"]] == [
            "Blinken: U.S.-Russia could still find consensus"]
        assert listing["page_size"] == 1
        assert f"{server}/v1/articles?page=1&page_size=1" in read["curl"]

        # The key, given once with the Authorize button (the X-API-Key scheme), then a keyed
        # write: POST /v1/articles with a JSON body.
        authorized = page.evaluate(f"""(async () => {{
          await nd.click(".auth-wrapper .authorize");
          const form = await nd.until(() => [...document.querySelectorAll(
            ".modal-ux .auth-container")].find((c) => c.textContent.includes("ApiKeyHeader")),
            "the ApiKeyHeader form");
          await nd.type(form.querySelector("input"), {json.dumps(KEY)});
          await nd.click("button.authorize", form);
          await nd.until(() => form.textContent.includes("Logout"), "authorized");
          await nd.click(".modal-ux .btn-done");
          return document.querySelector(".auth-wrapper .authorize").classList
            .contains("locked");
        }})()""")
        assert authorized is True
        story = ("Harbour reopens\n\nThe harbour of Port Vale reopened on Monday after a "
                 "week of storms, officials said.\n")
        write = page.evaluate(f"""(async () => {{
          const block = await nd.operation("post", "/v1/articles");
          await nd.type(await nd.until(() => block.querySelector(
            ".body-param-content-type select"), "the content types", block), "application/json");
          const body = await nd.until(() => block.querySelector("textarea.body-param__text"),
                                      "the request body", block);
          await nd.type(body, JSON.stringify({{text: {json.dumps(story)}}}));
          return await nd.execute(block);
        }})()""")
    assert write["status"] == "201", write
    assert f"X-API-Key: {KEY}" in write["curl"]
    article = json.loads(write["body"])
    assert article["headline"] == "Harbour reopens"
    with urllib.request.urlopen(f"{server}/v1/articles/{article['id']}", timeout=30) as response:
        assert json.load(response)["headline"] == "Harbour reopens"
