// The record a rule is evaluated against: one command with its session's user and host. Field
// names follow Sigma's process_creation taxonomy where a command record has the same thing, plus
// Trailview's own short names (docs/rules.md, "Fields").
import { commandPrograms, type CommandPrograms } from './command-text.js';

export type SubjectField = 'command' | 'image' | 'parent' | 'user' | 'host' | 'cwd';

/** Field names accepted in rules (compared case-insensitively) and the subject field they read. */
export const FIELD_NAMES: Readonly<Record<string, SubjectField>> = {
  commandline: 'command',
  command: 'command',
  processcommandline: 'command',
  image: 'image',
  program: 'image',
  parentimage: 'parent',
  wrapper: 'parent',
  user: 'user',
  username: 'user',
  subjectusername: 'user',
  computer: 'host',
  computername: 'host',
  hostname: 'host',
  host: 'host',
  currentdirectory: 'cwd',
  cwd: 'cwd',
};

export interface CommandRecord {
  /** The command line as stored. */
  text: string;
  user: string | null;
  host: string | null;
  cwd: string | null;
}

/** A command prepared for matching: the normalised line, and the rest computed only when a rule asks. */
export class CommandSubject {
  private programs: CommandPrograms | null = null;
  private readonly user: string;
  private readonly host: string;
  private readonly cwd: string;

  constructor(
    /** normaliseCommand(text): lower-case, obfuscation removed. */
    readonly command: string,
    record: Readonly<Pick<CommandRecord, 'user' | 'host' | 'cwd'>>,
  ) {
    this.user = (record.user ?? '').toLowerCase();
    this.host = (record.host ?? '').toLowerCase();
    this.cwd = (record.cwd ?? '').toLowerCase();
  }

  /** Every value of a field (a line may run several programs: any of them matches). */
  values(field: SubjectField): readonly string[] {
    switch (field) {
      case 'command':
        return [this.command];
      case 'image':
        return this.programsOf().images;
      case 'parent':
        return this.programsOf().parents;
      case 'user':
        return [this.user];
      case 'host':
        return [this.host];
      case 'cwd':
        return [this.cwd];
    }
  }

  private programsOf(): CommandPrograms {
    this.programs ??= commandPrograms(this.command);
    return this.programs;
  }
}
