// The banner's DOM: built on first use, text set with textContent only (merchant text is never HTML).
import { CATEGORIES, RTL, type Category, type Choice } from "./state.js";
import type { Config } from "./types.js";

declare const __CSS__: string;

export interface Handlers {
  choose(choice: Choice | "accept" | "reject", custom: boolean): void;
  current(): Choice;
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

export function createUI(cfg: Config, handlers: Handlers) {
  const t = cfg.text;
  const c = cfg.colors;
  let returnTo: Element | null = null;

  document.head.append(h("style", { id: "cb-style" }, __CSS__));
  const root = h("div", {
    id: "cb",
    class: `cb cb--${cfg.position} cb--${cfg.layout}`,
    lang: cfg.locale,
    dir: RTL.test(cfg.locale) ? "rtl" : "ltr",
    style: `--cb-bg:${c.background};--cb-fg:${c.text};--cb-btn:${c.button};--cb-btn-fg:${c.buttonText};--cb-r:${cfg.radius}px`,
  });
  const button = (label: string, onclick: () => void, kind = "") => h("button", { type: "button", class: `cb-btn ${kind}`, click: onclick }, label);
  const policy = cfg.policyUrl ? h("a", { href: cfg.policyUrl, class: "cb-link" }, t.privacy_policy) : null;
  const notes = () => [handlers.gpc && h("p", { class: "cb-note" }, t.gpc_notice)];
  // In the theme editor only: the colours that fail WCAG AA (worked out by the Liquid block).
  const editorWarning = cfg.lowContrast ? h("p", { class: "cb-note", role: "status" }, cfg.lowContrast) : null;

  // First layer: a labelled, non-modal region. Accept and Reject have equal weight.
  const revisionNote = h("p", { class: "cb-note", hidden: true }, t.revision_notice);
  // Reject and Accept, with equal weight, and the line for Shopify's errors: in the bar and in the panel.
  const rejectAccept = () => [
    button(t.reject_all, () => handlers.choose("reject", false), "cb-main"),
    button(t.accept_all, () => handlers.choose("accept", false), "cb-main"),
  ];
  const errorLine = () => h("p", { class: "cb-error", role: "alert", hidden: true });
  const error = errorLine();
  const bar = h(
    "section",
    { class: "cb-bar", "aria-labelledby": "cb-title", tabindex: "-1", hidden: true },
    h("h2", { id: "cb-title", class: "cb-title" }, t.title),
    h("p", { id: "cb-desc" }, t.description, " ", policy ?? ""),
    editorWarning,
    revisionNote,
    ...notes(),
    error,
    h(
      "div",
      { class: "cb-actions" },
      ...rejectAccept(),
      button(t.customise, () => openPanel(), "cb-alt"),
    ),
  );

  // Second layer: a modal dialog with one switch per category and what it does.
  const switches = {} as Record<Category, HTMLInputElement>;
  const row = (id: string, label: string, desc: string, input: HTMLElement) =>
    h("li", { class: "cb-cat" }, h("label", { for: `cb-${id}` }, input, h("span", {}, label)), h("p", { id: `cb-${id}-d` }, desc));
  const list = h(
    "ul",
    { class: "cb-cats" },
    row(
      "necessary",
      `${t.necessary} (${t.always_on})`,
      t.necessary_desc,
      h("input", { id: "cb-necessary", type: "checkbox", role: "switch", checked: true, disabled: true, "aria-describedby": "cb-necessary-d" }),
    ),
    ...CATEGORIES.filter((cat) => cat !== "sale_of_data" || handlers.saleOfData).map((cat) => {
      const input = h("input", { id: `cb-${cat}`, type: "checkbox", role: "switch", "aria-describedby": `cb-${cat}-d` }) as HTMLInputElement;
      switches[cat] = input;
      return row(cat, t[cat], t[`${cat}_desc`], input);
    }),
  );
  const picked = (): Choice => {
    const choice = handlers.current();
    for (const cat of CATEGORIES) if (switches[cat]) choice[cat] = switches[cat].checked;
    return choice;
  };
  const panelError = errorLine();
  const panel = h(
    "div",
    { class: "cb-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "cb-ptitle", hidden: true, keydown: trap },
    h(
      "div",
      { class: "cb-head" },
      h("h2", { id: "cb-ptitle", class: "cb-title" }, t.privacy_choices),
      button("×", () => closePanel(), "cb-x"),
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
  );
  panel.querySelector(".cb-x")!.setAttribute("aria-label", t.close);
  const reopen = h("button", { type: "button", class: "cb-reopen", hidden: true, click: () => openPanel() }, t.privacy_choices);
  root.append(bar, panel, reopen);
  document.body.append(root);

  function focusables() {
    return [...panel.querySelectorAll<HTMLElement>("button, a[href], input:not([disabled])")];
  }
  // Tab stays within the open dialog; Escape closes it (it never accepts anything).
  function trap(event: Event) {
    const e = event as KeyboardEvent;
    if (e.key === "Escape") {
      e.preventDefault();
      closePanel();
    } else if (e.key === "Tab") {
      const items = focusables();
      const first = items[0]!;
      const last = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  function openPanel() {
    if (panel.hidden) returnTo = document.activeElement;
    const now = handlers.current();
    for (const cat of CATEGORIES) if (switches[cat]) switches[cat].checked = now[cat];
    panelError.hidden = true;
    panel.hidden = false;
    root.classList.add("cb--modal");
    switches.preferences?.focus();
  }
  function closePanel() {
    panel.hidden = true;
    root.classList.remove("cb--modal");
    const target = !bar.hidden ? bar.querySelector<HTMLElement>(".cb-alt") : (returnTo as HTMLElement | null);
    (target && target.isConnected ? target : reopen).focus();
  }

  return {
    open(reason: "first" | "revision") {
      returnTo = document.activeElement;
      revisionNote.hidden = reason !== "revision";
      bar.hidden = false;
      reopen.hidden = true;
      bar.focus();
    },
    openPanel,
    done() {
      const wasPanel = !panel.hidden;
      bar.hidden = panel.hidden = true;
      root.classList.remove("cb--modal");
      reopen.hidden = false;
      // Back to where the shopper was, if that is outside the banner; else to the "Privacy choices" control.
      const target = returnTo as HTMLElement | null;
      const outside = target && target !== document.body && target.isConnected && !root.contains(target);
      if (wasPanel || document.activeElement === document.body || root.contains(document.activeElement)) (outside ? target : reopen).focus();
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
