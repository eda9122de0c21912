import { useCallback } from "react";
import { useLingui } from "@lingui/react";
import type { MessageId } from "./i18n";

/** Values for a message's {arguments}: text and numbers (plurals, numbers), dates. */
export type MessageValues = Record<string, string | number | Date>;

/**
 * The active language's messages: `t("home.title")`, `t("requests.count", { count })`. Re-renders when the
 * language changes. Dates and numbers: Lingui's `i18n.date` and `i18n.number` (Intl, in the same language).
 */
export function useT() {
  const { i18n } = useLingui();
  return useCallback((id: MessageId, values?: MessageValues) => i18n._(id, values), [i18n]);
}

export type Translate = ReturnType<typeof useT>;
