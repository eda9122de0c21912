// The Banner page's sections, each a memoised component that reads its own slice of the draft from the
// page's DraftStore: a keystroke re-renders the field whose slice it changed (the preview follows the store
// by itself), not the page and its other sections. Every callback a section receives is stable, so its props change only when the
// language, the server's field errors or the loaded data do.
import { memo, useCallback, useMemo, useState } from "react";
import { Modal, SaveBar, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  RangeSlider,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { contrast, HEX_COLOR, lowContrastPairs, MIN_CONTRAST, OPTIONS, TEXT_KEYS, type TextKey } from "../../../../extensions/consent-banner/src/contract";
import { RTL } from "../../../../extensions/consent-banner/src/state";
import type { BannerColors, BannerSettings, FieldErrorsResponse, SettingsResponse, SettingsVersionView } from "../../../settings/banner-settings-types";
import { apiFetch, ApiError } from "../api";
import { versionSummary } from "./change-labels";
import { useDraft, type DraftStore } from "./draft-store";
import { COLOR_LABELS, LABELS, languageName } from "./labels";

/** The server's refusals of the last save, by dotted path ("text.en.title", "colors.text"). */
export type FieldErrors = Record<string, string>;
export type ContrastProblems = Partial<Record<keyof BannerColors, string>>;

export const SAVE_BAR = "banner-save-bar";
export const REVISION_MODAL = "ask-again-modal";
const GCM_MODES_DOC = "https://developers.google.com/tag-platform/security/concepts/consent-mode#basic_vs_advanced_consent_mode";
const RETENTION_OPTIONS = [6, 12, 18, 24, 36, 48, 60].map((m) => ({
  label: m % 12 === 0 ? `${m / 12} year${m === 12 ? "" : "s"}` : `${m} months`,
  value: String(m),
}));
const POSITION_CHOICES = [
  { label: "Bottom", value: "bottom" },
  { label: "Top", value: "top" },
];
const LAYOUT_CHOICES = [
  { label: "Bar across the page", value: "bar" },
  { label: "Box in a corner", value: "box" },
];
const AUDIENCE_CHOICES = [
  {
    label: "Where Shopify requires consent",
    value: "required",
    helpText: "Shopify's privacy settings decide by the visitor's region (recommended).",
  },
  { label: "To every visitor", value: "everywhere", helpText: "Also where no law asks for it." },
];
const GCM_MODE_CHOICES = [
  {
    label: OPTIONS.gcmMode.choices.basic,
    value: "basic",
    helpText:
      "Google Analytics, Google Ads and Tag Manager (gtag.js, GTM) wait until the shopper allows analytics or marketing: nothing reaches Google before then.",
  },
  {
    label: OPTIONS.gcmMode.choices.advanced,
    value: "advanced",
    helpText:
      "gtag.js and Tag Manager load at once with every consent type denied. They store nothing, but send Google cookieless pings, which Google uses to model the visits and conversions of shoppers who decline.",
  },
];
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const when = (iso: string) => dateTime.format(new Date(iso));

/** Live contrast checks, as the server checks them (the same function the storefront uses). */
export function contrastProblems(colors: BannerColors): ContrastProblems {
  const problems: ContrastProblems = {};
  for (const key of Object.keys(colors) as Array<keyof BannerColors>) if (!HEX_COLOR.test(colors[key])) problems[key] = "Use a hex colour such as #1a1a1a";
  if (Object.keys(problems).length) return problems;
  for (const { pair, ratio } of lowContrastPairs(colors)) {
    problems[pair.fg] = `${pair.what} is ${ratio.toFixed(2)}:1; it needs at least ${MIN_CONTRAST}:1 so every shopper can read it.`;
  }
  return problems;
}

/** The banners above the settings: changed elsewhere, a refused save, a version Shopify did not accept, nothing saved yet. */
export const Notices = memo(function Notices({
  stale,
  saveError,
  current,
  retrying,
  onLoadLatest,
  onDismissError,
  onRetrySync,
}: {
  stale: boolean;
  saveError: string | undefined;
  current: SettingsResponse["current"];
  retrying: boolean;
  onLoadLatest: () => void;
  onDismissError: () => void;
  onRetrySync: () => void;
}) {
  return (
    <>
      {stale && (
        <Banner tone="warning" title="These settings were changed elsewhere" action={{ content: "Load the latest version", onAction: onLoadLatest }}>
          <p>
            Another tab or staff member saved the banner after you opened it. Load the latest version (your unsaved changes here are dropped), then make your
            changes again.
          </p>
        </Banner>
      )}
      {saveError && (
        <div id="banner-save-error" tabIndex={-1}>
          <Banner tone="critical" onDismiss={onDismissError}>
            <p>{saveError}</p>
          </Banner>
        </div>
      )}
      {current?.syncState === "failed" && (
        <Banner tone="warning" title="Saved, but not yet on your storefront" action={{ content: "Retry now", onAction: onRetrySync, loading: retrying }}>
          <p>
            Shopify did not accept version {current.version}: {current.syncError ?? "unknown reason"}. The app keeps retrying by itself; shoppers see the
            previous settings until it succeeds.
          </p>
        </Banner>
      )}
      {!current && (
        <Banner tone="info">
          <p>Nothing is saved yet: your storefront shows the banner's defaults. Review the texts and colours, then save.</p>
        </Banner>
      )}
    </>
  );
});

/** The save bar: shown while the draft differs from what is saved. */
export const BannerSaveBar = memo(function BannerSaveBar({
  open,
  saving,
  onSave,
  onDiscard,
}: {
  open: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
}) {
  return (
    <SaveBar id={SAVE_BAR} open={open}>
      <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} disabled={saving}>
        Save
      </button>
      <button onClick={onDiscard} disabled={saving}>
        Discard
      </button>
    </SaveBar>
  );
});

/** One banner text in the language being edited; an empty field uses the app's translation (its placeholder). */
const TextSetting = memo(function TextSetting({
  store,
  textKey,
  locale,
  placeholder,
  error,
}: {
  store: DraftStore;
  textKey: TextKey;
  locale: string;
  placeholder: string;
  error?: string;
}) {
  const value = useDraft(store, (draft) => draft.text[locale]?.[textKey] ?? "");
  const onChange = useCallback(
    (next: string) => store.update((current) => ({ ...current, text: { ...current.text, [locale]: { ...(current.text[locale] ?? {}), [textKey]: next } } })),
    [store, locale, textKey],
  );
  return (
    <TextField
      label={LABELS[textKey]}
      value={value}
      placeholder={placeholder}
      onChange={onChange}
      autoComplete="off"
      multiline={/desc|notice/.test(textKey) ? 3 : undefined}
      maxLength={1000}
      error={error}
    />
  );
});

/** Content: the language picker, every text of the banner in that language, and the privacy policy link. */
export const ContentSection = memo(function ContentSection({
  store,
  locale,
  locales,
  defaultLocale,
  onLocale,
  defaults,
  fieldErrors,
  shopPolicyUrl,
}: {
  store: DraftStore;
  locale: string;
  /** The codes of the languages the banner ships. */
  locales: string[];
  defaultLocale: string;
  onLocale: (locale: string) => void;
  /** The app's own texts in `locale`: the placeholders. */
  defaults: Record<TextKey, string>;
  fieldErrors: FieldErrors;
  shopPolicyUrl: string | null;
}) {
  const localeOptions = useMemo(
    () => locales.map((code) => ({ label: `${languageName(code)}${code === defaultLocale ? " (default)" : ""}`, value: code })),
    [locales, defaultLocale],
  );
  return (
    <Layout.AnnotatedSection
      id="content"
      title="Content"
      description="Every text the banner shows, per language. An empty field uses the app's own translation, shown as its placeholder."
    >
      <Card>
        <FormLayout>
          <Select label="Language" options={localeOptions} value={locale} onChange={onLocale} helpText="Shoppers see the language of your storefront." />
          <div dir={RTL.test(locale) ? "rtl" : undefined} lang={locale} style={{ display: "grid", gap: "var(--p-space-400)" }}>
            {TEXT_KEYS.map((key) => (
              <TextSetting
                key={`${locale}-${key}`}
                store={store}
                textKey={key}
                locale={locale}
                placeholder={defaults[key]}
                error={fieldErrors[`text.${locale}.${key}`]}
              />
            ))}
          </div>
          <PolicyUrlField store={store} shopPolicyUrl={shopPolicyUrl} error={fieldErrors.policyUrl} />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
});

/** The privacy policy link the banner shows; empty: the shop's own policy page. */
const PolicyUrlField = memo(function PolicyUrlField({ store, shopPolicyUrl, error }: { store: DraftStore; shopPolicyUrl: string | null; error?: string }) {
  const policyUrl = useDraft(store, (draft) => draft.policyUrl);
  const onChange = useCallback((value: string) => store.update((s) => ({ ...s, policyUrl: value.trim() ? value : null })), [store]);
  return (
    <TextField
      label="Privacy policy link"
      value={policyUrl ?? ""}
      placeholder={shopPolicyUrl ?? "https://…"}
      onChange={onChange}
      autoComplete="url"
      helpText={
        shopPolicyUrl ? "Empty: your shop's privacy policy." : "Your shop has no privacy policy page: create one in Settings › Policies, or link one here."
      }
      error={error}
    />
  );
});

/** A colour as hex text, with the browser's colour picker beside it. */
const ColorField = memo(function ColorField({
  colorKey,
  value,
  onColor,
  error,
}: {
  colorKey: keyof BannerColors;
  value: string;
  onColor: (key: keyof BannerColors, value: string) => void;
  error?: string;
}) {
  const onChange = useCallback((next: string) => onColor(colorKey, next), [onColor, colorKey]);
  const valid = HEX_COLOR.test(value);
  return (
    <TextField
      label={COLOR_LABELS[colorKey]}
      value={value}
      onChange={onChange}
      autoComplete="off"
      maxLength={7}
      error={error}
      connectedLeft={
        <input
          type="color"
          aria-label={`${COLOR_LABELS[colorKey]} colour picker`}
          value={valid ? value : "#000000"}
          onChange={(event) => onChange(event.target.value)}
          style={{ width: 44, height: 36, padding: 2, border: "1px solid var(--p-color-border)", borderRadius: 8, background: "var(--p-color-bg-surface)" }}
        />
      }
    />
  );
});

/** Appearance: position, layout, the four colours with their contrast checks, the corner radius. */
export const AppearanceSection = memo(function AppearanceSection({ store, fieldErrors }: { store: DraftStore; fieldErrors: FieldErrors }) {
  const position = useDraft(store, (draft) => draft.position);
  const layout = useDraft(store, (draft) => draft.layout);
  const colors = useDraft(store, (draft) => draft.colors);
  const radius = useDraft(store, (draft) => draft.radius);
  const problems = useMemo(() => contrastProblems(colors), [colors]);
  const update = store.update;
  const onPosition = useCallback(([value]: string[]) => update((s) => ({ ...s, position: value as BannerSettings["position"] })), [update]);
  const onLayout = useCallback(([value]: string[]) => update((s) => ({ ...s, layout: value as BannerSettings["layout"] })), [update]);
  const onColor = useCallback((key: keyof BannerColors, value: string) => update((s) => ({ ...s, colors: { ...s.colors, [key]: value } })), [update]);
  const onRadius = useCallback((value: number | [number, number]) => update((s) => ({ ...s, radius: value as number })), [update]);
  const colorField = (key: keyof BannerColors) => (
    <ColorField key={key} colorKey={key} value={colors[key]} onColor={onColor} error={problems[key] ?? fieldErrors[`colors.${key}`]} />
  );
  return (
    <Layout.AnnotatedSection
      id="appearance"
      title="Appearance"
      description={`Match your brand. Contrast is checked as you type: below ${MIN_CONTRAST}:1 (WCAG AA) some shoppers cannot read the banner, so it cannot be saved.`}
    >
      <Card>
        <FormLayout>
          <FormLayout.Group>
            <ChoiceList title="Position" choices={POSITION_CHOICES} selected={[position]} onChange={onPosition} />
            <ChoiceList title="Layout" choices={LAYOUT_CHOICES} selected={[layout]} onChange={onLayout} />
          </FormLayout.Group>
          <FormLayout.Group>{(["background", "text"] as const).map(colorField)}</FormLayout.Group>
          <FormLayout.Group>{(["button", "buttonText"] as const).map(colorField)}</FormLayout.Group>
          <Text as="p" variant="bodySm" tone="subdued">
            {Object.keys(problems).length && Object.values(problems).some((p) => p?.startsWith("Use"))
              ? "Contrast is checked once every colour is a hex colour."
              : `Contrast: text ${contrast(colors.text, colors.background).toFixed(2)}:1 · buttons ${contrast(colors.buttonText, colors.button).toFixed(2)}:1 (at least ${MIN_CONTRAST}:1)`}
          </Text>
          <RangeSlider
            label="Corner radius"
            min={0}
            max={24}
            step={1}
            value={radius}
            suffix={<Text as="span">{radius} px</Text>}
            onChange={onRadius}
            error={fieldErrors.radius}
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
});

/** Behaviour: who sees the banner, Google's and Microsoft's consent modes, reload on withdrawal, the app proxy path. */
export const BehaviourSection = memo(function BehaviourSection({ store, fieldErrors }: { store: DraftStore; fieldErrors: FieldErrors }) {
  const everywhere = useDraft(store, (draft) => draft.everywhere);
  const gcm = useDraft(store, (draft) => draft.gcm);
  const gcmMode = useDraft(store, (draft) => draft.gcmMode);
  const uet = useDraft(store, (draft) => draft.uet);
  const reloadOnWithdraw = useDraft(store, (draft) => draft.reloadOnWithdraw);
  const proxyPath = useDraft(store, (draft) => draft.proxyPath);
  const update = store.update;
  const onAudience = useCallback(([value]: string[]) => update((s) => ({ ...s, everywhere: value === "everywhere" })), [update]);
  const onGcm = useCallback((next: boolean) => update((s) => ({ ...s, gcm: next })), [update]);
  const onGcmMode = useCallback(([value]: string[]) => update((s) => ({ ...s, gcmMode: value as BannerSettings["gcmMode"] })), [update]);
  const onUet = useCallback((next: boolean) => update((s) => ({ ...s, uet: next })), [update]);
  const onReload = useCallback((next: boolean) => update((s) => ({ ...s, reloadOnWithdraw: next })), [update]);
  const onProxyPath = useCallback((next: string) => update((s) => ({ ...s, proxyPath: next })), [update]);
  return (
    <Layout.AnnotatedSection id="behaviour" title="Behaviour" description="Who sees the banner, and what it tells other tools.">
      <Card>
        <FormLayout>
          <ChoiceList title="Show the banner" choices={AUDIENCE_CHOICES} selected={[everywhere ? "everywhere" : "required"]} onChange={onAudience} />
          <Checkbox
            label="Google Consent Mode v2"
            helpText="Sends the shopper's choices to Google tags (denied until they choose)."
            checked={gcm}
            onChange={onGcm}
          />
          {gcm && (
            <BlockStack gap="100">
              <ChoiceList
                title="Google's tags before the shopper chooses"
                choices={GCM_MODE_CHOICES}
                selected={[gcmMode]}
                onChange={onGcmMode}
                error={fieldErrors.gcmMode}
              />
              <Text as="p" variant="bodySm" tone="subdued">
                <Link url={GCM_MODES_DOC} target="_blank">
                  Basic and advanced consent mode, as Google explains them
                </Link>
              </Text>
            </BlockStack>
          )}
          <Checkbox
            label="Microsoft UET consent mode"
            helpText="Sends the shopper's marketing choice to Microsoft Advertising's UET tag (ad storage denied until they allow marketing)."
            checked={uet}
            onChange={onUet}
          />
          <Checkbox
            label={OPTIONS.reloadOnWithdraw.block.label}
            helpText="Scripts that already ran keep running until the page reloads: reloading stops them as soon as the shopper says no."
            checked={reloadOnWithdraw}
            onChange={onReload}
          />
          <Text as="p">
            <Text as="span" fontWeight="semibold">
              Global Privacy Control is always honoured.
            </Text>{" "}
            When a shopper's browser sends it, marketing and the sale of data start off and the banner says so: some laws (California's, for one) require it,
            and it is what the shopper asked for.
          </Text>
          <TextField
            label="App proxy path (advanced)"
            value={proxyPath}
            onChange={onProxyPath}
            autoComplete="off"
            helpText="Change it only if you customised the app proxy URL in Settings › Apps › App proxy: receipts of each choice are posted there."
            error={fieldErrors.proxyPath}
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
});

/** Consent records: how long receipts are kept. */
export const RecordsSection = memo(function RecordsSection({ months, onMonths }: { months: number; onMonths: (months: number) => void }) {
  const onChange = useCallback((value: string) => onMonths(Number(value)), [onMonths]);
  return (
    <Layout.AnnotatedSection
      id="records"
      title="Consent records"
      description="Each choice is kept as a receipt: your proof of consent. Keeping them longer proves more; keeping them shorter holds less personal data. The receipts older than this are deleted every day."
    >
      <Card>
        <Select
          label="Keep consent receipts for"
          options={RETENTION_OPTIONS}
          value={String(months)}
          onChange={onChange}
          helpText="Regulators may ask for proof for years after a choice: 24 months is a common balance. 6 to 60 months."
        />
      </Card>
    </Layout.AnnotatedSection>
  );
});

function SyncBadge({ version }: { version: SettingsVersionView }) {
  const label = { synced: "On your storefront", pending: "Being written", failed: "Not yet on your storefront", superseded: "Replaced before it was written" }[
    version.syncState
  ];
  return (
    <Text as="span" tone={version.syncState === "failed" ? "critical" : "subdued"} variant="bodySm">
      {label}
    </Text>
  );
}

const CHANGE_SOURCES = { text: LABELS, colors: COLOR_LABELS, language: languageName };

/** Policy revision: the current revision, "ask every visitor again" (once nothing is unsaved), the last ten versions. */
export const RevisionSection = memo(function RevisionSection({
  revision,
  dirty,
  versions,
}: {
  revision: number;
  dirty: boolean;
  /** The history, newest first (undefined while it loads). */
  versions: SettingsVersionView[] | undefined;
}) {
  const shopify = useAppBridge();
  return (
    <Layout.AnnotatedSection
      id="revision"
      title="Policy revision"
      description="When your use of cookies changes, ask every visitor again. Their earlier choice stays on record."
    >
      <Card>
        <BlockStack gap="300">
          <Text as="p">
            Current revision:{" "}
            <Text as="span" fontWeight="semibold">
              {revision}
            </Text>
          </Text>
          <InlineStack>
            <Button onClick={() => shopify.modal.show(REVISION_MODAL)} disabled={dirty}>
              Ask every visitor again
            </Button>
          </InlineStack>
          {dirty && (
            <Text as="p" tone="subdued" variant="bodySm">
              Save or discard your changes first.
            </Text>
          )}
          <Text as="h3" variant="headingSm">
            History
          </Text>
          <History versions={versions} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
});

/** The last ten versions: when, who, what changed, whether it reached the storefront. */
const History = memo(function History({ versions }: { versions: SettingsVersionView[] | undefined }) {
  return versions?.length ? (
    <ul style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
      {versions.slice(0, 10).map((v) => (
        <li key={v.version}>
          <Text as="span">
            Version {v.version} · {when(v.createdAt)} · {versionSummary(v, CHANGE_SOURCES)} ·{" "}
          </Text>
          <SyncBadge version={v} />
        </li>
      ))}
    </ul>
  ) : (
    <Text as="p" tone="subdued">
      No saved versions yet.
    </Text>
  );
});

/**
 * The revision modal (App Bridge): the reason, kept in the history, then a new revision that asks every
 * visitor again. `basedOn` is the version the page shows; a newer one elsewhere (409) makes the page stale.
 */
export const RevisionModal = memo(function RevisionModal({
  basedOn,
  onSaved,
  onStale,
}: {
  basedOn: number;
  onSaved: (body: SettingsResponse) => void;
  onStale: () => void;
}) {
  const shopify = useAppBridge();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const [asking, setAsking] = useState(false);
  const askAgain = async () => {
    setAsking(true);
    setReasonError(undefined);
    try {
      const body = await apiFetch<SettingsResponse>("/api/settings/revision", { method: "POST", json: { basedOn, reason } });
      onSaved(body);
      setReason("");
      shopify.modal.hide(REVISION_MODAL);
      shopify.toast.show("Every visitor will be asked again");
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        shopify.modal.hide(REVISION_MODAL);
        onStale();
      } else
        setReasonError(
          e instanceof ApiError && e.status === 400
            ? ((e.body as unknown as FieldErrorsResponse).fieldErrors?.[0]?.message ?? e.message)
            : (e as Error).message,
        );
    } finally {
      setAsking(false);
    }
  };
  return (
    <Modal id={REVISION_MODAL}>
      <Box padding="400">
        <TextField
          label="What changed?"
          value={reason}
          onChange={setReason}
          autoComplete="off"
          maxLength={200}
          showCharacterCount
          helpText="Kept in the history with the new revision, as part of your proof of consent."
          error={reasonError}
        />
      </Box>
      <TitleBar title="Ask every visitor again?">
        <button variant="primary" onClick={askAgain} loading={asking ? "" : undefined}>
          Ask again
        </button>
        <button onClick={() => shopify.modal.hide(REVISION_MODAL)}>Cancel</button>
      </TitleBar>
    </Modal>
  );
});
