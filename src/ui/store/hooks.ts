// React bindings: narrow selectors over the vanilla stores.
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { clusterStore, type ClusterState } from './clusterStore';
import { prefsStore, type PrefsState } from './prefsStore';
import { createT, type TFunction } from '../i18n';
import { useMemo } from 'react';

export function useCluster<T>(selector: (s: ClusterState) => T): T {
  return useStore(clusterStore, selector);
}

export function useClusterShallow<T>(selector: (s: ClusterState) => T): T {
  return useStore(clusterStore, useShallow(selector));
}

export function usePrefs<T>(selector: (s: PrefsState) => T): T {
  return useStore(prefsStore, selector);
}

export function useT(): TFunction {
  const lang = usePrefs((s) => s.lang);
  return useMemo(() => createT(lang), [lang]);
}

export function useReducedMotion(): boolean {
  return usePrefs((s) => s.reducedMotion ?? s.systemReducedMotion);
}
