import { useState } from "react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import type { MerchantActions, RequestView } from "../../../privacy-centre/merchant-types";
import { shortDate } from "./request-format";

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
          Your decision
        </Text>
        {actions.approve && (
          <Text as="p">
            {again
              ? "The app could not finish this request (see what was done). Once the next step is resolved, carry it out again."
              : "This type of request waits for your approval (Privacy requests › Carry out verified requests automatically). Approve to have the app carry it out, or decline with a reason."}
          </Text>
        )}
        {error && (
          <Banner tone="critical" title="Not done" onDismiss={() => setError(undefined)}>
            <p>{error}</p>
          </Banner>
        )}
        <InlineStack gap="200" wrap>
          {actions.approve && (
            <Button variant="primary" onClick={() => run("approve")} loading={busy === "approve"} disabled={busy !== undefined}>
              {again ? "Carry out again" : "Approve and carry out"}
            </Button>
          )}
          {actions.decline && (
            <Button onClick={() => setOpen(open === "decline" ? undefined : "decline")} ariaExpanded={open === "decline"} ariaControls="decline-form">
              Decline…
            </Button>
          )}
          {actions.extend && (
            <Button onClick={() => setOpen(open === "extend" ? undefined : "extend")} ariaExpanded={open === "extend"} ariaControls="extend-form">
              Extend the deadline…
            </Button>
          )}
          {resolvable && (
            <Button onClick={() => setOpen(open === "resolve" ? undefined : "resolve")} ariaExpanded={open === "resolve"} ariaControls="resolve-form">
              I did it in Shopify…
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
              Cancel the erasure at Shopify…
            </Button>
          )}
        </InlineStack>
        {open === "decline" && (
          <div id="decline-form">
            <ReasonForm
              label="Why you decline"
              help="The shopper is told this reason by e-mail and on their status page (for example: a legal duty to keep invoices). Write it for them; it closes the request."
              submit="Decline the request"
              destructive
              onSubmit={(reason) => act("decline", { reason })}
            />
          </div>
        )}
        {open === "cancel" && (
          <div id="cancel-form">
            <ReasonForm
              label="Why you cancel the erasure"
              help="Shopify stops the erasure it scheduled. The shopper is told this reason by e-mail and on their status page (for example: an open dispute on an order)."
              submit="Cancel the erasure"
              destructive
              onSubmit={(reason) => act("cancel-erasure", { reason })}
            />
          </div>
        )}
        {open === "resolve" && (
          <div id="resolve-form">
            <ReasonForm
              label="What you did"
              help="For your records and the audit trail (for example: recorded the opt-out on the customer in Shopify). The request is then completed and the shopper told."
              submit="Mark as done"
              onSubmit={(recorded) => act("resolve", { recorded })}
            />
          </div>
        )}
        {open === "extend" && request.extendedDueAt && (
          <div id="extend-form">
            <ReasonForm
              label="Why you need more time"
              help={`The new due date is ${shortDate(request.extendedDueAt)}. The law allows this once; the shopper is told this reason by e-mail and on their status page.`}
              submit={`Extend to ${shortDate(request.extendedDueAt)}`}
              onSubmit={(reason) => act("extend", { reason })}
            />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
