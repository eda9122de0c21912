import { gzipSync } from "node:zlib";
import { createTestDatabase } from "../../test/support/databases.js";
import { API_SECRET, SHOP, startTestApp } from "../../test/support/test-app.js";
import { signProxyQuery } from "../../web/local/storefront/local-proxy.js";
import { rightsPage } from "../../web/privacy-centre/privacy-page.js";
import { load, row, type BenchSuite } from "../harness.js";

const gzipped = (text: string) => gzipSync(Buffer.from(text)).length;

/**
 * The shoppers' privacy page (GET /proxy/privacy through a signed app proxy query, as Shopify forwards it):
 * its response time at 50 connections beside /healthz on the same server, in one language and in all of
 * them (Shopify then picks one as it renders); and the bytes of the page's own CSS and script, gzipped,
 * beside the page's whole answer.
 */
export const privacy: BenchSuite = {
  name: "privacy",
  async run() {
    const database = await createTestDatabase("sqlite");
    const app = await startTestApp(database, { LOG_LEVEL: "warn" });
    const signed = (extra: Record<string, string>) =>
      signProxyQuery(
        new URLSearchParams({
          ...extra,
          shop: SHOP,
          logged_in_customer_id: "",
          path_prefix: "/apps/consent",
          timestamp: String(Math.floor(Date.now() / 1000)),
        }),
        API_SECRET,
      );
    const health = await load({ url: `${app.url}/healthz`, connections: 50 });
    const one = await load({ url: `${app.url}/proxy/privacy?${signed({ locale: "de" })}`, connections: 50 });
    const every = await load({ url: `${app.url}/proxy/privacy?${signed({})}`, connections: 50 });
    await app.close();
    await database.drop();
    for (const [name, result] of [
      ["one language", one],
      ["every language", every],
    ] as const) {
      if (result.non2xx || result.errors) throw new Error(`the privacy page (${name}) answered ${result.non2xx} non-2xx and ${result.errors} errors`);
    }
    const page = rightsPage("en", { pathPrefix: "/apps/consent", signedIn: false, mailAvailable: true, started: "0" });
    const css = /<style>[\s\S]*?<\/style>/.exec(page)![0];
    const js = /<script>[\s\S]*?<\/script>/.exec(page)![0];
    return [
      row("privacy", "privacy page p50, one language (50 connections)", "ms", one.p50, "/healthz p50, same server", health.p50),
      row("privacy", "privacy page p99, one language (50 connections)", "ms", one.p99, "/healthz p99, same server", health.p99),
      row("privacy", "privacy page p50, every language (50 connections)", "ms", every.p50, "/healthz p50, same server", health.p50),
      row("privacy", "privacy page p99, every language (50 connections)", "ms", every.p99, "/healthz p99, same server", health.p99),
      row("privacy", "privacy page's own CSS, gzipped", "B", gzipped(css), "the page's whole answer (en), gzipped", gzipped(page)),
      row("privacy", "privacy page's own JS, gzipped", "B", gzipped(js), "the page's whole answer (en), gzipped", gzipped(page)),
    ];
  },
};
