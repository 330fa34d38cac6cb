// etcdserverpb.AlarmRequest {action=1 enum, memberID=2 uint64, alarm=3 enum} (InternalRaftRequest
// field 10) and AlarmMember {memberID=1 uint64, alarm=2 enum} — the latter is also the KEY of a
// record in bbolt's `alarm` bucket (value empty), exactly as etcd 3.4's v3alarm store writes it.
// proto3: zero fields are not written; member ids are uint64s beyond 2^53, so they go as bigints.

import { ProtoReader, ProtoWriter, tagSize, varintSize, varintSizeBig } from '../lib/proto';
import { ALARM_ACTIONS, ALARM_TYPES, type AlarmAction, type AlarmMember, type AlarmRequest, type AlarmType } from '../etcd/api';
import { encodeExact } from './encodeExact';

const idBig = (hex: string): bigint => BigInt(`0x${hex}`);
const idHex = (v: bigint): string => v.toString(16).padStart(16, '0');

function enumNumber<T extends string>(names: readonly T[], name: T): number {
  const n = names.indexOf(name);
  if (n < 0) throw new Error(`unknown enum value ${name}`);
  return n;
}

/** An unknown enum number decodes as its number in text (proto3 keeps unknown enum values). */
function enumName<T extends string>(names: readonly T[], n: number): T {
  return names[n] ?? (String(n) as T);
}

const idFieldSize = (field: number, hex: string): number => (idBig(hex) === 0n ? 0 : tagSize(field) + varintSizeBig(idBig(hex)));
const enumFieldSize = (field: number, n: number): number => (n === 0 ? 0 : tagSize(field) + varintSize(n));

function writeId(w: ProtoWriter, field: number, hex: string): void {
  const v = idBig(hex);
  if (v === 0n) return;
  w.tag(field, 0);
  w.uint64Big(v);
}

function writeEnum(w: ProtoWriter, field: number, n: number): void {
  if (n !== 0) w.uint64Field(field, n);
}

export function sizeAlarmRequest(r: AlarmRequest): number {
  return enumFieldSize(1, enumNumber(ALARM_ACTIONS, r.action)) + idFieldSize(2, r.memberID) + enumFieldSize(3, enumNumber(ALARM_TYPES, r.alarm));
}

export function writeAlarmRequest(w: ProtoWriter, r: AlarmRequest): void {
  writeEnum(w, 1, enumNumber(ALARM_ACTIONS, r.action));
  writeId(w, 2, r.memberID);
  writeEnum(w, 3, enumNumber(ALARM_TYPES, r.alarm));
}

export function readAlarmRequest(r: ProtoReader): AlarmRequest {
  const q: AlarmRequest = { action: 'GET', memberID: idHex(0n), alarm: 'NONE' };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.action = enumName<AlarmAction>(ALARM_ACTIONS, r.uint64()); break;
      case 2: q.memberID = idHex(r.uint64Big()); break;
      case 3: q.alarm = enumName<AlarmType>(ALARM_TYPES, r.uint64()); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

export function encodeAlarmMember(m: AlarmMember): Uint8Array {
  const size = idFieldSize(1, m.memberID) + enumFieldSize(2, enumNumber(ALARM_TYPES, m.alarm));
  return encodeExact(size, (w) => {
    writeId(w, 1, m.memberID);
    writeEnum(w, 2, enumNumber(ALARM_TYPES, m.alarm));
  });
}

export function decodeAlarmMember(b: Uint8Array): AlarmMember {
  const r = new ProtoReader(b);
  const m: AlarmMember = { memberID: idHex(0n), alarm: 'NONE' };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.memberID = idHex(r.uint64Big()); break;
      case 2: m.alarm = enumName<AlarmType>(ALARM_TYPES, r.uint64()); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}

/** gogoproto's compact text form (what `%+v` and `a.String()` print): `memberID:N alarm:NOSPACE `. */
export function alarmMemberText(m: AlarmMember): string {
  const id = idBig(m.memberID);
  return `${id === 0n ? '' : `memberID:${id.toString(10)} `}${m.alarm === 'NONE' ? '' : `alarm:${m.alarm} `}`;
}
