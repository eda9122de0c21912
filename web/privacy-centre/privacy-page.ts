import { CORRECTABLE_FIELDS, SHOPPER_REQUEST_TYPES, type CorrectableField, type ShopperRequestType } from "./request-types.js";
import { inert } from "./liquid-safe.js";
import { PRIVACY_LOCALES, textsFor, type PrivacyTextKey, type Texts } from "./texts.js";

// The privacy centre's pages, as `application/liquid` answers that Shopify renders inside the shop's
// theme. The only Liquid in them is the app's own (`{{ shop.name }}`, the storefront's locale and country);
// every text and every value, a shopper's above all, goes through `inert` (liquid-safe.ts) first.

/** Liquid the app writes (never request input): the shop's name as Shopify renders it. */
const SHOP_NAME = "{{ shop.name | escape }}";

/** What a page needs besides its texts. */
export interface PageContext {
  /** The app proxy's path prefix, e.g. /apps/consent (merchants can change it). */
  pathPrefix: string;
  /** The app proxy's signed logged_in_customer_id: a signed-in customer needs no confirmation e-mail. */
  signedIn: boolean;
  /** Whether e-mail can be sent (guests confirm by e-mail; without it they are asked to sign in). */
  mailAvailable: boolean;
  /** A signed form start time (bots that post at once are refused). */
  started: string;
}

export interface FormState {
  type: ShopperRequestType;
  values: Record<string, string>;
  /** Field name → error text key. */
  errors: Array<{ field: string; key: PrivacyTextKey }>;
}

/** The page's own style: small, inherits the theme's fonts and colours, readable at 320 px. */
const STYLE = `<style>
.pc{max-width:44rem;margin:0 auto;padding:1.5rem 0 3rem;line-height:1.5;overflow-wrap:anywhere;hyphens:auto}
.pc h1{font-size:clamp(1.5rem,6vw,2.25rem)}
.pc h1{margin:0 0 .75rem}.pc h2{margin:0 0 .5rem;font-size:1.25rem}
.pc section{border:1px solid currentColor;border-color:rgba(127,127,127,.45);border-radius:8px;padding:1rem;margin:1rem 0}
.pc label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.pc input:not([type=hidden]),.pc select,.pc textarea{box-sizing:border-box;width:100%;max-width:28rem;font:inherit;padding:.5rem;border:1px solid #6b6b6b;border-radius:4px;background:#fff;color:#1a1a1a}
.pc textarea{min-height:5rem}
.pc button,.pc .pc-button{display:inline-block;margin-top:.75rem;font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:4px;border:2px solid #1a1a1a;background:#1a1a1a;color:#fff;cursor:pointer;text-decoration:none}
.pc :focus-visible{outline:3px solid #2c6ecb;outline-offset:2px}
.pc .pc-hint{margin:.25rem 0 0;font-size:.9em}
.pc .pc-error{color:#b3261e;font-weight:600;margin:.25rem 0 0}
.pc .pc-alert{border:2px solid #b3261e;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}
.pc .pc-trap{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.pc dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}.pc dt{font-weight:600}.pc dd{margin:0}
</style>`;

/** Fills `region` from the Customer Privacy API where script runs (the law's clock needs the US state); the form works without it. */
const REGION_SCRIPT = `<script>(function(){function f(){var p=window.Shopify&&window.Shopify.customerPrivacy,r="";try{r=p&&p.getRegion?p.getRegion():""}catch(e){}if(r)document.querySelectorAll(".pc input[name=region]").forEach(function(i){i.value=r})}f();document.addEventListener("DOMContentLoaded",f);document.addEventListener("visitorConsentCollected",f)})()</script>`;

const fieldId = (type: string, name: string) => `pc-${type}-${name}`;

function errorFor(state: FormState | undefined, type: string, field: string, texts: Texts) {
  const error = state?.type === type ? state.errors.find((e) => e.field === field) : undefined;
  return error ? { id: `${fieldId(type, field)}-error`, html: `<p class="pc-error" id="${fieldId(type, field)}-error">${texts.t(error.key)}</p>` } : null;
}

function input(
  type: string,
  name: string,
  label: string,
  state: FormState | undefined,
  texts: Texts,
  extra: { kind?: string; hint?: string; autocomplete?: string } = {},
) {
  const id = fieldId(type, name);
  const error = errorFor(state, type, name, texts);
  const value = state?.type === type ? (state.values[name] ?? "") : "";
  const described = [extra.hint ? `${id}-hint` : "", error?.id ?? ""].filter(Boolean).join(" ");
  return `<label for="${id}">${label}</label>${extra.hint ? `<p class="pc-hint" id="${id}-hint">${extra.hint}</p>` : ""}${error?.html ?? ""}
<input id="${id}" name="${name}" type="${extra.kind ?? "text"}" value="${inert(value)}"${extra.autocomplete ? ` autocomplete="${extra.autocomplete}"` : ""}${described ? ` aria-describedby="${described}"` : ""}${error ? ' aria-invalid="true"' : ""} required>`;
}

function hiddenFields(type: string, context: PageContext, texts: Texts, state: FormState | undefined): string {
  const trap = fieldId(type, "website");
  return `<input type="hidden" name="type" value="${type}">
<input type="hidden" name="locale" value="${inert(texts.locale)}">
<input type="hidden" name="country" value="{{ localization.country.iso_code }}">
<input type="hidden" name="region" value="${inert(state?.type === type ? (state.values.region ?? "") : "")}">
<input type="hidden" name="started" value="${inert(context.started)}">
<div class="pc-trap" aria-hidden="true"><label for="${trap}">${texts.t("honeypot_label")}</label><input id="${trap}" name="website" type="text" tabindex="-1" autocomplete="off"></div>`;
}

function correctionFields(texts: Texts, state: FormState | undefined): string {
  const chosen = state?.type === "correction" ? state.values.field : "";
  const id = fieldId("correction", "field");
  const error = errorFor(state, "correction", "field", texts);
  const options = CORRECTABLE_FIELDS.map(
    (field: CorrectableField) => `<option value="${field}"${chosen === field ? " selected" : ""}>${texts.t(`field_${field}` as PrivacyTextKey)}</option>`,
  ).join("");
  const noteId = fieldId("correction", "note");
  const noteError = errorFor(state, "correction", "note", texts);
  const note = state?.type === "correction" ? (state.values.note ?? "") : "";
  return `<label for="${id}">${texts.t("correction_field")}</label>${error?.html ?? ""}
<select id="${id}" name="field"${error ? ` aria-invalid="true" aria-describedby="${error.id}"` : ""} required>${options}</select>
${input("correction", "value", texts.t("correction_value"), state, texts)}
<label for="${noteId}">${texts.t("correction_note")}</label>${noteError?.html ?? ""}
<textarea id="${noteId}" name="note" maxlength="1000"${noteError ? ` aria-invalid="true" aria-describedby="${noteError.id}"` : ""}>${inert(note)}</textarea>`;
}

function requestSection(type: ShopperRequestType, context: PageContext, texts: Texts, state: FormState | undefined): string {
  const shop = { shop: SHOP_NAME };
  const heading = `pc-${type}-heading`;
  const canSubmit = context.signedIn || context.mailAvailable;
  const email = context.signedIn
    ? ""
    : input(type, "email", texts.t("email_label"), state, texts, { kind: "email", hint: texts.t("email_hint", shop), autocomplete: "email" });
  const form = canSubmit
    ? `<form method="post" action="${inert(context.pathPrefix)}/privacy" novalidate>
${hiddenFields(type, context, texts, state)}
${type === "correction" ? correctionFields(texts, state) : ""}
${email}
<button type="submit">${texts.t(`${type}_submit` as PrivacyTextKey)}</button>
</form>`
    : "";
  return `<section id="${type === "opt_out" ? "opt-out" : type}" aria-labelledby="${heading}">
<h2 id="${heading}">${texts.t(`${type}_title` as PrivacyTextKey)}</h2>
<p>${texts.t(`${type}_what` as PrivacyTextKey, shop)}</p>
${form}
</section>`;
}

function errorSummary(state: FormState | undefined, texts: Texts): string {
  if (!state?.errors.length) return "";
  const items = state.errors.map((e) => `<li><a href="#${fieldId(state.type, e.field)}">${texts.t(e.key)}</a></li>`).join("");
  return `<div class="pc-alert" role="alert" tabindex="-1" id="pc-errors"><h2>${texts.t("error_heading")}</h2><ul>${items}</ul></div>`;
}

/** The privacy rights page in one language. */
export function rightsPage(locale: string, context: PageContext, state?: FormState, notice?: PrivacyTextKey): string {
  const texts = textsFor(locale, inert);
  const shop = { shop: SHOP_NAME };
  const identity = context.signedIn
    ? `<p>${texts.t("signed_in", shop)}</p>`
    : context.mailAvailable
      ? `<p>${texts.t("guest_note")}</p>`
      : `<p>${texts.t("guest_sign_in")} <a href="/account/login">${texts.t("sign_in")}</a></p>`;
  return `<div class="pc" lang="${texts.locale}" dir="${texts.dir}">
${STYLE}
<h1>${texts.t("page_title")}</h1>
${notice ? `<div class="pc-alert" role="alert"><p>${texts.t(notice)}</p></div>` : ""}${errorSummary(state, texts)}
<p>${texts.t("intro", shop)}</p>
<p>${texts.t("deadline_note", shop)}</p>
${identity}
${SHOPPER_REQUEST_TYPES.map((type) => requestSection(type, context, texts, state)).join("\n")}
<section id="cookies" aria-labelledby="pc-cookies-heading">
<h2 id="pc-cookies-heading">${texts.t("cookies_title")}</h2>
<p>${texts.t("cookies_what")}</p>
<a class="pc-button" href="#privacy-choices">${texts.t("cookies_open")}</a>
</section>
${REGION_SCRIPT}
</div>`;
}

/**
 * The privacy rights page when the request named no locale: every language, chosen by Shopify as it
 * renders the page from the storefront's `request.locale.iso_code`, as resolveLocale (texts.ts) chooses:
 * the exact locale, else its language, else another regional variant of the language, else English.
 */
export function rightsPageAnyLocale(context: PageContext): string {
  const others = PRIVACY_LOCALES.filter((l) => l !== "en");
  const byLanguage = new Map<string, string>();
  for (const locale of others) if (!byLanguage.has(locale.split("-")[0]!) || !locale.includes("-")) byLanguage.set(locale.split("-")[0]!, locale);
  const regional = others.filter((l) => l.includes("-"));
  const pick = (value: string, target: string) => `{% when '${value}' %}{% assign pc_pick = '${target}' %}`;
  return `{% assign pc_locale = request.locale.iso_code %}{% assign pc_lang = pc_locale | split: '-' | first %}{% assign pc_pick = 'en' %}
{% case pc_lang %}${[...byLanguage].map(([language, locale]) => pick(language, locale)).join("")}{% endcase %}
${regional.length ? `{% case pc_locale %}${regional.map((l) => pick(l, l)).join("")}{% endcase %}` : ""}
{% case pc_pick %}
${others.map((locale) => `{% when '${locale}' %}\n${rightsPage(locale, context)}`).join("\n")}
{% else %}
${rightsPage("en", context)}
{% endcase %}`;
}

/** A short page: a heading, paragraphs (already inert), and links. */
export function messagePage(
  locale: string,
  heading: PrivacyTextKey,
  body: string[],
  links: Array<{ href: string; text: string }> = [],
  role?: "alert",
): string {
  const texts = textsFor(locale, inert);
  return `<div class="pc" lang="${texts.locale}" dir="${texts.dir}">
${STYLE}
<h1>${texts.t(heading)}</h1>
<div${role ? ` role="${role}"` : ""}>${body.map((p) => `<p>${p}</p>`).join("\n")}</div>
${links.map((l) => `<p><a href="${inert(l.href)}">${l.text}</a></p>`).join("\n")}
</div>`;
}

/** The confirmation page of a guest's link: a button, so mail scanners that open links use nothing up. */
export function confirmPage(locale: string, pathPrefix: string, token: string, type: ShopperRequestType): string {
  const texts = textsFor(locale, inert);
  return `<div class="pc" lang="${texts.locale}" dir="${texts.dir}">
${STYLE}
<h1>${texts.t("verify_title")}</h1>
<p>${texts.t("verify_body", { shop: SHOP_NAME, request: texts.type(type) })}</p>
<form method="post" action="${inert(pathPrefix)}/privacy/verify">
<input type="hidden" name="token" value="${inert(token)}">
<button type="submit">${texts.t("verify_submit")}</button>
</form>
</div>`;
}

export interface StatusView {
  type: ShopperRequestType;
  status: string;
  receivedAt: Date;
  verifiedAt: Date | null;
  dueAt: Date;
  completedAt: Date | null;
  shopifyState: string | null;
  decisionReason: string | null;
  extendedAt: Date | null;
  extensionReason: string | null;
  download: { href: string; until: Date } | null;
  /** The copy is ready and its download link is in the e-mail that said so (until then). */
  downloadByEmail: Date | null;
  downloadExpired: boolean;
}

/** A request's status page (reached by its signed link). */
export function statusPage(locale: string, view: StatusView, backHref: string): string {
  const texts = textsFor(locale, inert);
  const shop = { shop: SHOP_NAME };
  const stateKey = `state_${view.status}` as PrivacyTextKey;
  const notes: string[] = [];
  if (view.type === "deletion") {
    if (view.shopifyState === "scheduled") notes.push(texts.t("erasure_scheduled"));
    if (view.shopifyState === "held") notes.push(texts.t("erasure_held"));
    if (view.shopifyState === "cancelled") notes.push(texts.t("erasure_cancelled"));
    if (view.status === "completed" && view.completedAt) notes.push(texts.t("erasure_done", { date: texts.date(view.completedAt) }));
  }
  if (view.status === "completed" && view.type === "opt_out") notes.push(texts.t("opt_out_done"));
  if (view.status === "completed" && view.type === "correction") notes.push(texts.t("correction_done"));
  if ((view.status === "declined" || view.status === "cancelled") && view.decisionReason)
    notes.push(texts.t("declined_reason", { ...shop, reason: inert(view.decisionReason) }));
  if (view.extendedAt && view.extensionReason) notes.push(texts.t("extended", { ...shop, date: texts.date(view.dueAt), reason: inert(view.extensionReason) }));
  const download = view.download
    ? `<p><a class="pc-button" href="${inert(view.download.href)}" download>${texts.t("download")}</a></p><p>${texts.t("download_until", { date: texts.date(view.download.until) })}</p>`
    : view.downloadByEmail
      ? `<p>${texts.t("download_in_email", { date: texts.date(view.downloadByEmail) })}</p>`
      : view.downloadExpired
        ? `<p>${texts.t("download_gone")}</p>`
        : "";
  const open = !["completed", "declined", "cancelled"].includes(view.status);
  return `<div class="pc" lang="${texts.locale}" dir="${texts.dir}">
${STYLE}
<h1>${texts.t("status_title")}</h1>
<dl>
<dt>${texts.t("status_request")}</dt><dd>${texts.type(view.type)}</dd>
<dt>${texts.t("status_state")}</dt><dd>${texts.t(stateKey, shop)}</dd>
<dt>${texts.t("status_received")}</dt><dd>${texts.date(view.receivedAt)}</dd>
${view.verifiedAt ? `<dt>${texts.t("status_verified")}</dt><dd>${texts.date(view.verifiedAt)}</dd>` : ""}
${open && view.verifiedAt ? `<dt>${texts.t("status_due")}</dt><dd>${texts.date(view.dueAt)}</dd>` : ""}
</dl>
${notes.map((n) => `<p>${n}</p>`).join("\n")}
${download}
<p><a href="${inert(backHref)}">${texts.t("back")}</a></p>
</div>`;
}
