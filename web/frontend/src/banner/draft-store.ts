import { useSyncExternalStore } from "react";
import type { BannerSettings } from "../../../settings/banner-settings-types";

/**
 * The Banner page's unsaved settings, outside React state: each component reads the slice it shows
 * (useDraft with a selector) and re-renders when that slice changes, so a keystroke in the title re-renders
 * the title's field and the preview, not the page and its other sections.
 */
export interface DraftStore {
  /** The draft; undefined until the saved settings have loaded. */
  get(): BannerSettings | undefined;
  set(next: BannerSettings | undefined): void;
  /** Changes the loaded draft: `change` gets the current settings and returns the next. */
  update(change: (current: BannerSettings) => BannerSettings): void;
  subscribe(listener: () => void): () => void;
}

export function createDraftStore(): DraftStore {
  let draft: BannerSettings | undefined;
  const listeners = new Set<() => void>();
  const set = (next: BannerSettings | undefined) => {
    if (next === draft) return;
    draft = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    get: () => draft,
    set,
    update: (change) => {
      if (draft) set(change(draft));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * A slice of the loaded draft (call it only once the draft is loaded). `select` must return a value that is
 * the same (Object.is) while its slice is unchanged: a primitive, or an object of the draft itself.
 */
export function useDraft<T>(store: DraftStore, select: (draft: BannerSettings) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()!));
}
