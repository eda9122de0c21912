import type { SettingsVersionView } from "../../../settings/banner-settings-types";
import type { MessageId } from "../i18n/i18n";
import type { Translate } from "../i18n/useT";

/** Names of the Banner page's settings (their messages), as the merchant reads them on the page. */
const SETTING_LABELS: Record<string, MessageId> = {
  revision: "banner.changeRevision",
  everywhere: "banner.changeEverywhere",
  gcm: "banner.changeGcm",
  gcmMode: "banner.changeGcmMode",
  reloadOnWithdraw: "banner.changeReload",
  uet: "banner.changeUet",
  gpc: "banner.changeGpc",
  position: "banner.changePosition",
  layout: "banner.changeLayout",
  radius: "banner.changeRadius",
  proxyPath: "banner.changeProxyPath",
  policyUrl: "banner.changePolicyUrl",
  "(all)": "banner.changeAll",
};

const COLOUR_LABELS: Record<string, MessageId> = {
  background: "banner.changeBackgroundColour",
  text: "banner.changeTextColour",
  button: "banner.changeButtonColour",
  buttonText: "banner.changeButtonTextColour",
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
  /** The admin's messages in the active language. */
  t: Translate;
  /** The text fields' labels ("Title", "Accept all button"…), as messages. */
  text: Record<string, MessageId>;
  /** The colours' labels ("Background", "Button text"…), as messages. */
  colors: Record<string, MessageId>;
  /** A language's name from its code ("de" → "German"). */
  language: (code: string) => string;
}

/** A changed setting's dotted path as the merchant reads it: "colors.buttonText" → "Button text colour". */
export function changeLabel(path: string, sources: ChangeLabelSources): string {
  const { t } = sources;
  const [head = "", ...rest] = path.split(".");
  if (head === "colors" && rest.length === 1) {
    const id = COLOUR_LABELS[rest[0]!];
    if (id) return t(id);
    const named = sources.colors[rest[0]!];
    return t("banner.changeColour", { color: named ? t(named) : humanize(rest[0]!) });
  }
  if (head === "text" && rest.length === 2) {
    const named = sources.text[rest[1]!];
    return t("banner.changeText", { label: named ? t(named) : humanize(rest[1]!), language: sources.language(rest[0]!) });
  }
  if (head === "text" && rest.length === 1) return t("banner.changeTexts", { language: sources.language(rest[0]!) });
  const id = SETTING_LABELS[path];
  return id ? t(id) : [head, ...rest].map(humanize).join(" › ");
}

/** A version's line in the history: who saved it and what it changed, in words. */
export function versionSummary(version: SettingsVersionView, sources: ChangeLabelSources): string {
  const { t } = sources;
  const who = version.createdBy ? t("banner.savedByStaff", { name: String(version.createdBy) }) : t("banner.savedByApp");
  if (version.reason) return t("banner.summaryReason", { who, reason: version.reason });
  if (!version.changes.length) return t("banner.summaryNoChange", { who });
  const labels = [...new Set(version.changes.map((path) => changeLabel(path, sources)))];
  return labels.length > 4
    ? t("banner.summaryChangedMore", { who, labels: labels.slice(0, 4).join(", "), count: labels.length - 4 })
    : t("banner.summaryChanged", { who, labels: labels.join(", ") });
}
