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
import { contrast, HEX_COLOR, lowContrastPairs, MIN_CONTRAST, TEXT_KEYS, type TextKey } from "../../../../extensions/consent-banner/src/contract";
import { RTL } from "../../../../extensions/consent-banner/src/state";
import type { BannerColors, BannerSettings, FieldErrorsResponse, SettingsResponse, SettingsVersionView } from "../../../settings/banner-settings-types";
import { useLingui } from "@lingui/react";
import { apiFetch, ApiError } from "../api";
import { useT, type Translate } from "../i18n/useT";
import { versionSummary } from "./change-labels";
import { useDraft, type DraftStore } from "./draft-store";
import { COLOR_LABELS, LABELS, languageName } from "./labels";

/** The server's refusals of the last save, by dotted path ("text.en.title", "colors.text"). */
export type FieldErrors = Record<string, string>;
export type ContrastProblems = Partial<Record<keyof BannerColors, string>>;

export const SAVE_BAR = "banner-save-bar";
export const REVISION_MODAL = "ask-again-modal";
const GCM_MODES_DOC = "https://developers.google.com/tag-platform/security/concepts/consent-mode#basic_vs_advanced_consent_mode";
const RETENTION_MONTHS = [6, 12, 18, 24, 36, 48, 60];
const retentionOptions = (t: Translate) =>
  RETENTION_MONTHS.map((m) => ({
    label: m % 12 === 0 ? t("banner.retentionYears", { count: m / 12 }) : t("banner.retentionMonths", { count: m }),
    value: String(m),
  }));
const positionChoices = (t: Translate) => [
  { label: t("banner.positionBottom"), value: "bottom" },
  { label: t("banner.positionTop"), value: "top" },
];
const layoutChoices = (t: Translate) => [
  { label: t("banner.layoutBar"), value: "bar" },
  { label: t("banner.layoutBox"), value: "box" },
];
const audienceChoices = (t: Translate) => [
  { label: t("banner.audienceRequired"), value: "required", helpText: t("banner.audienceRequiredHelp") },
  { label: t("banner.audienceEverywhere"), value: "everywhere", helpText: t("banner.audienceEverywhereHelp") },
];
const gcmModeChoices = (t: Translate) => [
  { label: t("banner.gcmBasic"), value: "basic", helpText: t("banner.gcmBasicHelp") },
  { label: t("banner.gcmAdvanced"), value: "advanced", helpText: t("banner.gcmAdvancedHelp") },
];

/** Live contrast checks, as the server checks them (the same function the storefront uses). */
export function contrastProblems(colors: BannerColors, t: Translate): ContrastProblems {
  const problems: ContrastProblems = {};
  for (const key of Object.keys(colors) as Array<keyof BannerColors>) if (!HEX_COLOR.test(colors[key])) problems[key] = t("banner.colorHex");
  if (Object.keys(problems).length) return problems;
  for (const { pair, ratio } of lowContrastPairs(colors)) {
    problems[pair.fg] = t(pair.name === "text" ? "banner.contrastTextLow" : "banner.contrastButtonLow", { ratio: ratio.toFixed(2), min: MIN_CONTRAST });
  }
  return problems;
}

/** Whether a colour is not yet a hex colour (then contrast is not checked). */
const notHex = (colors: BannerColors) => Object.values(colors).some((value) => !HEX_COLOR.test(value));

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
  const t = useT();
  return (
    <>
      {stale && (
        <Banner tone="warning" title={t("banner.staleTitle")} action={{ content: t("banner.staleAction"), onAction: onLoadLatest }}>
          <p>{t("banner.staleBody")}</p>
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
        <Banner tone="warning" title={t("banner.syncFailedTitle")} action={{ content: t("banner.syncRetry"), onAction: onRetrySync, loading: retrying }}>
          <p>{t("banner.syncFailedBody", { version: current.version, reason: current.syncError ?? t("banner.syncUnknownReason") })}</p>
        </Banner>
      )}
      {!current && (
        <Banner tone="info">
          <p>{t("banner.nothingSaved")}</p>
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
  const t = useT();
  return (
    <SaveBar id={SAVE_BAR} open={open}>
      <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} disabled={saving}>
        {t("banner.save")}
      </button>
      <button onClick={onDiscard} disabled={saving}>
        {t("banner.discard")}
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
  const t = useT();
  const value = useDraft(store, (draft) => draft.text[locale]?.[textKey] ?? "");
  const onChange = useCallback(
    (next: string) => store.update((current) => ({ ...current, text: { ...current.text, [locale]: { ...(current.text[locale] ?? {}), [textKey]: next } } })),
    [store, locale, textKey],
  );
  return (
    <TextField
      label={t(LABELS[textKey])}
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
  const t = useT();
  const { i18n } = useLingui();
  const localeOptions = useMemo(
    () =>
      locales.map((code) => {
        const language = languageName(code, i18n.locale);
        return { label: code === defaultLocale ? t("banner.languageDefault", { language }) : language, value: code };
      }),
    [locales, defaultLocale, t, i18n.locale],
  );
  return (
    <Layout.AnnotatedSection id="content" title={t("banner.contentTitle")} description={t("banner.contentDescription")}>
      <Card>
        <FormLayout>
          <Select label={t("banner.language")} options={localeOptions} value={locale} onChange={onLocale} helpText={t("banner.languageHelp")} />
          {/* The banner's own texts in the language being edited (values, placeholders): the shopper's words, never machine-translated. */}
          <div dir={RTL.test(locale) ? "rtl" : "ltr"} lang={locale} translate="no" style={{ display: "grid", gap: "var(--p-space-400)" }}>
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
  const t = useT();
  const policyUrl = useDraft(store, (draft) => draft.policyUrl);
  const onChange = useCallback((value: string) => store.update((s) => ({ ...s, policyUrl: value.trim() ? value : null })), [store]);
  return (
    <TextField
      label={t("banner.policyUrl")}
      value={policyUrl ?? ""}
      placeholder={shopPolicyUrl ?? "https://…"}
      onChange={onChange}
      autoComplete="url"
      helpText={shopPolicyUrl ? t("banner.policyUrlHelp") : t("banner.policyUrlMissing")}
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
  const t = useT();
  const onChange = useCallback((next: string) => onColor(colorKey, next), [onColor, colorKey]);
  const valid = HEX_COLOR.test(value);
  return (
    <TextField
      label={t(COLOR_LABELS[colorKey])}
      value={value}
      onChange={onChange}
      autoComplete="off"
      maxLength={7}
      error={error}
      connectedLeft={
        <input
          type="color"
          aria-label={t("banner.colorPicker", { color: t(COLOR_LABELS[colorKey]) })}
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
  const t = useT();
  const position = useDraft(store, (draft) => draft.position);
  const layout = useDraft(store, (draft) => draft.layout);
  const colors = useDraft(store, (draft) => draft.colors);
  const radius = useDraft(store, (draft) => draft.radius);
  const problems = useMemo(() => contrastProblems(colors, t), [colors, t]);
  const positions = useMemo(() => positionChoices(t), [t]);
  const layouts = useMemo(() => layoutChoices(t), [t]);
  const update = store.update;
  const onPosition = useCallback(([value]: string[]) => update((s) => ({ ...s, position: value as BannerSettings["position"] })), [update]);
  const onLayout = useCallback(([value]: string[]) => update((s) => ({ ...s, layout: value as BannerSettings["layout"] })), [update]);
  const onColor = useCallback((key: keyof BannerColors, value: string) => update((s) => ({ ...s, colors: { ...s.colors, [key]: value } })), [update]);
  const onRadius = useCallback((value: number | [number, number]) => update((s) => ({ ...s, radius: value as number })), [update]);
  const colorField = (key: keyof BannerColors) => (
    <ColorField key={key} colorKey={key} value={colors[key]} onColor={onColor} error={problems[key] ?? fieldErrors[`colors.${key}`]} />
  );
  return (
    <Layout.AnnotatedSection id="appearance" title={t("banner.appearanceTitle")} description={t("banner.appearanceDescription", { min: MIN_CONTRAST })}>
      <Card>
        <FormLayout>
          <FormLayout.Group>
            <ChoiceList title={t("banner.position")} choices={positions} selected={[position]} onChange={onPosition} />
            <ChoiceList title={t("banner.layout")} choices={layouts} selected={[layout]} onChange={onLayout} />
          </FormLayout.Group>
          <FormLayout.Group>{(["background", "text"] as const).map(colorField)}</FormLayout.Group>
          <FormLayout.Group>{(["button", "buttonText"] as const).map(colorField)}</FormLayout.Group>
          <Text as="p" variant="bodySm" tone="subdued">
            {notHex(colors)
              ? t("banner.contrastPending")
              : t("banner.contrastSummary", {
                  text: contrast(colors.text, colors.background).toFixed(2),
                  buttons: contrast(colors.buttonText, colors.button).toFixed(2),
                  min: MIN_CONTRAST,
                })}
          </Text>
          <RangeSlider
            label={t("banner.radius")}
            min={0}
            max={24}
            step={1}
            value={radius}
            suffix={<Text as="span">{t("banner.radiusValue", { radius })}</Text>}
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
  const t = useT();
  const audiences = useMemo(() => audienceChoices(t), [t]);
  const gcmModes = useMemo(() => gcmModeChoices(t), [t]);
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
    <Layout.AnnotatedSection id="behaviour" title={t("banner.behaviourTitle")} description={t("banner.behaviourDescription")}>
      <Card>
        <FormLayout>
          <ChoiceList title={t("banner.audience")} choices={audiences} selected={[everywhere ? "everywhere" : "required"]} onChange={onAudience} />
          <Checkbox label={t("banner.gcm")} helpText={t("banner.gcmHelp")} checked={gcm} onChange={onGcm} />
          {gcm && (
            <BlockStack gap="100">
              <ChoiceList title={t("banner.gcmMode")} choices={gcmModes} selected={[gcmMode]} onChange={onGcmMode} error={fieldErrors.gcmMode} />
              <Text as="p" variant="bodySm" tone="subdued">
                <Link url={GCM_MODES_DOC} target="_blank">
                  {t("banner.gcmDocs")}
                </Link>
              </Text>
            </BlockStack>
          )}
          <Checkbox label={t("banner.uet")} helpText={t("banner.uetHelp")} checked={uet} onChange={onUet} />
          <Checkbox label={t("banner.reload")} helpText={t("banner.reloadHelp")} checked={reloadOnWithdraw} onChange={onReload} />
          <Text as="p">
            <Text as="span" fontWeight="semibold">
              {t("banner.gpcTitle")}
            </Text>{" "}
            {t("banner.gpcBody")}
          </Text>
          <TextField
            label={t("banner.proxyPath")}
            value={proxyPath}
            onChange={onProxyPath}
            autoComplete="off"
            helpText={t("banner.proxyPathHelp")}
            error={fieldErrors.proxyPath}
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
});

/** Consent records: how long receipts are kept. */
export const RecordsSection = memo(function RecordsSection({ months, onMonths }: { months: number; onMonths: (months: number) => void }) {
  const t = useT();
  const options = useMemo(() => retentionOptions(t), [t]);
  const onChange = useCallback((value: string) => onMonths(Number(value)), [onMonths]);
  return (
    <Layout.AnnotatedSection id="records" title={t("banner.recordsTitle")} description={t("banner.recordsDescription")}>
      <Card>
        <Select label={t("banner.retention")} options={options} value={String(months)} onChange={onChange} helpText={t("banner.retentionHelp")} />
      </Card>
    </Layout.AnnotatedSection>
  );
});

const SYNC_LABELS = {
  synced: "banner.syncSynced",
  pending: "banner.syncPending",
  failed: "banner.syncFailed",
  superseded: "banner.syncSuperseded",
} as const;

function SyncBadge({ version }: { version: SettingsVersionView }) {
  const t = useT();
  const label = t(SYNC_LABELS[version.syncState]);
  return (
    <Text as="span" tone={version.syncState === "failed" ? "critical" : "subdued"} variant="bodySm">
      {label}
    </Text>
  );
}

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
  const t = useT();
  const shopify = useAppBridge();
  return (
    <Layout.AnnotatedSection id="revision" title={t("banner.revisionTitle")} description={t("banner.revisionDescription")}>
      <Card>
        <BlockStack gap="300">
          <Text as="p">
            {t("banner.currentRevision")}{" "}
            <Text as="span" fontWeight="semibold">
              {revision}
            </Text>
          </Text>
          <InlineStack>
            <Button onClick={() => shopify.modal.show(REVISION_MODAL)} disabled={dirty}>
              {t("banner.askAgain")}
            </Button>
          </InlineStack>
          {dirty && (
            <Text as="p" tone="subdued" variant="bodySm">
              {t("banner.saveFirst")}
            </Text>
          )}
          <Text as="h3" variant="headingSm">
            {t("banner.history")}
          </Text>
          <History versions={versions} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
});

/** The last ten versions: when, who, what changed, whether it reached the storefront. */
const History = memo(function History({ versions }: { versions: SettingsVersionView[] | undefined }) {
  const t = useT();
  const { i18n } = useLingui();
  const sources = useMemo(() => ({ t, text: LABELS, colors: COLOR_LABELS, language: (code: string) => languageName(code, i18n.locale) }), [t, i18n.locale]);
  return versions?.length ? (
    <ul style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
      {versions.slice(0, 10).map((v) => (
        <li key={v.version}>
          <Text as="span">
            {t("banner.historyLine", {
              version: v.version,
              date: i18n.date(new Date(v.createdAt), { dateStyle: "medium", timeStyle: "short" }),
              summary: versionSummary(v, sources),
            })}{" "}
          </Text>
          <SyncBadge version={v} />
        </li>
      ))}
    </ul>
  ) : (
    <Text as="p" tone="subdued">
      {t("banner.noVersions")}
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
  const t = useT();
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
      shopify.toast.show(t("banner.askedAgainToast"));
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
          label={t("banner.reason")}
          value={reason}
          onChange={setReason}
          autoComplete="off"
          maxLength={200}
          showCharacterCount
          helpText={t("banner.reasonHelp")}
          error={reasonError}
        />
      </Box>
      <TitleBar title={t("banner.modalTitle")}>
        <button variant="primary" onClick={askAgain} loading={asking ? "" : undefined}>
          {t("banner.modalConfirm")}
        </button>
        <button onClick={() => shopify.modal.hide(REVISION_MODAL)}>{t("banner.modalCancel")}</button>
      </TitleBar>
    </Modal>
  );
});
