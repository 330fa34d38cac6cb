// etcd 3.4's pkg/idutil.Generator: the source of every request id a member proposes and of the lease
// ids it chooses (EtcdServer.reqIDGen), so requests and leases draw from one counter.
//
//   | prefix: 16 bits      | suffix: 48 bits                               |
//   | member id, low 16    | unix ms at start, low 40 bits | counter 8 bits |
//
// Next() increments the whole 48-bit suffix (the counter carries into the time bits), so ids stay
// unique across restarts as long as a member does not issue more than 256 ids per millisecond on
// average since its previous start. Lease ids are Next() with the sign bit cleared (LeaseGrant:
// "only use positive int64 id's").

const TS_BITS = 40n;
const COUNT_BITS = 8n;
const SUFFIX_BITS = TS_BITS + COUNT_BITS;
const SUFFIX_MASK = (1n << SUFFIX_BITS) - 1n;
const INT63_MASK = (1n << 63n) - 1n;

export class IdGenerator {
  private readonly prefix: bigint;
  private suffix: bigint;

  /** memberIdHex: the member's 16-hex-digit id (only its low 16 bits are used, as uint16(id) in etcd). */
  constructor(memberIdHex: string, unixMs: number) {
    const low16 = BigInt.asUintN(16, BigInt('0x' + memberIdHex));
    this.prefix = low16 << SUFFIX_BITS;
    this.suffix = BigInt.asUintN(Number(TS_BITS), BigInt(Math.max(0, Math.floor(unixMs)))) << COUNT_BITS;
  }

  /** The next uint64 id. */
  next(): bigint {
    this.suffix = (this.suffix + 1n) & SUFFIX_MASK;
    return this.prefix | this.suffix;
  }

  /** The next id as a lease id: a positive int64 (etcd retries on 0, which cannot occur here). */
  nextLeaseId(): bigint {
    let id = 0n;
    while (id === 0n) id = this.next() & INT63_MASK;
    return id;
  }
}
