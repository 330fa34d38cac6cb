// `snapshot save` and `snapshot status` (ctlv3/command/snapshot_command.go and
// clientv3/snapshot/v3_snapshot.go, 3.4). The files live wherever the host keeps them (io.files: the
// oracle runner's in-memory /tmp, a page's download); without files both commands fail as on a
// read-only disk. The log lines are zap's production JSON that etcdctl writes to stderr.
import { verifySnapshotFile, BackendError } from '../backend';
import type { CommandContext } from './context';
import { ExitCode, ExitError } from './exit';
import { asEtcdError } from './client';
import { humanizeBytes } from './printCluster';
import { renderTable } from './table';

/** zap's JSON encoding of a string field value. */
const q = (s: string) => JSON.stringify(s);

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** io.now() ("2006-01-02 15:04:05.000000", UTC) split into its parts; the epoch if absent. */
function wallClock(ctx: CommandContext): { date: string; time: string; epochMs: number } {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(ctx.io.now?.() ?? '');
  if (!m) return { date: '1970-01-01', time: '00:00:00.000', epochMs: 0 };
  const [, y, mo, d, h, mi, se, ms] = m.map(Number) as number[];
  const epochMs = ((daysFromCivil(y!, mo!, d!) * 24 + h!) * 60 + mi!) * 60_000 + se! * 1000 + ms!;
  return { date: `${m[1]}-${m[2]}-${m[3]}`, time: `${m[4]}:${m[5]}:${m[6]}.${m[7]}`, epochMs };
}

/** The snapshot package's logger (zap production: epoch-seconds float timestamps). */
function logSnap(ctx: CommandContext, line: number, msg: string, fields: Array<[string, string]>): void {
  const ms = wallClock(ctx).epochMs;
  const frac = String(ms % 1000).padStart(3, '0').replace(/0+$/, '');
  const ts = `${Math.floor(ms / 1000)}${frac ? `.${frac}` : ''}`;
  ctx.err(`{"level":"info","ts":${ts},"caller":"snapshot/v3_snapshot.go:${line}","msg":${q(msg)}${fields.map(([k, v]) => `,${q(k)}:${v}`).join('')}}\n`);
}

/** clientv3's logger (ISO-8601 timestamps). */
function logClient(ctx: CommandContext, line: number, msg: string): void {
  const w = wallClock(ctx);
  const ts = `${w.date}T${w.time}Z`;
  ctx.err(`{"level":"info","ts":${q(ts)},"caller":"clientv3/maintenance.go:${line}","msg":${q(msg)}}\n`);
}

export async function snapshotSaveCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'snapshot save expects one argument');
  const { client, call } = ctx.mustClient();
  const endpoints = ctx.endpoints();
  const dbPath = ctx.args[0]!;
  const fail = (msg: string): never => {
    throw new ExitError(ExitCode.Interrupted, msg);
  };
  if (endpoints.length !== 1) fail(`snapshot must be requested to one selected node, not multiple [${endpoints.join(' ')}]`);
  const files = ctx.io.files;
  const partPath = `${dbPath}.part`;
  if (!files) fail(`open ${partPath}: read-only file system`);
  files!.write(partPath, new Uint8Array(0));
  logSnap(ctx, 119, 'created temporary db file', [['path', q(partPath)]]);
  const started = ctx.io.clockMs?.() ?? 0;
  if (!client.snapshotSave) fail('rpc error: code = Unimplemented desc = unknown method Snapshot for service etcdserverpb.Maintenance');
  let blob: Uint8Array;
  try {
    logClient(ctx, 200, 'opened snapshot stream; downloading');
    logSnap(ctx, 127, 'fetching snapshot', [['endpoint', q(endpoints[0]!)]]);
    blob = (await client.snapshotSave!(call)).blob;
    logClient(ctx, 208, 'completed snapshot read; closing');
  } catch (e) {
    if (e instanceof ExitError) throw e;
    files!.remove(partPath);
    return fail(asEtcdError(e).message);
  }
  files!.write(partPath, blob);
  const tookS = ((ctx.io.clockMs?.() ?? started) - started) / 1000;
  logSnap(ctx, 142, 'fetched snapshot', [['endpoint', q(endpoints[0]!)], ['size', q(humanizeBytes(blob.length))], ['took', String(tookS)]]);
  files!.rename(partPath, dbPath);
  logSnap(ctx, 152, 'saved', [['path', q(dbPath)]]);
  ctx.out(`Snapshot saved at ${dbPath}\n`);
}

export async function snapshotStatusCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'snapshot status requires exactly one argument');
  ctx.mustClient(); // etcdctl's initDisplayFromCmd: the output format only, no connection
  const path = ctx.args[0]!;
  const bytes = ctx.io.files?.read(path);
  if (!bytes) throw new ExitError(ExitCode.Error, `stat ${path}: no such file or directory`);
  let st: ReturnType<typeof verifySnapshotFile>;
  try {
    // bbolt opens the file as it is: the SHA-256 trailer `snapshot save` appends is not checked here
    st = verifySnapshotFile(bytes, { skipHashCheck: true });
  } catch (e) {
    if (e instanceof BackendError) throw new ExitError(ExitCode.Error, e.message);
    throw e;
  }
  const row = [(st.hash >>> 0).toString(16), String(st.revision), String(st.totalKeys), humanizeBytes(st.totalSize)];
  switch (ctx.format) {
    case 'json':
    case 'protobuf':
      ctx.out(`{"hash":${st.hash >>> 0},"revision":${st.revision},"totalKey":${st.totalKeys},"totalSize":${st.totalSize}}\n`);
      return;
    case 'fields':
      ctx.out(`"Hash" : ${st.hash >>> 0}\n"Revision" : ${st.revision}\n"Keys" : ${st.totalKeys}\n"Size" : ${st.totalSize}\n`);
      return;
    case 'table':
      ctx.out(renderTable(['hash', 'revision', 'total keys', 'total size'], [row]));
      return;
    default:
      ctx.out(`${row.join(', ')}\n`);
  }
}
