// A typed newsdesk client: openapi-fetch over the types openapi-typescript generates from
// ../openapi.yaml. Run by tests/clients/test_generated_clients.py against a live server:
//   node build/js/example.js BASE_URL API_KEY   -> one JSON line of what it saw.
import createClient from "openapi-fetch";
import type { components, paths } from "./build/newsdesk.js";

type Article = components["schemas"]["Article"];
type Problem = components["schemas"]["Problem"];

declare const process: { argv: string[]; exit(code: number): never };

const [baseUrl = "http://127.0.0.1:8000", apiKey = ""] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl });

async function main(): Promise<void> {
  // A list, then every article by walking links.next (cursor paging).
  const first = await client.GET("/v1/articles", { params: { query: { page_size: 2 } } });
  if (!first.data) throw new Error("no list");
  const seen: number[] = first.data.items.map((item) => item.id);
  let next: string | null = first.data.links.next;
  while (next !== null) {
    const cursor = new URL(next, baseUrl).searchParams.get("cursor") ?? undefined;
    const page = await client.GET("/v1/articles", {
      params: { query: { page_size: 2, cursor } },
    });
    if (!page.data) throw new Error("no page");
    seen.push(...page.data.items.map((item) => item.id));
    next = page.data.links.next;
  }
  // One article, typed: headline is string | null, quotes' kinds are the enum.
  const one = await client.GET("/v1/articles/{article_id}", {
    params: { path: { article_id: seen[seen.length - 1] ?? 1 } },
  });
  const article: Article | undefined = one.data;
  if (!article) throw new Error("no article");
  const kinds: ("direct" | "partial" | "indirect")[] = article.quotes.map((q) => q.kind);
  // An ingest with the key (X-API-Key), as JSON.
  const posted = await client.POST("/v1/articles", {
    body: { text: "Harbour reopens\n\nThe harbour reopened on Monday, officials said.\n",
            filename: "harbour.txt" },
    headers: { "X-API-Key": apiKey },
  });
  // A problem response: no such article.
  const missing = await client.GET("/v1/articles/{article_id}", {
    params: { path: { article_id: 999999 } },
  });
  const problem: Problem | undefined = missing.error;
  console.log(JSON.stringify({
    total: first.data.total,
    walked: seen.length,
    headline: article.headline,
    kinds,
    ingested: posted.response.status,
    ingested_headline: posted.data?.headline ?? null,
    problem: problem ? { status: problem.status, title: problem.title } : null,
  }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
