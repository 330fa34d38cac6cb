export interface NormalizeOptions {
  members?: [string, bigint][];
  clusterId?: bigint | string | null;
  revisions?: boolean;
  stripClientLogs?: boolean;
}
export function normalize(text: string, opts?: NormalizeOptions): string;
