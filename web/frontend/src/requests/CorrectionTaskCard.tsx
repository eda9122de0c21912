import { useState } from "react";
import { Banner, BlockStack, Box, Button, Card, FormLayout, InlineGrid, Text, TextField } from "@shopify/polaris";
import type { CorrectionTask } from "../../../privacy-centre/merchant-types";
import type { CorrectableAddress, CorrectableFields } from "../../../shopify/customer-privacy-api";

const FIELD_LABEL: Record<CorrectionTask["field"], string> = {
  firstName: "First name",
  lastName: "Last name",
  email: "E-mail",
  phone: "Phone",
  address: "Default address",
};

const ADDRESS_FIELDS: Array<{ key: keyof CorrectableAddress; label: string }> = [
  { key: "address1", label: "Address" },
  { key: "address2", label: "Apartment, suite, etc." },
  { key: "city", label: "City" },
  { key: "provinceCode", label: "Province or state code" },
  { key: "zip", label: "Postal code" },
  { key: "countryCode", label: "Country code (2 letters)" },
];

const addressLine = (address: CorrectableAddress | null) =>
  address ? [address.address1, address.address2, address.city, address.provinceCode, address.zip, address.countryCode].filter(Boolean).join(", ") : "";

function currentValue(task: CorrectionTask): string {
  if (!task.current) return "";
  const value = task.field === "address" ? addressLine(task.current.address) : task.current[task.field as Exclude<keyof CorrectableFields, "address">];
  return value || "(empty)";
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
          Correction requested
        </Text>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <Box background="bg-surface-secondary" padding="300" borderRadius="200">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {`${FIELD_LABEL[task.field]}: what the shopper asked`}
              </Text>
              <Text as="p" breakWord>
                {task.value}
              </Text>
              {task.note && (
                <Text as="p" tone="subdued" breakWord>
                  {`“${task.note}”`}
                </Text>
              )}
            </BlockStack>
          </Box>
          <Box background="bg-surface-secondary" padding="300" borderRadius="200">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {`${FIELD_LABEL[task.field]}: in Shopify now`}
              </Text>
              {task.current ? (
                <Text as="p" breakWord>
                  {currentValue(task)}
                </Text>
              ) : (
                <Text as="p" tone="subdued">
                  {task.currentError ?? "Not readable."}
                </Text>
              )}
            </BlockStack>
          </Box>
        </InlineGrid>
        {error && (
          <Banner tone="critical" title="Not done" onDismiss={() => setError(undefined)}>
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
                    <TextField key={key} label={label} autoComplete="off" value={address[key]} onChange={(v) => setAddress({ ...address, [key]: v })} />
                  ))}
                </FormLayout.Group>
              ) : (
                <TextField
                  label={`New ${FIELD_LABEL[task.field].toLowerCase()}`}
                  autoComplete="off"
                  value={value}
                  onChange={setValue}
                  helpText="As the shopper asked; edit it first if needed."
                />
              )}
              <Button submit variant="primary" loading={busy === "apply"} disabled={busy !== undefined}>
                Apply in Shopify
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
                label="Record what I did"
                autoComplete="off"
                multiline={2}
                maxLength={500}
                value={recorded}
                onChange={setRecorded}
                helpText="If you corrected it another way (or it needed no change), say what you did. The request is then completed and the shopper told."
              />
              <Button submit loading={busy === "record"} disabled={busy !== undefined || recorded.trim().length < 3}>
                Record and complete
              </Button>
            </FormLayout>
          </form>
        )}
      </BlockStack>
    </Card>
  );
}
