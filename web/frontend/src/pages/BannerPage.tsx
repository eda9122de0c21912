import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Box, Layout } from "@shopify/polaris";
import type { FieldErrorsResponse, SettingsHistoryResponse, SettingsResponse } from "../../../settings/banner-settings-types";
import { AppPage, LoadingPage } from "../AppPage";
import type { RetentionView } from "../../../consent/consent-types";
import { useLingui } from "@lingui/react";
import { apiFetch, ApiError } from "../api";
import { useT } from "../i18n/useT";
import { PageError } from "../AppShell";
import { createDraftStore } from "../banner/draft-store";
import { languageName } from "../banner/labels";
import { LivePreview } from "../banner/LivePreview";
import {
  AppearanceSection,
  BannerSaveBar,
  BehaviourSection,
  ContentSection,
  contrastProblems,
  Notices,
  RecordsSection,
  RevisionModal,
  RevisionSection,
  type FieldErrors,
} from "../banner/sections";
import { useApi } from "../useApi";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Banner settings (Shopify's settings template): one annotated section per group, the live preview beside them,
 * saved through the save bar. The draft is a DraftStore: each section and the preview read their own slice of
 * it (the preview posts each change to its frame), and this page only whether it is loaded and whether it
 * differs from what is saved, so typing in a field re-renders that field, not the page.
 */
export default function BannerPage() {
  const shopify = useAppBridge();
  const t = useT();
  const { i18n } = useLingui();
  const { data, setData, error: loadError, loading, reload } = useApi<SettingsResponse>("/api/settings");
  const history = useApi<SettingsHistoryResponse>("/api/settings/history");
  const retention = useApi<RetentionView>("/api/consent/retention");
  const [months, setMonths] = useState<number>();
  useEffect(() => {
    if (retention.data) setMonths(retention.data.months);
  }, [retention.data]);
  const [store] = useState(createDraftStore);
  const [locale, setLocale] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [saveError, setSaveError] = useState<string>();
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  const [retrying, setRetrying] = useState(false);
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
    if (saved) store.set(saved);
    if (data && !locale) setLocale(data.locales.defaultLocale);
  }, [data]); // eslint-disable-line react-hooks/exhaustive-deps

  // This page re-renders when these change, not on every edit of the draft.
  const loaded = useSyncExternalStore(store.subscribe, () => store.get() !== undefined);
  const savedJson = useMemo(() => JSON.stringify(saved), [saved]);
  const draftDirty = useSyncExternalStore(store.subscribe, () => {
    const draft = store.get();
    return Boolean(draft && saved && JSON.stringify(draft) !== savedJson);
  });
  const retentionDirty = months !== undefined && retention.data !== undefined && months !== retention.data.months;
  const dirty = draftDirty || retentionDirty;
  const locales = useMemo(() => (data ? Object.keys(data.locales.texts) : []), [data]);

  const reloadHistory = history.reload;
  const applyResponse = useCallback(
    (body: SettingsResponse) => {
      setData(body);
      store.set(body.current?.settings ?? body.defaults);
      void reloadHistory();
    },
    [setData, store, reloadHistory],
  );
  const markStale = useCallback(() => setStale(true), []);

  const save = async () => {
    const draft = store.get();
    if (!draft || !data) return;
    if (Object.keys(contrastProblems(draft.colors, t)).length) {
      setSaveError(t("banner.errorContrast"));
      setRefusals((n) => n + 1);
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    setFieldErrors({});
    try {
      if (retentionDirty) retention.setData(await apiFetch<RetentionView>("/api/consent/retention", { method: "PUT", json: { months } }));
      if (same(draft, saved)) {
        shopify.toast.show(t("banner.toastSaved"));
        return;
      }
      const body = await apiFetch<SettingsResponse>("/api/settings", { method: "PUT", json: { basedOn: data.current?.version ?? 0, settings: draft } });
      applyResponse(body);
      shopify.toast.show(body.current?.syncState === "synced" ? t("banner.toastLive") : t("banner.toastBannerSaved"));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setStale(true);
      else if (e instanceof ApiError && e.status === 400 && Array.isArray((e.body as unknown as FieldErrorsResponse).fieldErrors)) {
        setFieldErrors(Object.fromEntries((e.body as unknown as FieldErrorsResponse).fieldErrors.map((f) => [f.path, f.message])));
        setSaveError(t("banner.errorFields"));
        setRefusals((n) => n + 1);
      } else setSaveError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    store.set(saved);
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
  // The memoised parts get stable callbacks that run the latest save, discard and retry (which read this render's state).
  const latest = useRef({ save, discard, retrySync });
  useLayoutEffect(() => {
    latest.current = { save, discard, retrySync };
  });
  const onSave = useCallback(() => void latest.current.save(), []);
  const onDiscard = useCallback(() => latest.current.discard(), []);
  const onRetrySync = useCallback(() => void latest.current.retrySync(), []);
  const onLoadLatest = useCallback(() => {
    setStale(false);
    void reload();
  }, [reload]);
  const onDismissError = useCallback(() => setSaveError(undefined), []);

  if (loadError && !data) return <PageError title={t("banner.title")} message={loadError} onRetry={reload} />;
  if (loading || !data || !loaded || !locale) {
    return <LoadingPage title={t("banner.title")} lines={10} />;
  }

  const current = data.current;
  const defaults = data.locales.texts[locale] ?? data.locales.texts[data.locales.defaultLocale]!;

  return (
    <AppPage title={t("banner.title")} fullWidth>
      <BannerSaveBar open={dirty} saving={saving} onSave={onSave} onDiscard={onDiscard} />
      <BlockStack gap="400">
        <Notices
          stale={stale}
          saveError={saveError}
          current={current}
          retrying={retrying}
          onLoadLatest={onLoadLatest}
          onDismissError={onDismissError}
          onRetrySync={onRetrySync}
        />
        <Layout>
          <Layout.Section>
            <Layout>
              <ContentSection
                store={store}
                locale={locale}
                locales={locales}
                defaultLocale={data.locales.defaultLocale}
                onLocale={setLocale}
                defaults={data.locales.texts[locale]!}
                fieldErrors={fieldErrors}
                shopPolicyUrl={data.shopPolicyUrl}
              />
              <AppearanceSection store={store} fieldErrors={fieldErrors} />
              <BehaviourSection store={store} fieldErrors={fieldErrors} />
              <RecordsSection months={months ?? retention.data?.months ?? 24} onMonths={setMonths} />
              <RevisionSection revision={current?.settings.revision ?? data.defaults.revision} dirty={dirty} versions={history.data?.versions} />
            </Layout>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <div style={{ position: "sticky", top: "1rem" }}>
              <LivePreview
                store={store}
                locale={locale}
                localeName={languageName(locale, i18n.locale)}
                defaults={defaults}
                shopPolicyUrl={data.shopPolicyUrl}
              />
            </div>
          </Layout.Section>
        </Layout>
        <Box paddingBlockEnd="800" />
      </BlockStack>
      <RevisionModal basedOn={current?.version ?? 0} onSaved={applyResponse} onStale={markStale} />
    </AppPage>
  );
}
