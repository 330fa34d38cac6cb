// A lesson's client watch over a host's watch stream: the lesson speaks in keys and revisions; the
// host opens the same WatchCreateRequest the Watch panel and etcdctl send.
import type { WatchCreateRequest, WatchHandle, WatchResponse } from '../etcdctl/client';
import { prefixEnd } from '../etcdctl/ops';
import { utf8 } from '../lib/bytes';
import type { ScenarioWatch, ScenarioWatchResponse, ScenarioWatchSpec } from '../scenario/host';

export function watchCreateRequest(spec: ScenarioWatchSpec): WatchCreateRequest {
  const key = utf8(spec.key);
  return {
    key: spec.prefix && key.length === 0 ? new Uint8Array([0]) : key,
    rangeEnd: spec.prefix ? prefixEnd(key) : new Uint8Array(0),
    startRevision: spec.startRevision,
    prevKv: false,
  };
}

export function scenarioWatchResponse(r: WatchResponse): ScenarioWatchResponse {
  return { revisions: r.events.map((e) => e.kv.modRevision), canceled: r.canceled, compactRevision: r.compactRevision, cancelReason: r.cancelReason };
}

export function scenarioWatch(h: WatchHandle): ScenarioWatch {
  return { cancel: () => h.cancel(), setReadsPerTick: (n, buffer) => h.setReadsPerTick?.(n, buffer) };
}
