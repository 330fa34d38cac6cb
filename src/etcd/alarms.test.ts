// The alarm store as etcd 3.4's v3alarm keeps it: one record per alarm in the `alarm` bucket, the
// key being the AlarmMember protobuf, read back when the member restarts.
import { describe, expect, test } from 'vitest';
import { Backend } from '../backend';
import { AlarmStore, ALARM_BUCKET } from './alarms';
import { alarmMemberText, decodeAlarmMember, encodeAlarmMember } from '../pb/alarmpb';
import { toHex } from '../lib/bytes';

const M1 = '1a20d890be0dc40b';
const M2 = '0000000000000002';

function records(b: Backend): string[] {
  const out: string[] = [];
  b.batchTx().unsafeForEach(ALARM_BUCKET, (k, v) => out.push(`${toHex(k)}=${toHex(v)}`));
  return out;
}

describe('AlarmMember encoding', () => {
  test('is etcd\'s protobuf: memberID (field 1, uint64 varint) then alarm (field 2, enum)', () => {
    expect(toHex(encodeAlarmMember({ memberID: M1, alarm: 'NOSPACE' }))).toBe('088b88b7f08b92b6901a' + '1001');
    expect(toHex(encodeAlarmMember({ memberID: M2, alarm: 'CORRUPT' }))).toBe('0802' + '1002');
    expect(decodeAlarmMember(encodeAlarmMember({ memberID: M1, alarm: 'NOSPACE' }))).toEqual({ memberID: M1, alarm: 'NOSPACE' });
  });

  test('prints as gogoproto\'s compact text (etcdctl alarm list, status errors)', () => {
    expect(alarmMemberText({ memberID: M1, alarm: 'NOSPACE' })).toBe('memberID:1882742760416330763 alarm:NOSPACE ');
  });
});

describe('AlarmStore', () => {
  test('activate writes one record with an empty value; activating again returns the same alarm', () => {
    const b = Backend.create();
    const s = new AlarmStore(b);
    const a = s.activate(M1, 'NOSPACE');
    expect(s.activate(M1, 'NOSPACE')).toBe(a);
    expect(records(b)).toEqual(['088b88b7f08b92b6901a1001=']);
  });

  test('get lists one type or, for NONE, every type; deactivate clears the record', () => {
    const s = new AlarmStore(Backend.create());
    s.activate(M1, 'NOSPACE');
    s.activate(M2, 'NOSPACE');
    s.activate(M1, 'CORRUPT');
    expect(s.get('NOSPACE').map((a) => a.memberID)).toEqual([M2, M1]);
    expect(s.get('NONE')).toEqual([
      { memberID: M2, alarm: 'NOSPACE' },
      { memberID: M1, alarm: 'NOSPACE' },
      { memberID: M1, alarm: 'CORRUPT' },
    ]);
    expect(s.deactivate(M2, 'NOSPACE')).toEqual({ memberID: M2, alarm: 'NOSPACE' });
    expect(s.deactivate(M2, 'NOSPACE')).toBeNull();
    expect(s.get('NOSPACE')).toEqual([{ memberID: M1, alarm: 'NOSPACE' }]);
  });

  test('a db file carries the alarms to a new store (restart, snapshot restore)', () => {
    const b = Backend.create();
    const s = new AlarmStore(b);
    s.activate(M1, 'NOSPACE');
    s.activate(M2, 'CORRUPT');
    s.deactivate(M2, 'CORRUPT');
    const { backend } = Backend.fromSnapshot(b.snapshotFile());
    expect(new AlarmStore(backend).get('NONE')).toEqual([{ memberID: M1, alarm: 'NOSPACE' }]);
  });
});
