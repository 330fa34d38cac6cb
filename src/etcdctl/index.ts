export { runEtcdctl, type EtcdctlResult, IMPLEMENTED_COMMANDS } from './run';
export { parse, type ParsedCommand, type ParseOutcome } from './parse';
export { tokenize, TokenizeError } from './tokenize';
export { completions, type Completion } from './completions';
export { type EtcdClient, type CallOptions, EtcdError, type GrpcCodeName } from './client';
export type { EtcdctlIO } from './context';
