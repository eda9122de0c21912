import { Select } from "@shopify/polaris";

/** The reporting period of the consent pages: the last 7, 30 or 90 days (value: the number of days). */
export function PeriodSelect({ value, onChange }: { value: string; onChange: (days: string) => void }) {
  return (
    <Select
      label="Period"
      labelInline
      options={[
        { label: "Last 7 days", value: "7" },
        { label: "Last 30 days", value: "30" },
        { label: "Last 90 days", value: "90" },
      ]}
      value={value}
      onChange={onChange}
    />
  );
}
