import { useState } from "react";
import { Banner, BlockStack, Box, Button, Card, FormLayout, InlineGrid, Text, TextField } from "@shopify/polaris";
import type { CorrectionTask } from "../../../privacy-centre/merchant-types";
import type { CorrectableAddress, CorrectableFields } from "../../../shopify/customer-privacy-api";
import type { MessageId } from "../i18n/i18n";
import { useT, type Translate } from "../i18n/useT";

const FIELD_LABEL: Record<CorrectionTask["field"], MessageId> = {
  firstName: "requests.fieldFirstName",
  lastName: "requests.fieldLastName",
  email: "requests.fieldEmail",
  phone: "requests.fieldPhone",
  address: "requests.fieldDefaultAddress",
};

/** The new value's label, one message per field (its word order and case differ by language). */
const NEW_LABEL: Record<Exclude<CorrectionTask["field"], "address">, MessageId> = {
  firstName: "requests.newFirstName",
  lastName: "requests.newLastName",
  email: "requests.newEmail",
  phone: "requests.newPhone",
};

const ADDRESS_FIELDS: Array<{ key: keyof CorrectableAddress; label: MessageId }> = [
  { key: "address1", label: "requests.addressAddress1" },
  { key: "address2", label: "requests.addressAddress2" },
  { key: "city", label: "requests.addressCity" },
  { key: "provinceCode", label: "requests.addressProvinceCode" },
  { key: "zip", label: "requests.addressZip" },
  { key: "countryCode", label: "requests.addressCountryCode" },
];

const addressLine = (address: CorrectableAddress | null) =>
  address ? [address.address1, address.address2, address.city, address.provinceCode, address.zip, address.countryCode].filter(Boolean).join(", ") : "";

function currentValue(t: Translate, task: CorrectionTask): string {
  if (!task.current) return "";
  const value = task.field === "address" ? addressLine(task.current.address) : task.current[task.field as Exclude<keyof CorrectableFields, "address">];
  return value || t("requests.correctionEmpty");
}

type Resolution = { apply: Record<string, unknown> } | { recorded: string };

/**
 * A correction for the merchant: what the shopper asked beside what Shopify holds now, with "Apply" (writes
 * it through the Admin API, editable first) and "Record what I did" (for anything done by hand).
 */
export function CorrectionTaskCard({
  task,
  canResolve,
  onResolve,
}: {
  task: CorrectionTask;
  canResolve: boolean;
  onResolve: (r: Resolution) => Promise<string | null>;
}) {
  const t = useT();
  const [value, setValue] = useState(task.value);
  const [address, setAddress] = useState<Record<keyof CorrectableAddress, string>>(() => {
    const current = task.current?.address;
    return Object.fromEntries(ADDRESS_FIELDS.map(({ key }) => [key, current?.[key] ?? ""])) as Record<keyof CorrectableAddress, string>;
  });
  const [recorded, setRecorded] = useState("");
  const [busy, setBusy] = useState<"apply" | "record">();
  const [error, setError] = useState<string>();

  const run = async (kind: "apply" | "record", resolution: Resolution) => {
    setBusy(kind);
    setError(undefined);
    setError((await onResolve(resolution)) ?? undefined);
    setBusy(undefined);
  };
  const apply = () =>
    run(
      "apply",
      task.field === "address"
        ? { apply: { address: Object.fromEntries(Object.entries(address).map(([k, v]) => [k, v.trim() || null])) } }
        : { apply: { [task.field]: value.trim() || null } },
    );

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("requests.correctionTitle")}
        </Text>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <Box background="bg-surface-secondary" padding="300" borderRadius="200">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {t("requests.correctionAsked", { field: t(FIELD_LABEL[task.field]) })}
              </Text>
              <Text as="p" breakWord>
                {task.value}
              </Text>
              {task.note && (
                <Text as="p" tone="subdued" breakWord>
                  {t("requests.correctionNote", { note: task.note })}
                </Text>
              )}
            </BlockStack>
          </Box>
          <Box background="bg-surface-secondary" padding="300" borderRadius="200">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {t("requests.correctionCurrent", { field: t(FIELD_LABEL[task.field]) })}
              </Text>
              {task.current ? (
                <Text as="p" breakWord>
                  {currentValue(t, task)}
                </Text>
              ) : (
                <Text as="p" tone="subdued">
                  {task.currentError ?? t("requests.correctionNotReadable")}
                </Text>
              )}
            </BlockStack>
          </Box>
        </InlineGrid>
        {error && (
          <Banner tone="critical" title={t("requests.notDone")} onDismiss={() => setError(undefined)}>
            <p>{error}</p>
          </Banner>
        )}
        {canResolve && task.customerId && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void apply();
            }}
          >
            <FormLayout>
              {task.field === "address" ? (
                <FormLayout.Group condensed>
                  {ADDRESS_FIELDS.map(({ key, label }) => (
                    <TextField key={key} label={t(label)} autoComplete="off" value={address[key]} onChange={(v) => setAddress({ ...address, [key]: v })} />
                  ))}
                </FormLayout.Group>
              ) : (
                <TextField label={t(NEW_LABEL[task.field])} autoComplete="off" value={value} onChange={setValue} helpText={t("requests.correctionApplyHelp")} />
              )}
              <Button submit variant="primary" loading={busy === "apply"} disabled={busy !== undefined}>
                {t("requests.correctionApply")}
              </Button>
            </FormLayout>
          </form>
        )}
        {canResolve && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void run("record", { recorded });
            }}
          >
            <FormLayout>
              <TextField
                label={t("requests.correctionRecordLabel")}
                autoComplete="off"
                multiline={2}
                maxLength={500}
                value={recorded}
                onChange={setRecorded}
                helpText={t("requests.correctionRecordHelp")}
              />
              <Button submit loading={busy === "record"} disabled={busy !== undefined || recorded.trim().length < 3}>
                {t("requests.correctionRecordSubmit")}
              </Button>
            </FormLayout>
          </form>
        )}
      </BlockStack>
    </Card>
  );
}
