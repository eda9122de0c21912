import type { SettingsVersionView } from "../../../settings/banner-settings-types";

/** Names of the Banner page's settings, as the merchant reads them on the page. */
const SETTING_LABELS: Record<string, string> = {
  revision: "Policy revision",
  everywhere: "Where to show it",
  gcm: "Google Consent Mode",
  gcmMode: "Google's tags before consent (Consent Mode basic or advanced)",
  reloadOnWithdraw: "Reload on withdrawal",
  uet: "Microsoft UET consent mode",
  gpc: "Global Privacy Control",
  position: "Position",
  layout: "Layout",
  radius: "Corner radius",
  proxyPath: "App proxy path",
  policyUrl: "Privacy policy link",
  "(all)": "All settings",
};

const COLOUR_LABELS: Record<string, string> = {
  background: "Background colour",
  text: "Text colour",
  button: "Button colour",
  buttonText: "Button text colour",
};

/** "buttonText" → "Button text": for a setting this list does not name yet. */
const humanize = (key: string) => {
  const words = key
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export interface ChangeLabelSources {
  /** The text fields' labels ("Title", "Accept all button"…). */
  text: Record<string, string>;
  /** The colours' labels ("Background", "Button text"…). */
  colors: Record<string, string>;
  /** A language's name from its code ("de" → "German"). */
  language: (code: string) => string;
}

/** A changed setting's dotted path as the merchant reads it: "colors.buttonText" → "Button text colour". */
export function changeLabel(path: string, sources: ChangeLabelSources): string {
  const [head = "", ...rest] = path.split(".");
  if (head === "colors" && rest.length === 1) return COLOUR_LABELS[rest[0]!] ?? `${sources.colors[rest[0]!] ?? humanize(rest[0]!)} colour`;
  if (head === "text" && rest.length === 2) return `${sources.text[rest[1]!] ?? humanize(rest[1]!)} (${sources.language(rest[0]!)})`;
  if (head === "text" && rest.length === 1) return `Texts (${sources.language(rest[0]!)})`;
  return SETTING_LABELS[path] ?? [head, ...rest].map(humanize).join(" › ");
}

/** A version's line in the history: who saved it and what it changed, in words. */
export function versionSummary(version: SettingsVersionView, sources: ChangeLabelSources): string {
  const who = version.createdBy ? `saved by staff member ${version.createdBy}` : "saved by the app";
  if (version.reason) return `${who} · asked everyone again: “${version.reason}”`;
  if (!version.changes.length) return `${who} · no change`;
  const labels = [...new Set(version.changes.map((path) => changeLabel(path, sources)))];
  return `${who} · changed ${labels.slice(0, 4).join(", ")}${labels.length > 4 ? ` and ${labels.length - 4} more` : ""}`;
}
