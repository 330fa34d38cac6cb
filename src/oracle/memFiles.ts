// The oracle runner's file system: the files etcdctl writes during one script (`snapshot save`
// into /tmp), kept in memory and shared by every command of the run.
import type { EtcdctlFiles } from '../etcdctl/context';

export class MemFiles implements EtcdctlFiles {
  private readonly files = new Map<string, Uint8Array>();

  read(path: string): Uint8Array | undefined {
    return this.files.get(path);
  }

  write(path: string, data: Uint8Array): void {
    this.files.set(path, data.slice());
  }

  rename(from: string, to: string): void {
    const data = this.files.get(from);
    if (data === undefined) throw new Error(`rename ${from} ${to}: no such file or directory`);
    this.files.delete(from);
    this.files.set(to, data);
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }
}
