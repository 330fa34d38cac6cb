// Per-run counters. They exist to prove each fault actually fired (a swarm test whose faults
// silently never trigger proves nothing) and to show how much raft behaviour a batch exercised.

export const COUNTER_NAMES = [
  'messagesSent',
  'messagesDelivered',
  'messagesDropped',
  'messagesDuplicated',
  'messagesReordered',
  'partitionsStarted',
  'oneWayPartitions',
  'crashes',
  'restarts',
  'writesLostOnCrash',
  'tornWrites',
  'slowDiskEvents',
  'jitteredTicks',
  'elections',
  'preVoteCampaigns',
  'leaderChanges',
  'checkQuorumStepDowns',
  'proposals',
  'proposalsDropped',
  'readsIssued',
  'readsServed',
  'leaderTransfers',
  'entriesCommitted',
  'compactions',
  'snapshotsSent',
  'snapshotsApplied',
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export function zeroCounters(): Counters {
  const c = {} as Counters;
  for (const k of COUNTER_NAMES) c[k] = 0;
  return c;
}

export function addCounters(into: Counters, from: Counters): void {
  for (const k of COUNTER_NAMES) into[k] += from[k];
}

/** The counters that must be non-zero over a batch, each standing for one injected fault or path. */
export const MUST_FIRE: readonly CounterName[] = [
  'messagesDropped',
  'messagesDuplicated',
  'messagesReordered',
  'partitionsStarted',
  'oneWayPartitions',
  'crashes',
  'restarts',
  'writesLostOnCrash',
  'tornWrites',
  'slowDiskEvents',
  'jitteredTicks',
  'elections',
  'preVoteCampaigns',
  'leaderChanges',
  'checkQuorumStepDowns',
  'proposalsDropped',
  'readsServed',
  'leaderTransfers',
  'entriesCommitted',
  'compactions',
  'snapshotsSent',
  'snapshotsApplied',
];
