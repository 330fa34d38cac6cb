import { describe, expect, it } from 'vitest';
import { EMBED_PROTOCOL_VERSION, originAllowed, parseAllowedOrigins, parseCommand } from './protocol';

const V = EMBED_PROTOCOL_VERSION;

describe('embed protocol', () => {
  it('ignores messages that are not ours', () => {
    expect(parseCommand('next')).toEqual({ kind: 'foreign' });
    expect(parseCommand({ type: 'next' })).toEqual({ kind: 'foreign' });
    expect(parseCommand(null)).toEqual({ kind: 'foreign' });
  });

  it('parses every command and keeps the id', () => {
    expect(parseCommand({ etcdscope: V, type: 'next', id: 7 })).toEqual({ kind: 'command', id: 7, command: { type: 'next' } });
    expect(parseCommand({ etcdscope: V, type: 'goto', step: 3 })).toMatchObject({ command: { type: 'goto', step: 3 } });
    expect(parseCommand({ etcdscope: V, type: 'run', line: 'get foo', id: 'a' })).toEqual({ kind: 'command', id: 'a', command: { type: 'run', line: 'get foo', stdin: undefined } });
    expect(parseCommand({ etcdscope: V, type: 'setLang', lang: 'zh-CN' })).toMatchObject({ command: { type: 'setLang', lang: 'zh-CN' } });
    for (const type of ['hello', 'play', 'pause', 'back', 'restart']) expect(parseCommand({ etcdscope: V, type })).toMatchObject({ kind: 'command', command: { type } });
  });

  it('answers bad input with a clear error', () => {
    expect(parseCommand({ etcdscope: 2, type: 'next', id: 1 })).toEqual({ kind: 'bad', id: 1, error: expect.stringMatching(/unsupported protocol version 2/) });
    expect(parseCommand({ etcdscope: V, type: 'goto', step: -1 })).toMatchObject({ kind: 'bad', error: expect.stringMatching(/step number/) });
    expect(parseCommand({ etcdscope: V, type: 'goto', step: 1.5 })).toMatchObject({ kind: 'bad' });
    expect(parseCommand({ etcdscope: V, type: 'run', line: '  ' })).toMatchObject({ kind: 'bad', error: expect.stringMatching(/etcdctl line/) });
    expect(parseCommand({ etcdscope: V, type: 'run', line: 'x'.repeat(5000) })).toMatchObject({ kind: 'bad' });
    expect(parseCommand({ etcdscope: V, type: 'setLang', lang: 'fr' })).toMatchObject({ kind: 'bad' });
    expect(parseCommand({ etcdscope: V, type: 'eval', code: '1' })).toMatchObject({ kind: 'bad', error: expect.stringMatching(/unknown command/) });
    expect(parseCommand({ etcdscope: V, type: 'next', id: { x: 1 } })).toEqual({ kind: 'command', id: undefined, command: { type: 'next' } });
  });

  it('keeps only well-formed origins in the allow list', () => {
    expect(parseAllowedOrigins('https://docs.example.com, http://localhost:8080/,javascript:alert(1),https://a.b/path,*')).toEqual([
      'https://docs.example.com',
      'http://localhost:8080',
    ]);
    expect(parseAllowedOrigins(null)).toEqual([]);
  });

  it('obeys listed origins only, or binds to the first origin that says hello', () => {
    expect(originAllowed('https://docs.example.com', ['https://docs.example.com'], null)).toBe(true);
    expect(originAllowed('https://evil.example', ['https://docs.example.com'], null)).toBe(false);
    expect(originAllowed('https://a.example', [], null)).toBe(true);
    expect(originAllowed('https://b.example', [], 'https://a.example')).toBe(false);
    expect(originAllowed('null', [], null)).toBe(false);
  });
});
