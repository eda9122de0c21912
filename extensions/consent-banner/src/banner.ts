// The banner's DOM: built on first use, text set with textContent only (merchant text is never HTML).
import { CATEGORIES, RTL, privacyUrl, type Category, type Choice } from "./state.js";
import type { Config } from "./types.js";

declare const __CSS__: string;

export interface Handlers {
  choose(choice: Choice | "accept" | "reject", custom: boolean): void;
  current(): Choice;
  /** A sale-of-data opt-out region: the panel offers "Do not sell or share my personal information". */
  saleOfData: boolean;
  gpc: boolean;
}

type Attrs = Record<string, string | boolean | ((event: Event) => void)>;

function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | null | false)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "function") el.addEventListener(key, value);
    else if (value === true) el.setAttribute(key, "");
    else if (value !== false) el.setAttribute(key, value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

const active = () => document.activeElement;

export function createUI(cfg: Config, handlers: Handlers) {
  const t = cfg.text;
  const c = cfg.colors;
  let returnTo: Element | null = null;

  document.head.append(h("style", {}, __CSS__));
  const root = h("div", {
    id: "cb",
    class: `cb cb--${cfg.position} cb--${cfg.layout}`,
    lang: cfg.locale,
    dir: RTL.test(cfg.locale) ? "rtl" : "ltr",
    style: `--cb-bg:${c.background};--cb-fg:${c.text};--cb-btn:${c.button};--cb-btn-fg:${c.buttonText};--cb-r:${cfg.radius}px`,
  });
  // The banner sits outside any form: a button's default type submits nothing.
  const button = (label: string, click: () => void, kind: string, attrs: Attrs = {}) => h("button", { class: kind, click, ...attrs }, label);
  const p = (attrs: Attrs, ...children: (Node | string | null | false)[]) => h("p", attrs, ...children);
  const link = (href: string, label: string) => h("a", { href }, label);
  const note = (text: string, attrs: Attrs = {}) => p({ class: "cb-note", ...attrs }, text);
  const notes = () => [handlers.gpc && note(t.gpc_notice)];

  // First layer: a labelled, non-modal region.
  const revisionNote = note(t.revision_notice, { hidden: true });
  // Reject and Accept, with equal weight, and the line for Shopify's errors: in the bar and in the panel.
  const rejectAccept = () => [
    button(t.reject_all, () => handlers.choose("reject", false), "cb-main"),
    button(t.accept_all, () => handlers.choose("accept", false), "cb-main"),
  ];
  const customise = button(t.customise, () => openPanel(), "cb-alt");
  const errorLine = () => p({ class: "cb-error", role: "alert", hidden: true });
  const error = errorLine();
  const bar = h(
    "section",
    { class: "cb-bar", "aria-labelledby": "cb-title", tabindex: "-1", hidden: true },
    h("h2", { id: "cb-title" }, t.title),
    p({}, t.description, " ", cfg.policyUrl ? link(cfg.policyUrl, t.privacy_policy) : ""),
    // In the theme editor only: the colours that fail WCAG AA (worked out by the Liquid block).
    cfg.lowContrast ? note(cfg.lowContrast, { role: "status" }) : null,
    revisionNote,
    ...notes(),
    error,
    h("div", { class: "cb-actions" }, ...rejectAccept(), customise),
  );

  // Second layer: a modal <dialog> (showModal: the page behind is inert, Escape closes it, never accepting
  // anything) with one switch per category and what it does. In an opt-out region the sale of data comes
  // first, as "Do not sell or share my personal information": on means opted out.
  const switches = {} as Record<Category, HTMLInputElement>;
  const row = (id: string, label: string, desc: string, attrs: Attrs = {}, extra: Node | false = false) =>
    h(
      "li",
      {},
      h(
        "label",
        {},
        (switches[id as Category] = h("input", {
          id: `cb-${id}`,
          type: "checkbox",
          role: "switch",
          "aria-describedby": `cb-${id}-d`,
          ...attrs,
        }) as HTMLInputElement),
        label,
      ),
      p({ id: `cb-${id}-d` }, desc),
      extra,
    );
  const sale = (cat: Category) => cat === "sale_of_data";
  const list = h(
    "ul",
    {},
    handlers.saleOfData &&
      row("sale_of_data", t.sale_of_data, t.sale_of_data_desc, {}, p({}, link(privacyUrl(cfg.proxyPath, cfg.locale, "#opt-out"), t.opt_out_request))),
    row("necessary", `${t.necessary} (${t.always_on})`, t.necessary_desc, { checked: true, disabled: true }),
    ...CATEGORIES.filter((cat) => !sale(cat)).map((cat) => row(cat, t[cat], t[`${cat}_desc`])),
  );
  const picked = (): Choice => {
    const choice = handlers.current();
    for (const cat of CATEGORIES) if (switches[cat]) choice[cat] = switches[cat].checked !== sale(cat);
    return choice;
  };
  const panelError = errorLine();
  const panel = h(
    "dialog",
    { class: "cb-panel", "aria-labelledby": "cb-ptitle", close: () => (bar.hidden ? back() : customise.focus()) },
    h(
      "div",
      { class: "cb-head" },
      h("h2", { id: "cb-ptitle" }, t.privacy_choices),
      button("×", () => panel.close(), "cb-alt cb-x", { "aria-label": t.close }),
    ),
    ...notes(),
    list,
    panelError,
    h(
      "div",
      { class: "cb-actions" },
      ...rejectAccept(),
      button(t.save, () => handlers.choose(picked(), true), "cb-alt"),
    ),
    // The shoppers' privacy page (access, correction, deletion, opt-out), behind the app proxy.
    p({}, link(privacyUrl(cfg.proxyPath, cfg.locale), t.privacy_rights)),
  ) as HTMLDialogElement;
  const reopen = button(t.privacy_choices, () => openPanel(), "cb-reopen", { hidden: true });
  root.append(bar, panel, reopen);
  document.body.append(root);

  // Back to where the shopper was, if that is outside the banner; else to the "Privacy choices" control.
  function back() {
    const target = returnTo as HTMLElement | null;
    (target && target !== document.body && target.isConnected && !root.contains(target) ? target : reopen).focus();
  }

  function openPanel() {
    if (!panel.open) returnTo = active();
    const now = handlers.current();
    for (const cat of CATEGORIES) if (switches[cat]) switches[cat].checked = now[cat] !== sale(cat);
    panelError.hidden = true;
    if (!panel.open) panel.showModal();
    panel.querySelector<HTMLElement>("input:not([disabled])")!.focus();
  }

  return {
    open(reason: "first" | "revision") {
      returnTo = active();
      revisionNote.hidden = reason !== "revision";
      bar.hidden = false;
      reopen.hidden = true;
      bar.focus();
    },
    openPanel,
    done() {
      bar.hidden = true;
      reopen.hidden = false;
      // The panel's close handler moves the focus back; from the bar, back() does.
      if (panel.open) panel.close();
      else if (active() === document.body || root.contains(active())) back();
    },
    showReopen() {
      reopen.hidden = false;
    },
    error(message: string) {
      for (const el of [error, panelError]) {
        el.textContent = message;
        el.hidden = false;
      }
    },
  };
}

export type UI = ReturnType<typeof createUI>;
