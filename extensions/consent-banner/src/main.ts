// Storefront entry (assets/consent-banner.js, loaded with defer). One state: the visitor, the stored
// choice, the UI (created only when something must be shown).
import {
  acceptAll,
  decide,
  fromShopify,
  gpcOptOut,
  gpcToRecord,
  receipt,
  rejectAll,
  STORE_KEY,
  trackingConsent,
  type Choice,
  type Method,
  type Visitor,
} from "./state.js";
import { createUI, type UI } from "./banner.js";
import type { Seen } from "./observe.js";
import type { ConsentBlocker, Config, CustomerPrivacy } from "./types.js";

/** Set once this browser's GPC opt-out receipt is sent. */
const GPC_KEY = "consent-banner-gpc";
const EVENT = "consent-banner:change";
/** A link to it anywhere on the page opens the panel; so does arriving with it. */
const HASH = "#privacy-choices";

/** What the banner uses of the inline blocker's page API. */
type BlockerForBanner = Pick<ConsentBlocker, "set" | "stored" | "seen" | "send">;

function start(cfg: Config, textHash: string, api: CustomerPrivacy, blocker: BlockerForBanner) {
  const visitor: Visitor = {
    shouldShowBanner: api.shouldShowBanner(),
    saleOfDataRegion: api.saleOfDataRegion(),
    gpc: navigator.globalPrivacyControl === true,
    region: api.getRegion?.() || "",
  };
  // The stored choice, as the inline blocker read it before any other script ran.
  let stored = blocker.stored;
  let ui: UI | undefined;
  // What loaded before a first choice (noted by the blocker), sent once with the first receipt.
  let seen: Seen | undefined;
  // The choice to show in the panel: ours, else what Shopify holds (defaults for an undecided visitor).
  const current = (): Choice => (stored ? { ...stored.choice } : fromShopify(api.currentVisitorConsent(), visitor));
  // The inline blocker (src/blocker.ts) releases what the choice allows and sends Google's and Microsoft's
  // consent updates: where Shopify needs no consent, everything.
  blocker.set(current());

  function record(picked: Choice | "accept" | "reject", custom: boolean) {
    const choice = picked === "accept" ? acceptAll(visitor) : picked === "reject" ? rejectAll() : picked;
    const method: Method = custom ? (visitor.gpc ? "gpc" : "custom") : picked === "accept" ? "accept_all" : "reject_all";
    const fail = () => ui!.error(cfg.text.error);
    seen ??= blocker.seen();
    try {
      api.setTrackingConsent(trackingConsent(choice, visitor), (response) => {
        if (response && response.error) return fail();
        stored = { revision: cfg.revision, choice, at: Date.now() };
        try {
          localStorage.setItem(STORE_KEY, JSON.stringify(stored));
        } catch {
          /* private mode: Shopify still holds the choice */
        }
        blocker.set(choice);
        document.dispatchEvent(new CustomEvent(EVENT, { detail: { choice, method } }));
        send(receipt(choice, method, visitor, cfg.revision, textHash, api.consentId?.(), seen));
        seen = undefined;
        ui!.done();
      });
    } catch {
      fail();
    }
  }

  const send = (body: object) => blocker.send("/receipts", body);

  const optOut = visitor.saleOfDataRegion;
  const open = () => (ui ??= createUI(cfg, { choose: record, current, saleOfData: optOut, gpc: visitor.gpc }));
  const reason = decide(cfg.revision, cfg.everywhere, visitor, stored);
  if (reason) open().open(reason);
  // A way back to the choices once made, and in opt-out regions always: "Your privacy choices".
  else if (stored || optOut) open().showReopen();

  try {
    // GPC in an opt-out region: Shopify honours it by itself; one receipt here proves it was.
    if (gpcToRecord(visitor, !!localStorage.getItem(GPC_KEY))) {
      send(gpcOptOut(visitor, cfg.revision, textHash, api.consentId?.()));
      localStorage.setItem(GPC_KEY, "1");
    }
  } catch {
    /* private mode: nothing kept, nothing sent */
  }

  // In opt-out regions the "Privacy rights link" block (blocks/privacy-link.liquid) becomes "Your privacy choices".
  if (optOut)
    for (const a of document.querySelectorAll<HTMLAnchorElement>("a[data-consent-privacy-link]")) {
      a.textContent = cfg.text.privacy_choices;
      a.href = HASH;
    }
  // "Privacy choices" links the merchant places anywhere (href="#privacy-choices") open the panel.
  document.addEventListener("click", (event) => {
    if ((event.target as Element).closest?.(`a[href="${HASH}"]`)) {
      event.preventDefault();
      open().openPanel();
    }
  });
  if (location.hash === HASH) open().openPanel();
}

// The inline blocker runs first in the same app embed; the banner starts from what it read. Without it (the
// admin's live preview runs the banner alone): no stored choice, nothing held, nothing noted, nothing sent.
const config = document.getElementById("consent-banner-config");
const blocker: BlockerForBanner = window.consentBlocker || { set() {}, stored: null, seen: () => undefined, send() {} };
if (config) {
  const cfg = JSON.parse(config.textContent || "{}") as Config;
  window.Shopify?.loadFeatures?.([{ name: "consent-tracking-api", version: "0.1" }], (error) => {
    const api = window.Shopify?.customerPrivacy;
    if (!error && api) start(cfg, config.dataset.textHash || "", api, blocker);
  });
}
