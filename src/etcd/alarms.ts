// etcd 3.4's alarm store (etcdserver/api/v3alarm): which member raised which alarm. Every member
// applies the same AlarmRequests from raft, so every member holds the same set. Each alarm is one
// record in bbolt's `alarm` bucket whose KEY is the AlarmMember protobuf and whose value is empty;
// a restarted member reads them back (and, as etcd's restoreAlarms does, re-caps its applier).
import type { Backend } from '../backend';
import { decodeAlarmMember, encodeAlarmMember } from '../pb/alarmpb';
import { ALARM_TYPES, type AlarmMember, type AlarmType } from './api';

export const ALARM_BUCKET = 'alarm';

export class AlarmStore {
  /** alarm type → member id (hex) → the alarm. */
  private readonly types = new Map<AlarmType, Map<string, AlarmMember>>();

  constructor(private readonly backend: Backend) {
    const tx = backend.batchTx();
    if (!tx.hasBucket(ALARM_BUCKET)) tx.unsafeCreateBucket(ALARM_BUCKET);
    tx.unsafeForEach(ALARM_BUCKET, (k) => {
      this.addToMap(decodeAlarmMember(k));
    });
  }

  /**
   * Raises `alarm` for `memberID`; returns the alarm (the one already there when it was active,
   * in which case nothing is written). etcd's AlarmStore.Activate.
   */
  activate(memberID: string, alarm: AlarmType): AlarmMember {
    const wanted: AlarmMember = { memberID, alarm };
    const m = this.addToMap(wanted);
    if (m !== wanted) return m;
    this.backend.batchTx().unsafePut(ALARM_BUCKET, encodeAlarmMember(m), new Uint8Array(0));
    this.backend.endWrite();
    return m;
  }

  /** Clears `alarm` for `memberID`; returns the cleared alarm, or null when it was not raised. */
  deactivate(memberID: string, alarm: AlarmType): AlarmMember | null {
    const set = this.types.get(alarm);
    const m = set?.get(memberID);
    if (!set || !m) return null;
    set.delete(memberID);
    this.backend.batchTx().unsafeDelete(ALARM_BUCKET, encodeAlarmMember(m));
    this.backend.endWrite();
    return m;
  }

  /**
   * The alarms of one type, or of every type for NONE. etcd walks Go maps (random order); here the
   * order is fixed — by type, then member id — so every member and every run lists them alike.
   */
  get(alarm: AlarmType): AlarmMember[] {
    const out: AlarmMember[] = [];
    for (const t of ALARM_TYPES) {
      if (alarm !== 'NONE' && t !== alarm) continue;
      const set = this.types.get(t);
      if (set) out.push(...[...set.values()].sort((a, b) => (a.memberID < b.memberID ? -1 : a.memberID > b.memberID ? 1 : 0)));
    }
    return out;
  }

  private addToMap(m: AlarmMember): AlarmMember {
    let set = this.types.get(m.alarm);
    if (!set) this.types.set(m.alarm, (set = new Map()));
    const old = set.get(m.memberID);
    if (old) return old;
    set.set(m.memberID, m);
    return m;
  }
}
