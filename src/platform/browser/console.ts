// One console line → etcdctl, against the live cluster. "etcdctl" at the start is optional.
import { runEtcdctl, tokenize, TokenizeError } from '../../etcdctl';
import { RequestClient, endpointMember } from '../../host/etcdClient';
import { utf8 } from '../../lib/bytes';
import type { CommandResult } from '../../protocol/controller';
import { isToolCall, parseToolLine } from '../../tools/cli';
import { execProgram } from '../../oracle/exec';
import type { Hub } from './hub';

export async function runConsoleLine(hub: Hub, line: string, stdin?: string, interrupt?: Promise<number>): Promise<CommandResult> {
  let argv: string[];
  try {
    argv = tokenize(line);
  } catch (e) {
    if (e instanceof TokenizeError) return { stdout: '', stderr: `Error: ${e.message}\n`, exitCode: 1 };
    throw e;
  }
  if (argv[0] === 'etcdctl') argv = argv.slice(1);
  if (argv.length === 0) return { stdout: '', stderr: '', exitCode: 0 };
  const tool = parseToolLine(argv);
  if (tool) return isToolCall(tool) ? tool.run(await hub.memberFiles(Number(tool.member.slice(1)))) : tool;
  const client = new RequestClient(
    (req, opts) => hub.request(req, endpointMember(opts?.endpoint), opts?.timeoutMs),
    (req, onResponse, opts) => hub.openWatch(req, onResponse, endpointMember(opts?.endpoint)),
    // The hub's virtual clock drives client loops (lease keep-alive for `lease keep-alive`, `lock`, `elect`).
    { timer: (ms, fn) => void hub.afterVirtual(ms).then(fn), nowMs: () => hub.snapshot().nowMs },
  );
  // `lock NAME CMD…` / `watch KEY -- CMD…` run their command with the programs the oracle runner offers.
  const exec = async (cmd: string[], env: Record<string, string>) => execProgram(cmd, env);
  return runEtcdctl(argv, client, { exec, ...(stdin !== undefined ? { stdin: utf8(stdin) } : {}), ...(interrupt ? { interrupt } : {}) });
}
