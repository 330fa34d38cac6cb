// The optional side panels (shown as tabs next to Events / MVCC / Leases / Pages; each can be
// shown or hidden from the Panels menu). Adding one: a component here, an id in panelLayout.ts,
// its strings in panels.en.ts / panels.zh-CN.ts.
import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n';
import type { OptionalPanelId } from './panelLayout';
import { MetricsPanel } from './MetricsPanel';
import { TxnPanel } from './TxnPanel';
import { WatchPanel } from './WatchPanel';
import { WritePathPanel } from './WritePathPanel';
import '../styles/panels.css';

export const OPTIONAL_PANELS: Record<OptionalPanelId, { title: MessageKey; Component: ComponentType }> = {
  writepath: { title: 'panel.writepath', Component: WritePathPanel },
  watch: { title: 'panel.watch', Component: WatchPanel },
  txn: { title: 'panel.txn', Component: TxnPanel },
  metrics: { title: 'panel.metrics', Component: MetricsPanel },
};
