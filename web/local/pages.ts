/** The HTML of local mode's own pages (not the app's UI, which is the real one). */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · local mode</title>
<style>
  body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f1f1f1}
  header{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1rem;background:#1a1a1a;color:#fff}
  header a{color:#fff} header strong{margin-right:auto}
  main{max-width:60rem;margin:1.5rem auto;padding:0 1rem}
  .card{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin-bottom:1rem;box-shadow:0 1px 2px #0002}
  .warn{border-left:6px solid #b98900} code{background:#eee;padding:0 .25rem;border-radius:4px}
  label{display:block;margin:.5rem 0 .25rem} select,input,button{font:inherit;padding:.4rem .6rem;min-height:2.25rem}
  button{background:#1a1a1a;color:#fff;border:0;border-radius:8px;cursor:pointer}
  pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem;border-radius:8px}
</style></head><body>
<header><strong>Local mode — ${escapeHtml(title)}</strong><a href="/local/">Home</a><a href="/local/admin">Admin</a><a href="/local/storefront">Storefront</a><a href="/local/webhooks">Webhooks</a></header>
${body}</body></html>`;

export function indexPage(shop: string): string {
  return layout(
    "Consent & Compliance",
    `<main>
  <div class="card warn"><p><strong>Local mode.</strong> No Shopify credentials are set, so this app runs against a local
  stand-in of Shopify for the demo shop <code>${escapeHtml(shop)}</code>. Set <code>SHOPIFY_API_KEY</code> and
  <code>SHOPIFY_API_SECRET</code> to run it for real; these pages then no longer exist.</p></div>
  <div class="card"><h2>Try it</h2><ul>
    <li><a href="/local/admin">Admin</a>: the app's real admin UI, embedded as the Shopify admin embeds it, with session tokens minted for the demo shop.</li>
    <li><a href="/local/storefront">Storefront</a>: a store page with the real consent banner (app embed rendered from its Liquid). Try <a href="/local/storefront?locale=de">German</a>, <a href="/local/storefront?locale=ar">Arabic (right to left)</a>, <a href="/local/storefront?region=USCA&amp;everywhere=1">California</a>, <a href="/local/storefront?customer=42">a logged-in customer</a>. Receipts go through a local app proxy signed like Shopify's.</li>
    <li><a href="/local/webhooks">Webhooks</a>: send the demo shop a signed webhook (also <code>npm run webhook -- customers/redact --customer 42</code>).</li>
  </ul></div>
</main>`,
  );
}

export function adminPage(appSrc: string, shop: string): string {
  return layout(
    `Admin of ${shop}`,
    `<main style="max-width:none;margin:0;padding:0">
<iframe id="app" title="Consent &amp; Compliance app" src="${escapeHtml(appSrc)}" style="width:100%;height:calc(100vh - 3rem);border:0;display:block"></iframe>
<div id="toast" role="status" aria-live="polite" style="position:fixed;bottom:1rem;left:50%;transform:translateX(-50%)"></div>
</main>
<script>
  // Plays the Shopify admin's part for App Bridge: hands the framed app a fresh session token on request.
  const frame = document.getElementById("app");
  window.addEventListener("message", async (event) => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === "local-admin:request-id-token") {
      let reply;
      try {
        const response = await fetch("/local/session-token", { method: "POST" });
        if (!response.ok) throw new Error("session token request failed: " + response.status);
        reply = { type: "local-admin:id-token", id: data.id, token: (await response.json()).token };
      } catch (error) {
        reply = { type: "local-admin:id-token", id: data.id, error: String(error) };
      }
      frame.contentWindow.postMessage(reply, location.origin);
    } else if (data.type === "local-admin:toast") {
      const toast = document.getElementById("toast");
      toast.textContent = data.message;
      toast.style.cssText += ";background:" + (data.isError ? "#8e1f0b" : "#1a1a1a") + ";color:#fff;padding:.5rem 1rem;border-radius:8px";
      setTimeout(() => { toast.textContent = ""; toast.style.background = "none"; }, 4000);
    }
  });
</script>`,
  );
}

export function webhooksPage(topics: readonly string[], result?: { topic: string; status: number; body: string }): string {
  const options = topics.map((t) => `<option${t === result?.topic ? " selected" : ""}>${escapeHtml(t)}</option>`).join("");
  return layout(
    "Send a webhook",
    `<main><div class="card"><h2>Send the demo shop a webhook</h2>
<p>Signed with the app's secret and posted to <code>/api/webhooks</code> exactly as Shopify delivers it.</p>
<form method="post" action="/local/webhooks">
  <label for="topic">Topic</label><select id="topic" name="topic">${options}</select>
  <label for="customer">Customer id (customer topics)</label><input id="customer" name="customer" inputmode="numeric" value="191167">
  <p><button type="submit">Send webhook</button></p>
</form></div>
${result ? `<div class="card" role="status"><h3>${escapeHtml(result.topic)}: HTTP ${result.status}</h3><pre>${escapeHtml(result.body)}</pre></div>` : ""}
</main>`,
  );
}
