import type { TextKey } from "../../../../extensions/consent-banner/src/contract";
import type { BannerColors } from "../../../settings/banner-settings-types";

/** The Banner page's name for each banner text, as the merchant reads it beside the field and in the history. */
export const LABELS: Record<TextKey, string> = {
  title: "Title",
  description: "Description",
  accept_all: "Accept all button",
  reject_all: "Reject all button",
  customise: "Customise button",
  save: "Save choices button",
  close: "Close button (screen readers)",
  privacy_policy: "Privacy policy link",
  privacy_choices: "Your privacy choices (panel title, reopen button, opt-out link in US states)",
  privacy_rights: "Your privacy rights (link to the privacy page)",
  opt_out_request: "Opt-out for the customer account (link)",
  always_on: '"always on" note',
  gpc_notice: "Global Privacy Control notice",
  revision_notice: "Policy changed notice",
  error: "Error message",
  necessary: "Strictly necessary",
  necessary_desc: "Strictly necessary: description",
  preferences: "Preferences",
  preferences_desc: "Preferences: description",
  analytics: "Analytics",
  analytics_desc: "Analytics: description",
  marketing: "Marketing",
  marketing_desc: "Marketing: description",
  sale_of_data: "Do not sell or share (opt-out switch)",
  sale_of_data_desc: "Do not sell or share: description",
};

export const COLOR_LABELS: Record<keyof BannerColors, string> = { background: "Background", text: "Text", button: "Buttons", buttonText: "Button text" };

let displayNames: Intl.DisplayNames | undefined;
/** A language's English name from its code ("de" → "German"); the code itself when the browser has no name for it. */
export const languageName = (code: string) => {
  try {
    displayNames ??= new Intl.DisplayNames(["en"], { type: "language" });
    return displayNames.of(code) ?? code;
  } catch {
    return code;
  }
};
