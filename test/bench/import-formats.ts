// Import throughput per byte-stream format (issue 3, importers): the real fixture recordings,
// repeated with shifted times until each input is about BENCH_IMPORT_BYTES (default 50 MB), are
// imported end to end (detection, parsing, every event built); the baseline is reading the same
// files in 1 MiB chunks in the same run. Inputs live in a temporary directory, removed afterwards.
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileChunks } from '../../electron/services/importers/common/file-source.js';
import { openRecordings } from '../../electron/services/importers/open-recordings.js';
import { median, type BenchResult } from './bench-result.js';

// The fixtures beside the sources, whether this runs from test/bench/ or from build/test/bench/.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = [path.resolve(HERE, '../fixtures/recordings'), path.resolve(HERE, '../../../test/fixtures/recordings')].find((dir) =>
  existsSync(path.join(dir, 'rec-facts.json')),
) ?? path.resolve(HERE, '../fixtures/recordings');
const fixture = (...parts: string[]): Buffer => readFileSync(path.join(FIXTURES, ...parts));

interface Input {
  name: string;
  /** Files to import (and to read for the baseline). */
  files: string[];
}

async function writeAll(file: string, produce: (write: (chunk: string | Buffer) => Promise<void>) => Promise<void>): Promise<void> {
  const out: WriteStream = createWriteStream(file, { highWaterMark: 1 << 20 });
  const write = async (chunk: string | Buffer): Promise<void> => {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await produce(write);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const lines = (buf: Buffer): string[] => buf.toString('utf8').split('\n').filter((l) => l !== '');

async function asciicast(dir: string, bytes: number): Promise<Input> {
  const [header, ...events] = lines(fixture('asciicast', 'session.cast'));
  const parsed = events.map((l) => JSON.parse(l) as [number, string, string]);
  const span = (parsed[parsed.length - 1]?.[0] ?? 1) + 1;
  const file = path.join(dir, 'big.cast');
  await writeAll(file, async (write) => {
    await write(`${header}\n`);
    let written = 0;
    for (let round = 0; written < bytes; round++) {
      for (const [t, code, data] of parsed) {
        const line = `[${(t + round * span).toFixed(6)}, ${JSON.stringify(code)}, ${JSON.stringify(data)}]\n`;
        written += line.length;
        await write(line);
      }
    }
  });
  return { name: 'asciicast v2, typed session', files: [file] };
}

async function tlog(dir: string, bytes: number): Promise<Input> {
  const messages = lines(fixture('tlog', 'session.tlog.jsonl')).map((l) => JSON.parse(l) as { id: number; pos: number; time: number });
  const last = messages[messages.length - 1] as { pos: number };
  const span = last.pos + 5000;
  const file = path.join(dir, 'big.tlog.jsonl');
  await writeAll(file, async (write) => {
    let written = 0;
    let id = 0;
    for (let round = 0; written < bytes; round++) {
      for (const m of messages) {
        const line = `${JSON.stringify({ ...m, id: ++id, pos: m.pos + round * span, time: Math.round(m.time * 1000 + round * span) / 1000 })}\n`;
        written += line.length;
        await write(line);
      }
    }
  });
  return { name: 'tlog JSON, typed session', files: [file] };
}

/** Repeats a timing file and its stream files: `entry(line)` says which stream a line takes bytes from. */
async function repeatTimed(
  timingLines: string[],
  streams: Record<string, Buffer>,
  outFiles: Record<string, string>,
  timingFile: string,
  bytes: number,
  header: (kind: string) => string = () => '',
): Promise<void> {
  const perRound = Object.values(streams).reduce((n, b) => n + b.length, 0) + timingLines.reduce((n, l) => n + l.length + 1, 0);
  const rounds = Math.max(1, Math.ceil(bytes / perRound));
  await writeAll(timingFile, async (write) => {
    for (let r = 0; r < rounds; r++) for (const l of timingLines) await write(`${l}\n`);
  });
  for (const [kind, data] of Object.entries(streams)) {
    await writeAll(outFiles[kind] as string, async (write) => {
      await write(header(kind));
      for (let r = 0; r < rounds; r++) await write(data);
    });
  }
}

async function sudo(dir: string, bytes: number): Promise<Input> {
  const src = path.join(FIXTURES, 'sudo', 'iolog', '00', '00', '01');
  const session = path.join(dir, 'iolog', '00', '00', '01');
  await mkdir(session, { recursive: true });
  const timing = lines(readFileSync(path.join(src, 'timing'))).filter((l) => !l.startsWith('5 '));
  await repeatTimed(timing, { ttyout: readFileSync(path.join(src, 'ttyout')), ttyin: readFileSync(path.join(src, 'ttyin')) }, { ttyout: path.join(session, 'ttyout'), ttyin: path.join(session, 'ttyin') }, path.join(session, 'timing'), bytes);
  for (const name of ['log', 'log.json']) await writeAll(path.join(session, name), async (write) => write(readFileSync(path.join(src, name))));
  return { name: 'sudo I/O log, typed session', files: [path.join(dir, 'iolog')] };
}

async function scriptAdvanced(dir: string, bytes: number): Promise<Input> {
  const timing = lines(fixture('script', 'adv.timing'));
  const head = timing.filter((l) => l.startsWith('H ') && !/DURATION|EXIT_CODE/.test(l)).map((l) => l.replace(/(LOG) .*\//, '$1 '));
  const body = timing.filter((l) => !l.startsWith('H ') && !l.startsWith('S '));
  const io = fixture('script', 'adv.io');
  const data = io.subarray(io.indexOf(0x0a) + 1, io.lastIndexOf('\nScript done on '));
  const t = path.join(dir, 'adv.timing');
  await writeAll(t, async (write) => {
    for (const l of head) await write(`${l}\n`);
  });
  const rounds = Math.ceil(bytes / (data.length + body.reduce((n, l) => n + l.length + 1, 0)));
  await writeAll(t, async (write) => {
    for (const l of head) await write(`${l}\n`);
    for (let r = 0; r < rounds; r++) for (const l of body) await write(`${l}\n`);
  });
  await writeAll(path.join(dir, 'adv.io'), async (write) => {
    await write(io.subarray(0, io.indexOf(0x0a) + 1));
    for (let r = 0; r < rounds; r++) await write(data);
  });
  return { name: 'script advanced, typed session', files: [t, path.join(dir, 'adv.io')] };
}

async function scriptClassic(dir: string, bytes: number): Promise<Input> {
  const ts = fixture('script', 'classic.typescript');
  const header = ts.subarray(0, ts.indexOf(0x0a) + 1).toString('latin1');
  const data = ts.subarray(header.length, ts.lastIndexOf('\nScript done on '));
  await repeatTimed(lines(fixture('script', 'classic.timing')), { out: data }, { out: path.join(dir, 'c.typescript') }, path.join(dir, 'c.timing'), bytes, () => header);
  return { name: 'script classic, typed session', files: [path.join(dir, 'c.timing'), path.join(dir, 'c.typescript')] };
}

async function ttyrec(dir: string, bytes: number): Promise<Input> {
  const src = fixture('ttyrec', 'session.ttyrec');
  const first = src.readUInt32LE(0);
  const span = src.readUInt32LE(src.length - (src.length - lastRecordOffset(src))) - first + 5;
  const file = path.join(dir, 'big.ttyrec');
  await writeAll(file, async (write) => {
    for (let round = 0, written = 0; written < bytes; round++) {
      const copy = Buffer.from(src);
      for (let at = 0; at + 12 <= copy.length; at += 12 + copy.readUInt32LE(at + 8)) copy.writeUInt32LE(copy.readUInt32LE(at) + round * span, at);
      written += copy.length;
      await write(copy);
    }
  });
  return { name: 'ttyrec, typed session', files: [file] };
}

// ---- output-heavy inputs: the same terminal output written 4 KiB at a time (`cat` of a big file) ----
const WRITE = 4096;

/** The fixture's output stream repeated to `bytes`, cut into 4 KiB writes. */
function* bigWrites(bytes: number): Generator<Buffer> {
  const out = fixture('ttyrec', 'ttyplay-n.out');
  const block = Buffer.concat(Array.from({ length: Math.ceil((WRITE * 64) / out.length) }, () => out));
  for (let written = 0; written < bytes; ) {
    for (let at = 0; at + WRITE <= block.length && written < bytes; at += WRITE, written += WRITE) yield block.subarray(at, at + WRITE);
  }
}

async function asciicastBulk(dir: string, bytes: number): Promise<Input> {
  const file = path.join(dir, 'bulk.cast');
  await writeAll(file, async (write) => {
    await write('{"version": 2, "width": 100, "height": 30, "timestamp": 1795240361}\n');
    let t = 0;
    for (const chunk of bigWrites(bytes)) await write(`[${((t += 0.0001)).toFixed(6)}, "o", ${JSON.stringify(chunk.toString('utf8'))}]\n`);
  });
  return { name: 'asciicast v2, 4 KiB writes', files: [file] };
}

async function sudoBulk(dir: string, bytes: number): Promise<Input> {
  const session = path.join(dir, 'iolog', '00', '00', '01');
  await mkdir(session, { recursive: true });
  const src = path.join(FIXTURES, 'sudo', 'iolog', '00', '00', '01');
  for (const name of ['log', 'log.json']) await writeAll(path.join(session, name), async (write) => write(readFileSync(path.join(src, name))));
  await writeAll(path.join(session, 'ttyout'), async (write) => {
    for (const chunk of bigWrites(bytes)) await write(chunk);
  });
  await writeAll(path.join(session, 'timing'), async (write) => {
    for (const _chunk of bigWrites(bytes)) await write(`4 0.000100000 ${WRITE}\n`);
  });
  return { name: 'sudo I/O log, 4 KiB writes', files: [path.join(dir, 'iolog')] };
}

async function scriptBulk(dir: string, bytes: number): Promise<Input> {
  const ts = fixture('script', 'classic.typescript');
  await writeAll(path.join(dir, 'b.typescript'), async (write) => {
    await write(ts.subarray(0, ts.indexOf(0x0a) + 1));
    for (const chunk of bigWrites(bytes)) await write(chunk);
  });
  await writeAll(path.join(dir, 'b.timing'), async (write) => {
    for (const _chunk of bigWrites(bytes)) await write(`0.000100 ${WRITE}\n`);
  });
  return { name: 'script classic, 4 KiB writes', files: [path.join(dir, 'b.timing'), path.join(dir, 'b.typescript')] };
}

async function ttyrecBulk(dir: string, bytes: number): Promise<Input> {
  const file = path.join(dir, 'bulk.ttyrec');
  await writeAll(file, async (write) => {
    let usec = 0;
    let sec = 1_795_240_362;
    for (const chunk of bigWrites(bytes)) {
      const header = Buffer.alloc(12);
      usec += 100;
      if (usec >= 1_000_000) [sec, usec] = [sec + 1, usec - 1_000_000];
      header.writeUInt32LE(sec, 0);
      header.writeUInt32LE(usec, 4);
      header.writeUInt32LE(chunk.length, 8);
      await write(header);
      await write(chunk);
    }
  });
  return { name: 'ttyrec, 4 KiB writes', files: [file] };
}

function lastRecordOffset(buf: Buffer): number {
  let last = 0;
  for (let at = 0; at + 12 <= buf.length; at += 12 + buf.readUInt32LE(at + 8)) last = at;
  return last;
}

async function filesBytes(files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    if ((await stat(f)).isDirectory()) {
      const session = path.join(f, '00', '00', '01');
      for (const name of ['timing', 'ttyout', 'ttyin', 'log', 'log.json']) if (existsSync(path.join(session, name))) out.push(path.join(session, name));
    } else out.push(f);
  }
  return out;
}

async function importOnce(files: string[]): Promise<{ ms: number; events: number; problems: number }> {
  const started = performance.now();
  const { recordings, problems } = await openRecordings(files);
  let events = 0;
  let count = problems.length;
  for (const recording of recordings) {
    for await (const _event of recording.events()) events++;
    count += recording.problems.length;
  }
  return { ms: performance.now() - started, events, problems: count };
}

async function readOnce(files: string[]): Promise<number> {
  const started = performance.now();
  let n = 0;
  for (const f of files) for await (const chunk of fileChunks(f)) n += chunk.length;
  if (n < 0) throw new Error('unreachable');
  return performance.now() - started;
}

export async function benchImportFormats(log: (line: string) => void = () => undefined): Promise<BenchResult[]> {
  const bytes = Number(process.env.BENCH_IMPORT_BYTES ?? 50e6);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const root = await mkdtemp(path.join(tmpdir(), 'tv-bench-import-'));
  const results: BenchResult[] = [];
  try {
    // The typed session (mostly one-byte echoes: the per-event cost) and output-heavy inputs (MB/s).
    const makers = [asciicast, tlog, sudo, scriptAdvanced, scriptClassic, ttyrec, asciicastBulk, sudoBulk, scriptBulk, ttyrecBulk];
    for (const make of makers) {
      const dir = path.join(root, `${make.name}-${makers.indexOf(make)}`);
      await mkdir(dir, { recursive: true });
      const input = await make(dir, bytes);
      const all = await filesBytes(input.files);
      let size = 0;
      for (const f of all) size += (await stat(f)).size;
      const importMs: number[] = [];
      const readMs: number[] = [];
      let events = 0;
      for (let r = 0; r < rounds; r++) {
        readMs.push(await readOnce(all));
        const result = await importOnce(input.files);
        if (result.problems > 0) throw new Error(`${input.name}: the generated input reported ${result.problems} problems`);
        importMs.push(result.ms);
        events = result.events;
      }
      const mbps = size / 1e6 / (median(importMs) / 1000);
      const readMbps = size / 1e6 / (median(readMs) / 1000);
      log(`  ${input.name}: ${(size / 1e6).toFixed(1)} MB, ${events} events, import ${importMs.map((m) => m.toFixed(0)).join('/')} ms, read ${readMs.map((m) => m.toFixed(0)).join('/')} ms`);
      results.push({
        name: `import ${input.name}`,
        value: mbps,
        unit: 'MB/s',
        baseline: { name: 'read the same files (1 MiB chunks)', value: readMbps },
        ratio: mbps / readMbps,
        note: `${(size / 1e6).toFixed(0)} MB, ${(events / (median(importMs) / 1000) / 1e6).toFixed(2)} M events/s, median of ${rounds}`,
      });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return results;
}
