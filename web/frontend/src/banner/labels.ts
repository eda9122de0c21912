import type { TextKey } from "../../../../extensions/consent-banner/src/contract";
import type { BannerColors } from "../../../settings/banner-settings-types";
import type { MessageId } from "../i18n/i18n";

/** The Banner page's name for each banner text (its message), as the merchant reads it beside the field and in the history. */
export const LABELS: Record<TextKey, MessageId> = {
  title: "banner.labelTitle",
  description: "banner.labelDescription",
  accept_all: "banner.labelAcceptAll",
  reject_all: "banner.labelRejectAll",
  customise: "banner.labelCustomise",
  save: "banner.labelSave",
  close: "banner.labelClose",
  privacy_policy: "banner.labelPrivacyPolicy",
  privacy_choices: "banner.labelPrivacyChoices",
  privacy_rights: "banner.labelPrivacyRights",
  opt_out_request: "banner.labelOptOutRequest",
  always_on: "banner.labelAlwaysOn",
  gpc_notice: "banner.labelGpcNotice",
  revision_notice: "banner.labelRevisionNotice",
  error: "banner.labelError",
  necessary: "banner.labelNecessary",
  necessary_desc: "banner.labelNecessaryDesc",
  preferences: "banner.labelPreferences",
  preferences_desc: "banner.labelPreferencesDesc",
  analytics: "banner.labelAnalytics",
  analytics_desc: "banner.labelAnalyticsDesc",
  marketing: "banner.labelMarketing",
  marketing_desc: "banner.labelMarketingDesc",
  sale_of_data: "banner.labelSaleOfData",
  sale_of_data_desc: "banner.labelSaleOfDataDesc",
};

export const COLOR_LABELS: Record<keyof BannerColors, MessageId> = {
  background: "banner.colorBackground",
  text: "banner.colorText",
  button: "banner.colorButton",
  buttonText: "banner.colorButtonText",
};

const displayNames = new Map<string, Intl.DisplayNames | null>();
/**
 * A language's name from its code in the admin's language `inLocale` ("de" → "German" in English, "Deutsch" in
 * German); the code itself when the browser has no name for it.
 */
export const languageName = (code: string, inLocale: string) => {
  try {
    if (!displayNames.has(inLocale)) displayNames.set(inLocale, new Intl.DisplayNames([inLocale], { type: "language" }));
    return displayNames.get(inLocale)?.of(code) ?? code;
  } catch {
    displayNames.set(inLocale, null);
    return code;
  }
};
