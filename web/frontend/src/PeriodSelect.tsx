import { Select } from "@shopify/polaris";
import { useT } from "./i18n/useT";

/** The reporting period of the consent pages: the last 7, 30 or 90 days (value: the number of days). Its label is for screen readers: the options say what they are, and fit 320 px in every language. */
export function PeriodSelect({ value, onChange }: { value: string; onChange: (days: string) => void }) {
  const t = useT();
  return (
    <Select
      label={t("period.label")}
      labelHidden
      options={["7", "30", "90"].map((days) => ({ label: t("period.lastDays", { count: Number(days) }), value: days }))}
      value={value}
      onChange={onChange}
    />
  );
}
