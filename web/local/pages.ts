// The HTML of local mode's own pages (not the app's UI, which is the real one).
import { optionParams, PAGE_PARAMS, type ParamDoc } from "./storefront/storefront-params.js";
import { DEMO_CUSTOMER_ID } from "./webhook-delivery.js";

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · local mode</title>
<style>
  body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f1f1f1}
  header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.6rem 1rem;background:#1a1a1a;color:#fff}
  header a{color:#fff} header strong{margin-right:auto}
  main{max-width:60rem;margin:1.5rem auto;padding:0 1rem}
  .card{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin-bottom:1rem;box-shadow:0 1px 2px #0002}
  .warn{border-left:6px solid #b98900} code{background:#eee;padding:0 .25rem;border-radius:4px}
  label{display:block;margin:.5rem 0 .25rem} select,input,button{font:inherit;padding:.4rem .6rem;min-height:2.25rem}
  button{background:#1a1a1a;color:#fff;border:0;border-radius:8px;cursor:pointer}
  pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem;border-radius:8px}
  table{border-collapse:collapse;width:100%} th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #e3e3e3}
</style></head><body>
<header><strong>Local mode — ${escapeHtml(title)}</strong><a href="/local/">Home</a><a href="/local/admin">Admin</a><a href="/local/storefront">Storefront</a><a href="/local/webhooks">Webhooks</a><a href="/local/mail">Mail</a></header>
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
    <li><a href="/local/storefront">Storefront</a>: a store page with the real consent banner (app embed rendered from its Liquid). Try <a href="/local/storefront?locale=de">German</a>, <a href="/local/storefront?locale=ar">Arabic (right to left)</a>, <a href="/local/storefront?region=USCA&amp;everywhere=1">California</a>, <a href="/local/storefront?customer=${DEMO_CUSTOMER_ID}">a logged-in customer</a>, or <a href="#storefront-parameters">any parameter below</a>. Receipts go through a local app proxy signed like Shopify's.</li>
    <li><a href="/local/webhooks">Webhooks</a>: send the demo shop a signed webhook (also <code>npm run webhook -- customers/redact --customer ${DEMO_CUSTOMER_ID}</code>).</li>
    <li><a href="/apps/consent/privacy">Privacy centre</a>: the shoppers' privacy rights page, through the local app proxy and rendered in the theme as Shopify does (<a href="/local/storefront?customer=42">log in as customer 42</a> first to skip the e-mail confirmation; <a href="/apps/consent/privacy?locale=de">German</a>). Every Admin API call the app makes is listed at <a href="/local/shopify/calls.json">/local/shopify/calls.json</a>.</li>
    <li><a href="/local/mail">Mail</a>: every e-mail the app sends to shoppers lands in this outbox instead (also <a href="/local/mail.json">as JSON</a>).</li>
  </ul></div>
  <div class="card" id="storefront-parameters"><h2>Storefront parameters</h2>
  <p>Query parameters of <a href="/local/storefront">/local/storefront</a>, combined freely (<code>?locale=de&amp;region=USCA&amp;everywhere=1</code>).
  What Shopify and the visitor decide:</p>
  ${paramTable(PAGE_PARAMS)}
  <p>The banner's options, one per setting of the app embed block (from <code>extensions/consent-banner/src/contract.ts</code>). A parameter given
  here wins over the settings saved in the admin, and the page names what it overrode; one that is not valid is ignored, and the page says why.</p>
  ${paramTable(optionParams())}</div>
</main>`,
  );
}

const paramTable = (params: ParamDoc[]) =>
  `<table><thead><tr><th scope="col">parameter</th><th scope="col">what it plays</th></tr></thead><tbody>${params
    .map(
      (p) =>
        `<tr><td><a href="/local/storefront?${escapeHtml(p.name)}=${escapeHtml(p.example)}"><code>${escapeHtml(p.name)}=${escapeHtml(decodeURIComponent(p.example))}</code></a></td><td>${escapeHtml(p.meaning)}</td></tr>`,
    )
    .join("")}</tbody></table>`;

export function adminPage(appSrc: string, shop: string): string {
  return layout(
    `Admin of ${shop}`,
    `<style>
  .admin{display:grid;grid-template-columns:15rem 1fr;height:calc(100vh - 2.6rem)}
  .admin nav{background:#ebebeb;padding:.75rem;overflow:auto;border-right:1px solid #d4d4d4}
  .admin nav a{display:block;padding:.35rem .6rem;border-radius:8px;color:#303030;text-decoration:none}
  .admin nav a[aria-current="page"]{background:#fff;font-weight:600}
  .admin nav .sub a{padding-left:1.4rem}
  .admin nav fieldset{margin-top:1.5rem;border:1px solid #c9c9c9;border-radius:8px;font-size:.85rem}
  .admin main{display:flex;flex-direction:column;min-width:0;position:relative;max-width:none;margin:0;padding:0}
  .titlebar{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.4rem 1rem;background:#f7f7f7;border-bottom:1px solid #e3e3e3}
  .titlebar h1{font-size:1rem;margin:0;margin-right:auto}
  .savebar{position:absolute;inset:0 0 auto 0;min-height:3rem;display:flex;align-items:center;gap:.6rem;padding:.4rem 1rem;background:#1a1a1a;color:#fff;z-index:5}
  .savebar strong{margin-right:auto}
  .savebar[hidden]{display:none}
  .savebar button,.titlebar button,.leave button{border:1px solid #8a8a8a;background:#fff;color:#1a1a1a;min-height:2.25rem}
  .savebar button.primary,.titlebar button.primary,.leave button.primary{background:#fff;color:#1a1a1a;font-weight:600}
  .savebar.attention{outline:3px solid #ffb800}
  .admin iframe{flex:1;width:100%;border:0;display:block;background:#f1f1f1}
  .leave{border:0;border-radius:12px;padding:1rem 1.25rem;box-shadow:0 20px 60px #0005}
  @media (max-width:700px){.admin{grid-template-columns:1fr;grid-template-rows:auto 1fr}.admin nav{display:flex;gap:.25rem;flex-wrap:wrap;border-right:0;border-bottom:1px solid #d4d4d4}.admin nav fieldset{margin:0}}
</style>
<div class="admin">
  <nav aria-label="App navigation"><div id="app-nav"><a href="#" data-path="/" id="app-home">Consent &amp; Compliance</a><div class="sub" id="app-nav-items"></div></div>
    <fieldset><legend>Theme editor (stand-in)</legend>
      <label><input type="checkbox" id="embed-switch"> Consent banner app embed on in the live theme</label>
    </fieldset>
  </nav>
  <main>
    <div class="titlebar"><h1 id="title">Consent &amp; Compliance</h1><span id="title-actions"></span></div>
    <div class="savebar" id="savebar" hidden role="region" aria-label="Unsaved changes"><strong>Unsaved changes</strong><span id="savebar-actions"></span></div>
    <iframe id="app" title="Consent &amp; Compliance app" src="${escapeHtml(appSrc)}"></iframe>
  </main>
</div>
<dialog class="leave" id="leave" aria-labelledby="leave-title"><h2 id="leave-title">Leave page with unsaved changes?</h2>
  <p>Save your changes or discard them before you leave this page.</p>
  <p style="display:flex;gap:.5rem;justify-content:flex-end"><button type="button" id="leave-stay">Stay</button><button type="button" id="leave-discard">Discard</button><button type="button" class="primary" id="leave-save">Save</button></p>
</dialog>
<div id="toast" role="status" aria-live="polite" style="position:fixed;bottom:1rem;left:50%;transform:translateX(-50%);z-index:10"></div>
<script>
  // Plays the Shopify admin's part for App Bridge (web/local/public/app-bridge.js in the framed app).
  const frame = document.getElementById("app");
  const send = (message) => frame.contentWindow.postMessage(message, location.origin);
  const reply = (id, result, error) => send({ type: "local-admin:reply", id, result, error });
  let saveBar = { visible: false, id: "", buttons: [] };
  let pendingPath = null;
  let currentPath = "/";
  const button = (info, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = info.loading ? info.label + "…" : info.label;
    if (info.primary) b.className = "primary";
    b.disabled = info.disabled || info.loading;
    b.addEventListener("click", onClick);
    return b;
  };
  const highlight = () => {
    for (const a of document.querySelectorAll("#app-nav a")) {
      // A page and its sub-pages (a request's detail) highlight their menu item, as Shopify's admin does.
      const path = a.dataset.path;
      if (path === currentPath || (path !== "/" && currentPath.startsWith(path + "/"))) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  };
  const navigate = (path) => {
    if (saveBar.visible) {
      // Shopify's rule (BFS 4.1.5): with unsaved changes, leaving asks to Save or Discard first.
      pendingPath = path;
      document.getElementById("savebar").classList.add("attention");
      document.getElementById("leave").showModal();
      return;
    }
    send({ type: "local-admin:navigate", path });
  };
  document.getElementById("app-nav").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-path]");
    if (!link) return;
    event.preventDefault();
    navigate(link.dataset.path);
  });
  const actOnSaveBar = (label) => {
    const index = saveBar.buttons.findIndex((b) => (label === "save" ? b.primary : !b.primary));
    if (index >= 0) send({ type: "local-admin:save-bar-action", id: saveBar.id, index });
  };
  document.getElementById("leave-stay").addEventListener("click", () => { pendingPath = null; document.getElementById("leave").close(); });
  document.getElementById("leave-discard").addEventListener("click", () => { document.getElementById("leave").close(); actOnSaveBar("discard"); });
  document.getElementById("leave-save").addEventListener("click", () => { document.getElementById("leave").close(); actOnSaveBar("save"); });

  const embedSwitch = document.getElementById("embed-switch");
  const loadEmbed = () => fetch("/local/embed").then((r) => r.json());
  loadEmbed().then((state) => (embedSwitch.checked = state.active));
  embedSwitch.addEventListener("change", () =>
    fetch("/local/embed", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ active: embedSwitch.checked }) }),
  );

  window.addEventListener("message", async (event) => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.source !== "app-bridge") return;
    if (data.type === "request-id-token") {
      try {
        const response = await fetch("/local/session-token", { method: "POST" });
        if (!response.ok) throw new Error("session token request failed: " + response.status);
        reply(data.id, (await response.json()).token);
      } catch (error) {
        reply(data.id, undefined, String(error));
      }
    } else if (data.type === "request-extensions") {
      const state = await loadEmbed();
      reply(data.id, state.extensions);
    } else if (data.type === "toast") {
      const toast = document.getElementById("toast");
      toast.textContent = data.message;
      toast.style.cssText += ";background:" + (data.isError ? "#8e1f0b" : "#1a1a1a") + ";color:#fff;padding:.5rem 1rem;border-radius:8px";
      setTimeout(() => { toast.textContent = ""; toast.style.background = "none"; }, 4000);
    } else if (data.type === "nav-menu") {
      const items = document.getElementById("app-nav-items");
      items.textContent = "";
      for (const item of data.items) {
        if (item.rel === "home") {
          document.getElementById("app-home").dataset.path = item.href;
          continue;
        }
        const a = document.createElement("a");
        a.href = "#";
        a.dataset.path = item.href;
        a.textContent = item.label;
        items.append(a);
      }
      highlight();
    } else if (data.type === "location") {
      currentPath = data.path;
      highlight();
      history.replaceState(null, "", "/local/admin" + (data.path === "/" ? "" : "?path=" + encodeURIComponent(data.path)));
    } else if (data.type === "title-bar") {
      document.getElementById("title").textContent = data.title || "Consent & Compliance";
      const actions = document.getElementById("title-actions");
      actions.textContent = "";
      data.buttons.forEach((info, index) => actions.append(button(info, () => send({ type: "local-admin:title-bar-action", index }))));
    } else if (data.type === "save-bar") {
      saveBar = data;
      const bar = document.getElementById("savebar");
      bar.hidden = !data.visible;
      bar.classList.remove("attention");
      const actions = document.getElementById("savebar-actions");
      actions.textContent = "";
      // Shopify's order: Discard, then Save.
      [...data.buttons.map((info, index) => ({ info, index }))]
        .sort((a, b) => Number(a.info.primary) - Number(b.info.primary))
        .forEach(({ info, index }) => actions.append(button(info, () => send({ type: "local-admin:save-bar-action", id: data.id, index }))));
      if (!data.visible && pendingPath) {
        const path = pendingPath;
        pendingPath = null;
        send({ type: "local-admin:navigate", path });
      }
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
  <label for="customer">Customer id (customer topics)</label><input id="customer" name="customer" inputmode="numeric" value="${DEMO_CUSTOMER_ID}">
  <p><button type="submit">Send webhook</button></p>
</form></div>
${result ? `<div class="card" role="status"><h3>${escapeHtml(result.topic)}: HTTP ${result.status}</h3><pre>${escapeHtml(result.body)}</pre></div>` : ""}
</main>`,
  );
}
