// What a running command sees: its arguments and flags, the client, stdin/env, the output
// streams, and etcdctl's "mustClientFromCmd" step (environment variables, output format), which
// real etcdctl performs after argument checks and before the first request.

import { EMPTY, fromUtf8 } from '../lib/bytes';
import type { CommandSpec } from './commands';
import { type CallOptions, type EtcdClient, asEtcdError } from './client';
import { ExitCode, ExitError } from './exit';
import { FlagSet, type FlagValue } from './flags';
import { GoNumError } from './goFormat';
import { FieldsPrinter, JsonPrinter, type OutputFormat, type Printer, SimplePrinter, TablePrinter } from './printer';
import { ProtobufPrinter } from './printProtobuf';
import { flagsOf } from './parse';
import { GLOBAL_FLAGS } from './commands';

export interface EtcdctlIO {
  /** Bytes on standard input (empty when absent). */
  stdin?: Uint8Array;
  /** Environment (ETCDCTL_* variables are honoured as etcdctl does). */
  env?: Record<string, string>;
  /** Wall-clock text for the rare log lines that carry one ("2006-01-02 15:04:05.000000"). */
  now?: () => string;
  /** A monotonic clock in milliseconds, for the durations etcdctl prints (endpoint health "took"). */
  clockMs?: () => number;
  /** Output as it is produced (a console shows a running `watch` live); the result still has all of it. */
  write?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  /**
   * Resolves when the command is interrupted (Ctrl-C, or a `timeout` that ran out), with the exit
   * status to report (130 for SIGINT, 124 for timeout(1)). Long-running commands (watch) end then;
   * without it they run until the server ends them.
   */
  interrupt?: Promise<number>;
  /**
   * Runs a program for `lock NAME CMD...` and `watch ... -- CMD...` (a page has no processes; a
   * host may emulate a few). Resolves null when there is no such program. Without it every program
   * is missing.
   */
  exec?: (argv: string[], env: Record<string, string>) => Promise<{ stdout: string; stderr: string; exitCode: number } | null>;
  /** For `watch -i`: resolves when stdin reaches its end (its bytes are all in `stdin`). Absent: at once. */
  stdinClosed?: Promise<void>;
  /** The files `snapshot save` writes and `snapshot status` reads; absent: a read-only disk. */
  files?: EtcdctlFiles;
}

export interface EtcdctlFiles {
  /** The file's bytes, or undefined when there is no such file. */
  read(path: string): Uint8Array | undefined;
  write(path: string, data: Uint8Array): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

export class CommandContext {
  stdout = '';
  stderr = '';
  private display: Printer | undefined;
  private askedPassword = false;
  format: OutputFormat = 'simple';

  constructor(
    /** The whole command line (etcdctl's os.Args after the program name). */
    readonly argv: string[],
    readonly path: CommandSpec[],
    readonly args: string[],
    readonly argsLenAtDash: number,
    readonly flags: Map<string, FlagValue>,
    readonly changed: Set<string>,
    readonly client: EtcdClient,
    readonly io: EtcdctlIO,
  ) {}

  out = (s: string) => {
    if (s === '') return;
    this.stdout += s;
    this.io.write?.('stdout', s);
  };
  err = (s: string) => {
    if (s === '') return;
    this.stderr += s;
    this.io.write?.('stderr', s);
  };

  bool(name: string): boolean {
    return this.flags.get(name) === true;
  }
  str(name: string): string {
    return String(this.flags.get(name) ?? '');
  }
  int(name: string): number {
    return Number(this.flags.get(name) ?? 0);
  }

  /** etcdctl's mustClientFromCmd: ETCDCTL_* variables for unset global flags, then the printer. */
  mustClient(): { client: EtcdClient; call: CallOptions; display: Printer } {
    this.applyEnv();
    const endpoints = this.flags.get('endpoints') as string[];
    const call: CallOptions = this.callFor(endpoints[0] ?? '127.0.0.1:2379');
    const fmt = this.str('write-out');
    const hex = this.bool('hex');
    switch (fmt) {
      case 'simple':
        this.display = new SimplePrinter(this.out, { hex });
        break;
      case 'json':
        this.display = new JsonPrinter(this.out);
        break;
      case 'fields':
        this.display = new FieldsPrinter(this.out);
        break;
      case 'table':
        this.display = new TablePrinter();
        break;
      case 'protobuf':
        this.display = new ProtobufPrinter(this.out);
        break;
      default:
        throw new ExitError(ExitCode.BadFeature, 'unsupported output format');
    }
    this.format = fmt as OutputFormat;
    return { client: this.client, call, display: this.display };
  }

  private applyEnv(): void {
    const env = this.io.env ?? {};
    const fs = new FlagSet(GLOBAL_FLAGS);
    for (const f of GLOBAL_FLAGS) {
      const key = 'ETCDCTL_' + f.name.toUpperCase().replace(/-/g, '_');
      const v = env[key];
      if (v === undefined) continue;
      if (this.changed.has(f.name)) {
        const ts = this.io.now?.() ?? '0001-01-01 00:00:00.000000';
        throw new ExitError(
          1,
          'conflicting environment variable',
          `${ts} C | pkg/flags: conflicting environment variable "${key}" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)\n`,
        );
      }
      try {
        const parsed = fs.parse([`--${f.name}=${v}`]);
        this.flags.set(f.name, parsed.values.get(f.name)!);
      } catch (e) {
        if (!(e instanceof GoNumError) && !(e instanceof Error)) throw e;
        const ts = this.io.now?.() ?? '0001-01-01 00:00:00.000000';
        throw new ExitError(1, 'invalid environment variable', `${ts} C | pkg/flags: invalid value "${v}" for ${key}: ${(e as Error).message}\n`);
      }
    }
  }

  /** The --endpoints list, as given. */
  endpoints(): string[] {
    return this.flags.get('endpoints') as string[];
  }

  callFor(endpoint: string): CallOptions {
    const call: CallOptions = { endpoint, timeoutMs: (this.flags.get('command-timeout') as number) / 1e6 };
    const user = this.authConfig();
    if (user) call.user = user;
    return call;
  }

  /** etcdctl's authCfgFromCmd: --user NAME:PASSWORD, or --user NAME with --password. */
  private authConfig(): { name: string; password: string } | undefined {
    const userFlag = this.str('user');
    if (userFlag === '') return undefined;
    const passwordFlag = this.str('password');
    if (passwordFlag !== '') return { name: userFlag, password: passwordFlag };
    const i = userFlag.indexOf(':');
    if (i < 0) {
      // etcdctl asks the terminal for the password; there is none here, so it stays empty
      if (!this.askedPassword) this.passwordPrompt('Password: ');
      this.askedPassword = true;
      return { name: userFlag, password: '' };
    }
    return { name: userFlag.slice(0, i), password: userFlag.slice(i + 1) };
  }

  /**
   * A password prompt (speakeasy): the prompt on stdout; turning terminal echo off and on again runs
   * stty(1), which complains twice on stderr when stdin is not a terminal — never one here.
   */
  passwordPrompt(prompt: string): void {
    this.out(prompt + '\n');
    for (let i = 0; i < 2; i++) this.err("stty: 'standard input': Inappropriate ioctl for device\n");
  }

  /** Awaits a client call; server errors end the command as etcdctl does (rc 1, "Error: <desc>"). */
  async call<T>(p: () => Promise<T>, code: number = ExitCode.Error, wrap?: (msg: string) => string): Promise<T> {
    try {
      return await p();
    } catch (e) {
      if (e instanceof ExitError) throw e;
      const ee = asEtcdError(e);
      // clientv3 authenticates while connecting: a refusal there is a connection failure
      if (ee.phase === 'connect') throw new ExitError(ExitCode.BadConnection, ee.message);
      throw new ExitError(code, wrap ? wrap(ee.message) : ee.message);
    }
  }

  /** Runs a program as os/exec would: its output goes to ours; null = not found. */
  async exec(argv: string[], env: Record<string, string>): Promise<{ exitCode: number } | null> {
    const r = this.io.exec ? await this.io.exec(argv, { ...(this.io.env ?? {}), ...env }) : null;
    if (!r) return null;
    this.out(r.stdout);
    this.err(r.stderr);
    return { exitCode: r.exitCode };
  }

  /** The stdin text as etcdctl reads it (Go string of the bytes). */
  stdinText(): string {
    return fromUtf8(this.io.stdin ?? EMPTY);
  }
}

export { flagsOf };
