// Polls controller.inspectMember(member, kind) while a panel is mounted (about 4 Hz), one request
// at a time. Returns undefined while loading, null when the member is not running, and
// 'unsupported' when the controller cannot inspect members.
import { useEffect, useState } from 'react';
import type { InspectKind, InspectResultMap } from '../../protocol/inspect';
import { getController } from '../store/clusterStore';

export const INSPECT_POLL_MS = 250;

export function useInspect<K extends InspectKind>(
  member: number | null,
  kind: K,
): InspectResultMap[K] | null | undefined | 'unsupported' {
  const [data, setData] = useState<InspectResultMap[K] | null | undefined | 'unsupported'>(undefined);
  useEffect(() => {
    setData(undefined);
    if (member === null) return;
    const c = getController();
    if (!c?.inspectMember) {
      setData('unsupported');
      return;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const poll = async () => {
      try {
        const r = await c.inspectMember!(member, kind);
        if (live) setData(r);
      } catch {
        if (live) setData(null);
      }
      if (live) timer = setTimeout(poll, INSPECT_POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [member, kind]);
  return data;
}
