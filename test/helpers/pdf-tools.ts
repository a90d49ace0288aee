// The poppler and qpdf command-line tools, for checking reports as a reader's tools see them.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function tool(command: string, args: string[]): Promise<ToolRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { maxBuffer: 64 << 20, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export async function pdfText(file: string, page?: number): Promise<string> {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const run = await tool('pdftotext', ['-layout', ...range, file, '-']);
  if (run.code !== 0) throw new Error(`pdftotext ${file}: ${run.stderr}`);
  return run.stdout;
}
