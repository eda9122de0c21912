import { useCallback, useEffect, useMemo, useState } from "react";
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
import type {
  BannerColors,
  BannerSettings,
  FieldErrorsResponse,
  SettingsHistoryResponse,
  SettingsResponse,
  SettingsVersionView,
} from "../../../settings/banner-settings-types";
import { AppPage, LoadingPage } from "../AppPage";
import type { RetentionView } from "../../../consent/consent-types";
import { apiFetch, ApiError } from "../api";
import { PageError } from "../AppShell";
import { versionSummary } from "../banner/change-labels";
import { LivePreview } from "../banner/LivePreview";
import { useApi } from "../useApi";

const RETENTION_OPTIONS = [6, 12, 18, 24, 36, 48, 60].map((m) => ({
  label: m % 12 === 0 ? `${m / 12} year${m === 12 ? "" : "s"}` : `${m} months`,
  value: String(m),
}));
const SAVE_BAR = "banner-save-bar";
const GCM_MODES_DOC = "https://developers.google.com/tag-platform/security/concepts/consent-mode#basic_vs_advanced_consent_mode";
const REVISION_MODAL = "ask-again-modal";

const LABELS: Record<TextKey, string> = {
  title: "Title",
  description: "Description",
  accept_all: "Accept all button",
  reject_all: "Reject all button",
  customise: "Customise button",
  save: "Save choices button",
  close: "Close button (screen readers)",
  privacy_policy: "Privacy policy link",
  privacy_choices: "Your privacy choices (panel title, reopen button, opt-out link in US states)",
  privacy_rights: "Your privacy rights (link to the privacy page)",
  opt_out_request: "Opt-out for the customer account (link)",
  always_on: '"always on" note',
  gpc_notice: "Global Privacy Control notice",
  revision_notice: "Policy changed notice",
  error: "Error message",
  necessary: "Strictly necessary",
  necessary_desc: "Strictly necessary: description",
  preferences: "Preferences",
  preferences_desc: "Preferences: description",
  analytics: "Analytics",
  analytics_desc: "Analytics: description",
  marketing: "Marketing",
  marketing_desc: "Marketing: description",
  sale_of_data: "Do not sell or share (opt-out switch)",
  sale_of_data_desc: "Do not sell or share: description",
};
const COLOR_LABELS: Record<keyof BannerColors, string> = { background: "Background", text: "Text", button: "Buttons", buttonText: "Button text" };
const languageName = (code: string) => {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Live contrast checks, as the server checks them (the same function the storefront uses). */
function contrastProblems(colors: BannerColors): Partial<Record<keyof BannerColors, string>> {
  const problems: Partial<Record<keyof BannerColors, string>> = {};
  for (const key of Object.keys(colors) as Array<keyof BannerColors>) if (!HEX_COLOR.test(colors[key])) problems[key] = "Use a hex colour such as #1a1a1a";
  if (Object.keys(problems).length) return problems;
  for (const { pair, ratio } of lowContrastPairs(colors)) {
    problems[pair.fg] = `${pair.what} is ${ratio.toFixed(2)}:1; it needs at least ${MIN_CONTRAST}:1 so every shopper can read it.`;
  }
  return problems;
}

function ColorField({ id, value, onChange, error }: { id: keyof BannerColors; value: string; onChange: (value: string) => void; error?: string }) {
  const valid = HEX_COLOR.test(value);
  return (
    <TextField
      label={COLOR_LABELS[id]}
      value={value}
      onChange={onChange}
      autoComplete="off"
      maxLength={7}
      error={error}
      connectedLeft={
        <input
          type="color"
          aria-label={`${COLOR_LABELS[id]} colour picker`}
          value={valid ? value : "#000000"}
          onChange={(event) => onChange(event.target.value)}
          style={{ width: 44, height: 36, padding: 2, border: "1px solid var(--p-color-border)", borderRadius: 8, background: "var(--p-color-bg-surface)" }}
        />
      }
    />
  );
}

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

/** Banner settings (Shopify's settings template): one annotated section per group, the live preview beside them, saved through the save bar. */
export default function BannerPage() {
  const shopify = useAppBridge();
  const { data, setData, error: loadError, loading, reload } = useApi<SettingsResponse>("/api/settings");
  const history = useApi<SettingsHistoryResponse>("/api/settings/history");
  const retention = useApi<RetentionView>("/api/consent/retention");
  const [months, setMonths] = useState<number>();
  useEffect(() => {
    if (retention.data) setMonths(retention.data.months);
  }, [retention.data]);
  const [draft, setDraft] = useState<BannerSettings>();
  const [locale, setLocale] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string>();
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const [asking, setAsking] = useState(false);
  // Counts refused saves: each one brings the first field in error (else the error banner) into view and focus.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (!refusals) return;
    const target = document.querySelector<HTMLElement>('[aria-invalid="true"]') ?? document.getElementById("banner-save-error");
    target?.scrollIntoView({ block: "center" });
    target?.focus({ preventScroll: true });
  }, [refusals]);

  const saved = data ? (data.current?.settings ?? data.defaults) : undefined;
  useEffect(() => {
    if (saved) setDraft(saved);
    if (data && !locale) setLocale(data.locales.defaultLocale);
  }, [data]); // eslint-disable-line react-hooks/exhaustive-deps

  const retentionDirty = months !== undefined && retention.data !== undefined && months !== retention.data.months;
  const dirty = Boolean(draft && saved && !same(draft, saved)) || retentionDirty;
  const problems = useMemo(() => (draft ? contrastProblems(draft.colors) : {}), [draft]);
  const texts = useMemo(() => {
    if (!data || !draft || !locale) return undefined;
    const defaults = data.locales.texts[locale] ?? data.locales.texts[data.locales.defaultLocale]!;
    const overrides = draft.text[locale] ?? {};
    return Object.fromEntries(TEXT_KEYS.map((key) => [key, overrides[key] || defaults[key]])) as Record<TextKey, string>;
  }, [data, draft, locale]);

  const update = useCallback((change: (current: BannerSettings) => BannerSettings) => setDraft((current) => (current ? change(current) : current)), []);
  const setText = (key: TextKey, value: string) =>
    update((current) => ({ ...current, text: { ...current.text, [locale!]: { ...(current.text[locale!] ?? {}), [key]: value } } }));

  const applyResponse = (body: SettingsResponse) => {
    setData(body);
    setDraft(body.current?.settings ?? body.defaults);
    void history.reload();
  };

  const save = async () => {
    if (!draft || !data) return;
    if (Object.keys(problems).length) {
      setSaveError("Fix the colours marked below: they are too hard to read.");
      setRefusals((n) => n + 1);
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    setFieldErrors({});
    try {
      if (retentionDirty) retention.setData(await apiFetch<RetentionView>("/api/consent/retention", { method: "PUT", json: { months } }));
      if (same(draft, saved)) {
        shopify.toast.show("Settings saved");
        return;
      }
      const body = await apiFetch<SettingsResponse>("/api/settings", { method: "PUT", json: { basedOn: data.current?.version ?? 0, settings: draft } });
      applyResponse(body);
      shopify.toast.show(body.current?.syncState === "synced" ? "Banner saved and live on your storefront" : "Banner saved");
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setStale(true);
      else if (e instanceof ApiError && e.status === 400 && Array.isArray((e.body as unknown as FieldErrorsResponse).fieldErrors)) {
        setFieldErrors(Object.fromEntries((e.body as unknown as FieldErrorsResponse).fieldErrors.map((f) => [f.path, f.message])));
        setSaveError("Some settings need attention: see the fields marked below.");
        setRefusals((n) => n + 1);
      } else setSaveError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    setDraft(saved);
    setMonths(retention.data?.months);
    setFieldErrors({});
    setSaveError(undefined);
  };
  const retrySync = async () => {
    setRetrying(true);
    try {
      applyResponse(await apiFetch<SettingsResponse>("/api/settings/sync", { method: "POST" }));
    } catch (e) {
      setSaveError((e as Error).message);
    } finally {
      setRetrying(false);
    }
  };
  const askAgain = async () => {
    setAsking(true);
    setReasonError(undefined);
    try {
      const body = await apiFetch<SettingsResponse>("/api/settings/revision", { method: "POST", json: { basedOn: data?.current?.version ?? 0, reason } });
      applyResponse(body);
      setReason("");
      shopify.modal.hide(REVISION_MODAL);
      shopify.toast.show("Every visitor will be asked again");
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        shopify.modal.hide(REVISION_MODAL);
        setStale(true);
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

  if (loadError && !data) return <PageError title="Banner" message={loadError} onRetry={reload} />;
  if (loading || !data || !draft || !locale || !texts) {
    return <LoadingPage title="Banner" lines={10} />;
  }

  const current = data.current;
  const errorOf = (path: string) => fieldErrors[path];
  const localeOptions = Object.keys(data.locales.texts).map((code) => ({
    label: `${languageName(code)}${code === data.locales.defaultLocale ? " (default)" : ""}`,
    value: code,
  }));
  const defaults = data.locales.texts[locale]!;

  return (
    <AppPage title="Banner" fullWidth>
      <SaveBar id={SAVE_BAR} open={dirty}>
        <button variant="primary" onClick={save} loading={saving ? "" : undefined} disabled={saving}>
          Save
        </button>
        <button onClick={discard} disabled={saving}>
          Discard
        </button>
      </SaveBar>
      <BlockStack gap="400">
        {stale && (
          <Banner
            tone="warning"
            title="These settings were changed elsewhere"
            action={{
              content: "Load the latest version",
              onAction: () => {
                setStale(false);
                void reload();
              },
            }}
          >
            <p>
              Another tab or staff member saved the banner after you opened it. Load the latest version (your unsaved changes here are dropped), then make your
              changes again.
            </p>
          </Banner>
        )}
        {saveError && (
          <div id="banner-save-error" tabIndex={-1}>
            <Banner tone="critical" onDismiss={() => setSaveError(undefined)}>
              <p>{saveError}</p>
            </Banner>
          </div>
        )}
        {current?.syncState === "failed" && (
          <Banner tone="warning" title="Saved, but not yet on your storefront" action={{ content: "Retry now", onAction: retrySync, loading: retrying }}>
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
        <Layout>
          <Layout.Section>
            <Layout>
              <Layout.AnnotatedSection
                id="content"
                title="Content"
                description="Every text the banner shows, per language. An empty field uses the app's own translation, shown as its placeholder."
              >
                <Card>
                  <FormLayout>
                    <Select
                      label="Language"
                      options={localeOptions}
                      value={locale}
                      onChange={setLocale}
                      helpText="Shoppers see the language of your storefront."
                    />
                    <div dir={RTL.test(locale) ? "rtl" : undefined} lang={locale} style={{ display: "grid", gap: "var(--p-space-400)" }}>
                      {TEXT_KEYS.map((key) => (
                        <TextField
                          key={`${locale}-${key}`}
                          label={LABELS[key]}
                          value={draft.text[locale]?.[key] ?? ""}
                          placeholder={defaults[key]}
                          onChange={(value) => setText(key, value)}
                          autoComplete="off"
                          multiline={/desc|notice/.test(key) ? 3 : undefined}
                          maxLength={1000}
                          error={errorOf(`text.${locale}.${key}`)}
                        />
                      ))}
                    </div>
                    <TextField
                      label="Privacy policy link"
                      value={draft.policyUrl ?? ""}
                      placeholder={data.shopPolicyUrl ?? "https://…"}
                      onChange={(value) => update((s) => ({ ...s, policyUrl: value.trim() ? value : null }))}
                      autoComplete="url"
                      helpText={
                        data.shopPolicyUrl
                          ? "Empty: your shop's privacy policy."
                          : "Your shop has no privacy policy page: create one in Settings › Policies, or link one here."
                      }
                      error={errorOf("policyUrl")}
                    />
                  </FormLayout>
                </Card>
              </Layout.AnnotatedSection>

              <Layout.AnnotatedSection
                id="appearance"
                title="Appearance"
                description={`Match your brand. Contrast is checked as you type: below ${MIN_CONTRAST}:1 (WCAG AA) some shoppers cannot read the banner, so it cannot be saved.`}
              >
                <Card>
                  <FormLayout>
                    <FormLayout.Group>
                      <ChoiceList
                        title="Position"
                        choices={[
                          { label: "Bottom", value: "bottom" },
                          { label: "Top", value: "top" },
                        ]}
                        selected={[draft.position]}
                        onChange={([value]) => update((s) => ({ ...s, position: value as BannerSettings["position"] }))}
                      />
                      <ChoiceList
                        title="Layout"
                        choices={[
                          { label: "Bar across the page", value: "bar" },
                          { label: "Box in a corner", value: "box" },
                        ]}
                        selected={[draft.layout]}
                        onChange={([value]) => update((s) => ({ ...s, layout: value as BannerSettings["layout"] }))}
                      />
                    </FormLayout.Group>
                    <FormLayout.Group>
                      {(["background", "text"] as const).map((key) => (
                        <ColorField
                          key={key}
                          id={key}
                          value={draft.colors[key]}
                          onChange={(value) => update((s) => ({ ...s, colors: { ...s.colors, [key]: value } }))}
                          error={problems[key] ?? errorOf(`colors.${key}`)}
                        />
                      ))}
                    </FormLayout.Group>
                    <FormLayout.Group>
                      {(["button", "buttonText"] as const).map((key) => (
                        <ColorField
                          key={key}
                          id={key}
                          value={draft.colors[key]}
                          onChange={(value) => update((s) => ({ ...s, colors: { ...s.colors, [key]: value } }))}
                          error={problems[key] ?? errorOf(`colors.${key}`)}
                        />
                      ))}
                    </FormLayout.Group>
                    <Text as="p" variant="bodySm" tone="subdued">
                      {Object.keys(problems).length && Object.values(problems).some((p) => p?.startsWith("Use"))
                        ? "Contrast is checked once every colour is a hex colour."
                        : `Contrast: text ${contrast(draft.colors.text, draft.colors.background).toFixed(2)}:1 · buttons ${contrast(draft.colors.buttonText, draft.colors.button).toFixed(2)}:1 (at least ${MIN_CONTRAST}:1)`}
                    </Text>
                    <RangeSlider
                      label="Corner radius"
                      min={0}
                      max={24}
                      step={1}
                      value={draft.radius}
                      suffix={<Text as="span">{draft.radius} px</Text>}
                      onChange={(value) => update((s) => ({ ...s, radius: value as number }))}
                      error={errorOf("radius")}
                    />
                  </FormLayout>
                </Card>
              </Layout.AnnotatedSection>

              <Layout.AnnotatedSection id="behaviour" title="Behaviour" description="Who sees the banner, and what it tells other tools.">
                <Card>
                  <FormLayout>
                    <ChoiceList
                      title="Show the banner"
                      choices={[
                        {
                          label: "Where Shopify requires consent",
                          value: "required",
                          helpText: "Shopify's privacy settings decide by the visitor's region (recommended).",
                        },
                        { label: "To every visitor", value: "everywhere", helpText: "Also where no law asks for it." },
                      ]}
                      selected={[draft.everywhere ? "everywhere" : "required"]}
                      onChange={([value]) => update((s) => ({ ...s, everywhere: value === "everywhere" }))}
                    />
                    <Checkbox
                      label="Google Consent Mode v2"
                      helpText="Sends the shopper's choices to Google tags (denied until they choose)."
                      checked={draft.gcm}
                      onChange={(gcm) => update((s) => ({ ...s, gcm }))}
                    />
                    {draft.gcm && (
                      <BlockStack gap="100">
                        <ChoiceList
                          title="Google's tags before the shopper chooses"
                          choices={[
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
                          ]}
                          selected={[draft.gcmMode]}
                          onChange={([value]) => update((s) => ({ ...s, gcmMode: value as BannerSettings["gcmMode"] }))}
                          error={errorOf("gcmMode")}
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
                      checked={draft.uet}
                      onChange={(uet) => update((s) => ({ ...s, uet }))}
                    />
                    <Checkbox
                      label={OPTIONS.reloadOnWithdraw.block.label}
                      helpText="Scripts that already ran keep running until the page reloads: reloading stops them as soon as the shopper says no."
                      checked={draft.reloadOnWithdraw}
                      onChange={(reloadOnWithdraw) => update((s) => ({ ...s, reloadOnWithdraw }))}
                    />
                    <Text as="p">
                      <Text as="span" fontWeight="semibold">
                        Global Privacy Control is always honoured.
                      </Text>{" "}
                      When a shopper's browser sends it, marketing and the sale of data start off and the banner says so: some laws (California's, for one)
                      require it, and it is what the shopper asked for.
                    </Text>
                    <TextField
                      label="App proxy path (advanced)"
                      value={draft.proxyPath}
                      onChange={(proxyPath) => update((s) => ({ ...s, proxyPath }))}
                      autoComplete="off"
                      helpText="Change it only if you customised the app proxy URL in Settings › Apps › App proxy: receipts of each choice are posted there."
                      error={errorOf("proxyPath")}
                    />
                  </FormLayout>
                </Card>
              </Layout.AnnotatedSection>

              <Layout.AnnotatedSection
                id="records"
                title="Consent records"
                description="Each choice is kept as a receipt: your proof of consent. Keeping them longer proves more; keeping them shorter holds less personal data. The receipts older than this are deleted every day."
              >
                <Card>
                  <Select
                    label="Keep consent receipts for"
                    options={RETENTION_OPTIONS}
                    value={String(months ?? retention.data?.months ?? 24)}
                    onChange={(value) => setMonths(Number(value))}
                    helpText="Regulators may ask for proof for years after a choice: 24 months is a common balance. 6 to 60 months."
                  />
                </Card>
              </Layout.AnnotatedSection>

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
                        {current?.settings.revision ?? data.defaults.revision}
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
                    {history.data?.versions.length ? (
                      <ul style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
                        {history.data.versions.slice(0, 10).map((v) => (
                          <li key={v.version}>
                            <Text as="span">
                              Version {v.version} · {when(v.createdAt)} · {versionSummary(v, { text: LABELS, colors: COLOR_LABELS, language: languageName })}{" "}
                              ·{" "}
                            </Text>
                            <SyncBadge version={v} />
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <Text as="p" tone="subdued">
                        No saved versions yet.
                      </Text>
                    )}
                  </BlockStack>
                </Card>
              </Layout.AnnotatedSection>
            </Layout>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <div style={{ position: "sticky", top: "1rem" }}>
              <LivePreview settings={draft} texts={texts} locale={locale} localeName={languageName(locale)} policyUrl={draft.policyUrl ?? data.shopPolicyUrl} />
            </div>
          </Layout.Section>
        </Layout>
        <Box paddingBlockEnd="800" />
      </BlockStack>
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
    </AppPage>
  );
}
