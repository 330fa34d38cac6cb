// Flags as spf13/pflag defines and parses them (etcdctl 3.4 is built on cobra + pflag): long
// `--name=value` / `--name value`, bool flags without a value, shorthands `-w json` / `-wjson` /
// `-w=json`, `--` ends the flags, and flags may come after positional arguments. Error strings are
// pflag's.

import { GoNumError, goDurationString, goParseBool, goParseDuration, goParseInt, goQuote, goQuoteRune } from './goFormat';

export type FlagType = 'bool' | 'string' | 'int' | 'uint' | 'duration' | 'stringSlice';
export type FlagValue = boolean | string | number | string[];

export interface FlagSpec {
  name: string;
  shorthand?: string;
  type: FlagType;
  /** Default as a typed value; its text form is pflag's DefValue. */
  def: FlagValue;
  usage: string;
}

export class FlagError extends Error {
  override name = 'FlagError';
}

/** pflag's DefValue text of a flag. */
export function defValueText(f: FlagSpec): string {
  switch (f.type) {
    case 'bool':
      return f.def ? 'true' : 'false';
    case 'duration':
      return goDurationString(f.def as number);
    case 'stringSlice':
      return `[${(f.def as string[]).join(',')}]`;
    default:
      return String(f.def);
  }
}

export function parseFlagValue(f: FlagSpec, raw: string, prev: FlagValue, changed: boolean): FlagValue {
  switch (f.type) {
    case 'bool':
      return goParseBool(raw);
    case 'string':
      return raw;
    case 'int':
      return goParseInt(raw, 0);
    case 'uint':
      return goParseInt(raw, 0, 'ParseUint');
    case 'duration':
      return goParseDuration(raw);
    case 'stringSlice': {
      const items = raw === '' ? [] : raw.split(',');
      // the first use replaces the default, later uses append
      return changed ? [...(prev as string[]), ...items] : items;
    }
  }
}

export interface ParsedFlags {
  values: Map<string, FlagValue>;
  changed: Set<string>;
  args: string[];
  /** Index in args where `--` was seen, or -1. */
  argsLenAtDash: number;
}

export class FlagSet {
  private byName = new Map<string, FlagSpec>();
  private byShort = new Map<string, FlagSpec>();

  constructor(specs: FlagSpec[]) {
    for (const f of specs) {
      this.byName.set(f.name, f);
      if (f.shorthand) this.byShort.set(f.shorthand, f);
    }
  }

  lookup(name: string): FlagSpec | undefined {
    return this.byName.get(name);
  }

  lookupShort(c: string): FlagSpec | undefined {
    return this.byShort.get(c);
  }

  /** Parses argv; throws FlagError with pflag's message. */
  parse(argv: string[]): ParsedFlags {
    const values = new Map<string, FlagValue>();
    for (const f of this.byName.values()) values.set(f.name, Array.isArray(f.def) ? [...f.def] : f.def);
    const changed = new Set<string>();
    const args: string[] = [];
    let argsLenAtDash = -1;
    const set = (f: FlagSpec, raw: string, shown: string) => {
      try {
        values.set(f.name, parseFlagValue(f, raw, values.get(f.name)!, changed.has(f.name)));
      } catch (e) {
        if (e instanceof GoNumError) throw new FlagError(`invalid argument ${goQuote(raw)} for ${goQuote(shown)} flag: ${e.message}`);
        throw e;
      }
      changed.add(f.name);
    };
    const shownName = (f: FlagSpec) => (f.shorthand ? `-${f.shorthand}, --${f.name}` : `--${f.name}`);
    let rest = argv.slice();
    while (rest.length > 0) {
      const s = rest.shift()!;
      if (s.length <= 1 || s[0] !== '-') {
        args.push(s);
        continue;
      }
      if (s[1] === '-') {
        if (s.length === 2) {
          argsLenAtDash = args.length;
          args.push(...rest);
          break;
        }
        const body = s.slice(2);
        if (body[0] === '-' || body[0] === '=') throw new FlagError(`bad flag syntax: ${s}`);
        const eq = body.indexOf('=');
        const name = eq >= 0 ? body.slice(0, eq) : body;
        const f = this.byName.get(name);
        if (!f) throw new FlagError(`unknown flag: --${name}`);
        let raw: string;
        if (eq >= 0) raw = body.slice(eq + 1);
        else if (f.type === 'bool') raw = 'true';
        else if (rest.length > 0) raw = rest.shift()!;
        else throw new FlagError(`flag needs an argument: ${s}`);
        set(f, raw, shownName(f));
        continue;
      }
      let shorts = s.slice(1);
      while (shorts.length > 0) {
        const c = shorts[0]!;
        const f = this.byShort.get(c);
        if (!f) throw new FlagError(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorts}`);
        let raw: string;
        if (shorts.length > 2 && shorts[1] === '=') {
          raw = shorts.slice(2);
          shorts = '';
        } else if (f.type === 'bool') {
          raw = 'true';
          shorts = shorts.slice(1);
        } else if (shorts.length > 1) {
          raw = shorts.slice(1);
          shorts = '';
        } else if (rest.length > 0) {
          raw = rest.shift()!;
          shorts = '';
        } else throw new FlagError(`flag needs an argument: ${goQuoteRune(c)} in -${shorts}`);
        set(f, raw, shownName(f));
      }
    }
    return { values, changed, args, argsLenAtDash };
  }

  specs(): FlagSpec[] {
    return [...this.byName.values()];
  }
}
