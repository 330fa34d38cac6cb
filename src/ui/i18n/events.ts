// Human sentences for cluster events, in the current language.
import type { ClusterEvent, ClusterEventKind } from '../../protocol/view';
import type { NodeId } from '../../raft/types';
import type { MessageKey, TFunction } from './index';

const KEY: Record<ClusterEventKind, MessageKey> = {
  'became-leader': 'event.became-leader',
  'became-candidate': 'event.became-candidate',
  'became-pre-candidate': 'event.became-pre-candidate',
  'became-follower': 'event.became-follower',
  crashed: 'event.crashed',
  restarted: 'event.restarted',
  isolated: 'event.isolated',
  rejoined: 'event.rejoined',
  healed: 'event.healed',
  request: 'event.request',
  reset: 'event.reset',
  log: 'event.log',
  partitioned: 'event.partitioned',
  'link-cut': 'event.link-cut',
  'link-cut-both': 'event.link-cut-both',
  'link-restored': 'event.link-restored',
  'link-changed': 'event.link-changed',
  'disk-latency': 'event.disk-latency',
  'crash-point-armed': 'event.crash-point-armed',
  'crash-point-disarmed': 'event.crash-point-disarmed',
  'crash-point': 'event.crash-point',
};

export function memberName(id: NodeId | undefined, names: ReadonlyMap<NodeId, string>): string {
  if (id === undefined || id === 0) return '?';
  return names.get(id) ?? `n${id}`;
}

export function describeEvent(ev: ClusterEvent, names: ReadonlyMap<NodeId, string>, t: TFunction): string {
  let key = KEY[ev.kind];
  // Cluster-wide variants: the hub reports a fresh start as a reset with its seed, a page reload as
  // a member-less restart, and a member's fatal error as a crash with detail.
  if (ev.kind === 'restarted' && !ev.member) key = 'event.reopened';
  else if (ev.kind === 'restarted' && ev.detail === 'joined') key = 'event.joined';
  else if (ev.kind === 'reset' && ev.detail) key = 'event.reset-detail';
  else if (ev.kind === 'crashed' && ev.detail) key = 'event.crashed-detail';
  if (!key) return ev.kind;
  // A crash point's name is shown in the reader's language.
  const detail = (ev.kind === 'crash-point' || ev.kind === 'crash-point-armed') && ev.detail ? t(`crash.${ev.detail}` as MessageKey) : ev.detail ?? '';
  return t(key, {
    member: memberName(ev.member, names),
    peer: memberName(ev.peer, names),
    term: ev.term ?? '?',
    value: ev.value ?? '',
    detail,
  });
}

/**
 * Events worth announcing to a screen reader. Followers stepping down happen in bursts during every
 * election and would drown the rest, so they stay in the visible log only.
 */
export function isNarrated(kind: ClusterEventKind): boolean {
  return kind !== 'became-follower' && kind !== 'request' && kind !== 'log';
}

/** Events drawn with emphasis in the event log. */
export function eventTone(kind: ClusterEventKind): 'leader' | 'fault' | 'recover' | 'election' | 'info' {
  switch (kind) {
    case 'became-leader':
      return 'leader';
    case 'crashed':
    case 'isolated':
    case 'partitioned':
    case 'link-cut':
    case 'link-cut-both':
    case 'link-changed':
    case 'disk-latency':
    case 'crash-point-armed':
    case 'crash-point':
      return 'fault';
    case 'link-restored':
    case 'crash-point-disarmed':
      return 'recover';
    case 'restarted':
    case 'rejoined':
    case 'healed':
    case 'reset':
      return 'recover';
    case 'became-candidate':
    case 'became-pre-candidate':
      return 'election';
    default:
      return 'info';
  }
}

/**
 * Which events (newest-first list) a screen reader should hear, given the newest seq already
 * announced. The first call (since = null) only sets the mark: that batch is the history the hub
 * replays on subscribe. A reset may restart sequence numbers; then only events up to the new
 * newest are fresh. At most `max` events, returned oldest first.
 */
export function pickNarration(
  events: readonly ClusterEvent[],
  since: number | null,
  max = 3,
): { mark: number | null; fresh: ClusterEvent[] } {
  if (events.length === 0) return { mark: since, fresh: [] };
  const newest = events[0].seq;
  if (since === null) return { mark: newest, fresh: [] };
  const isFresh = (seq: number) => (newest < since ? seq <= newest : seq > since);
  const fresh = events.filter((e) => isFresh(e.seq) && isNarrated(e.kind)).slice(0, max).reverse();
  return { mark: newest, fresh };
}
