import { useId, type ReactNode } from "react";
import { InlineStack, Text } from "@shopify/polaris";
import "./switch.css";

/**
 * An on/off switch (Polaris has none): a button with role="switch" and aria-checked, named by its visible
 * label (and `context`, a heading's id, so several on a page keep distinct names), described by `state`,
 * the words for where it stands now: the state is read and shown as text, never by colour alone.
 */
export function Switch({
  label,
  state,
  checked,
  disabled = false,
  context,
  onChange,
}: {
  label: string;
  state: ReactNode;
  checked: boolean;
  disabled?: boolean;
  /** The id of an element whose text goes before the label in the switch's name (the tracker's heading). */
  context?: string;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <InlineStack gap="300" blockAlign="center" wrap={false}>
      <button
        type="button"
        className="app-switch"
        role="switch"
        aria-checked={checked}
        aria-labelledby={context ? `${context} ${id}-label` : `${id}-label`}
        aria-describedby={`${id}-state`}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        style={{
          flex: "none",
          position: "relative",
          width: 40,
          height: 22,
          padding: 0,
          borderRadius: 11,
          border: `2px solid ${checked ? "var(--p-color-bg-fill-brand)" : "var(--p-color-input-border)"}`,
          background: checked ? "var(--p-color-bg-fill-brand)" : "var(--p-color-bg-surface)",
          cursor: disabled ? "default" : "pointer",
          opacity: disabled ? 0.5 : 1,
        }}
      >
        <span
          aria-hidden
          style={{
            position: "absolute",
            top: 2,
            // The start side is the right in right-to-left languages: "on" moves the knob to the end.
            insetInlineStart: checked ? 20 : 2,
            width: 14,
            height: 14,
            borderRadius: 7,
            background: checked ? "var(--p-color-bg-surface)" : "var(--p-color-icon)",
            transition: "inset-inline-start 120ms",
          }}
        />
      </button>
      <span>
        <Text as="span" fontWeight="semibold" id={`${id}-label`}>
          {label}
        </Text>
        <Text as="span" tone="subdued" id={`${id}-state`}>
          {" · "}
          {state}
        </Text>
      </span>
    </InlineStack>
  );
}
