import { useState } from "react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import type { MerchantActions, RequestView } from "../../../privacy-centre/merchant-types";
import { useRequestFormat } from "./request-format";

type Act = (path: "approve" | "decline" | "extend" | "cancel-erasure" | "resolve", body?: unknown) => Promise<string | null>;

/** A reason the shopper reads, with its own submit: decline and extend. */
function ReasonForm(props: { label: string; help: string; submit: string; destructive?: boolean; onSubmit: (reason: string) => Promise<string | null> }) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const tooShort = reason.trim().length < 3;
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError((await props.onSubmit(reason.trim())) ?? undefined);
        setBusy(false);
      }}
    >
      <FormLayout>
        <TextField
          label={props.label}
          helpText={props.help}
          autoComplete="off"
          multiline={3}
          maxLength={500}
          showCharacterCount
          value={reason}
          onChange={setReason}
          error={error}
        />
        <InlineStack>
          <Button submit tone={props.destructive ? "critical" : undefined} loading={busy} disabled={tooShort}>
            {props.submit}
          </Button>
        </InlineStack>
      </FormLayout>
    </form>
  );
}

/**
 * What the merchant can do now: approve (or carry out again), decline or extend with a reason the shopper
 * is told, cancel an erasure within Shopify's waiting period. Only the actions the server allows are shown.
 */
export function RequestActions({ request, actions, act }: { request: RequestView; actions: MerchantActions; act: Act }) {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<"decline" | "extend" | "cancel" | "resolve">();
  const { t, shortDate } = useRequestFormat();
  // A correction is resolved from its own card; any other request waiting for the merchant can be marked done here.
  const resolvable = actions.record && request.type !== "correction";
  if (!actions.approve && !actions.decline && !actions.extend && !actions.cancelErasure && !resolvable) return null;

  const run = async (path: Parameters<Act>[0]) => {
    setBusy(path);
    setError(undefined);
    setError((await act(path)) ?? undefined);
    setBusy(undefined);
  };
  const again = request.decision === "approved" || request.status === "failed";

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("requests.decisionTitle")}
        </Text>
        {actions.approve && <Text as="p">{again ? t("requests.decisionAgainBody") : t("requests.decisionApprovalBody")}</Text>}
        {error && (
          <Banner tone="critical" title={t("requests.notDone")} onDismiss={() => setError(undefined)}>
            <p>{error}</p>
          </Banner>
        )}
        <InlineStack gap="200" wrap>
          {actions.approve && (
            <Button variant="primary" onClick={() => run("approve")} loading={busy === "approve"} disabled={busy !== undefined}>
              {again ? t("requests.carryOutAgain") : t("requests.approveAndCarryOut")}
            </Button>
          )}
          {actions.decline && (
            <Button onClick={() => setOpen(open === "decline" ? undefined : "decline")} ariaExpanded={open === "decline"} ariaControls="decline-form">
              {t("requests.declineOpen")}
            </Button>
          )}
          {actions.extend && (
            <Button onClick={() => setOpen(open === "extend" ? undefined : "extend")} ariaExpanded={open === "extend"} ariaControls="extend-form">
              {t("requests.extendOpen")}
            </Button>
          )}
          {resolvable && (
            <Button onClick={() => setOpen(open === "resolve" ? undefined : "resolve")} ariaExpanded={open === "resolve"} ariaControls="resolve-form">
              {t("requests.resolveOpen")}
            </Button>
          )}
          {actions.cancelErasure && (
            <Button
              tone="critical"
              onClick={() => setOpen(open === "cancel" ? undefined : "cancel")}
              ariaExpanded={open === "cancel"}
              ariaControls="cancel-form"
              disabled={busy !== undefined}
            >
              {t("requests.cancelErasureOpen")}
            </Button>
          )}
        </InlineStack>
        {open === "decline" && (
          <div id="decline-form">
            <ReasonForm
              label={t("requests.declineLabel")}
              help={t("requests.declineHelp")}
              submit={t("requests.declineSubmit")}
              destructive
              onSubmit={(reason) => act("decline", { reason })}
            />
          </div>
        )}
        {open === "cancel" && (
          <div id="cancel-form">
            <ReasonForm
              label={t("requests.cancelErasureLabel")}
              help={t("requests.cancelErasureHelp")}
              submit={t("requests.cancelErasureSubmit")}
              destructive
              onSubmit={(reason) => act("cancel-erasure", { reason })}
            />
          </div>
        )}
        {open === "resolve" && (
          <div id="resolve-form">
            <ReasonForm
              label={t("requests.resolveLabel")}
              help={t("requests.resolveHelp")}
              submit={t("requests.resolveSubmit")}
              onSubmit={(recorded) => act("resolve", { recorded })}
            />
          </div>
        )}
        {open === "extend" && request.extendedDueAt && (
          <div id="extend-form">
            <ReasonForm
              label={t("requests.extendLabel")}
              help={t("requests.extendHelp", { date: shortDate(request.extendedDueAt) })}
              submit={t("requests.extendSubmit", { date: shortDate(request.extendedDueAt) })}
              onSubmit={(reason) => act("extend", { reason })}
            />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
