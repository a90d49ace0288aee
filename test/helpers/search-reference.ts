// A brute-force reference for the query language (docs/search.md): every row checked in plain
// TypeScript, no index, no SQL. Property tests compare the engine's results with it.
import type { Database } from 'sql.js';
import type { FieldFilter, ParsedQuery, TextNode } from '../../electron/core/search/query-ast.js';
import { asciiLower, tokenize } from '../../electron/core/search/tokens.js';

export interface RefRow {
  kind: 'command' | 'screen';
  id: number;
  tsUs: number;
  text: string;
  user: string | null;
  host: string | null;
  source: string | null;
  sessionKey: string;
  tty: string | null;
}

export function loadRows(db: Database): RefRow[] {
  const sessions = new Map<number, { key: string; user: string | null; host: string | null; tty: string | null }>();
  for (const [id, key, user, host, tty] of db.exec('SELECT id, session_key, user, host, tty FROM sessions')[0]?.values ?? []) {
    sessions.set(Number(id), { key: String(key), user: user as string | null, host: host as string | null, tty: tty as string | null });
  }
  const rows: RefRow[] = [];
  for (const [id, sid, ts, text, user, host, source] of db.exec('SELECT id, session_id, ts_us, text, user, host, source FROM commands')[0]?.values ?? []) {
    const s = sessions.get(Number(sid));
    rows.push({ kind: 'command', id: Number(id), tsUs: Number(ts), text: String(text), user: user as string | null, host: host as string | null, source: String(source), sessionKey: s?.key ?? '', tty: s?.tty ?? null });
  }
  for (const [id, sid, ts, text] of db.exec('SELECT id, session_id, ts_us, text FROM screen_text')[0]?.values ?? []) {
    const s = sessions.get(Number(sid));
    rows.push({ kind: 'screen', id: Number(id), tsUs: Number(ts), text: String(text), user: s?.user ?? null, host: s?.host ?? null, source: null, sessionKey: s?.key ?? '', tty: s?.tty ?? null });
  }
  return rows;
}

function textMatches(node: TextNode, text: string): boolean {
  switch (node.type) {
    case 'term': {
      const t = tokenize(text);
      return t.some((x) => (node.prefix ? x.folded.startsWith(node.token) : x.folded === node.token));
    }
    case 'phrase': {
      const t = tokenize(text);
      const n = node.tokens.length;
      for (let i = 0; i + n <= t.length; i++) {
        let ok = true;
        for (let j = 0; j < n && ok; j++) {
          const got = t[i + j]?.folded ?? '';
          const want = node.tokens[j] ?? '';
          ok = j === n - 1 && node.prefix ? got.startsWith(want) : got === want;
        }
        if (ok) return true;
      }
      return false;
    }
    case 'substring':
      return asciiLower(text).includes(asciiLower(node.value));
    case 'not':
      return !textMatches(node.child, text);
    case 'and':
      return node.children.every((c) => textMatches(c, text));
    case 'or':
      return node.children.some((c) => textMatches(c, text));
  }
}

function fieldOf(row: RefRow, f: FieldFilter): string | null {
  switch (f.field) {
    case 'user':
      return row.user;
    case 'host':
      return row.host;
    case 'session':
      return row.sessionKey;
    case 'tty':
      return row.tty;
    case 'source':
      return row.source;
    case 'flag':
      throw new Error('the reference does not model flags');
  }
}

function filterMatches(row: RefRow, f: FieldFilter): boolean {
  if (f.field === 'source' && row.kind === 'screen') return f.negated;
  const v = fieldOf(row, f);
  const any = v !== null && f.values.some((x) => (x.prefix ? v.startsWith(x.value) : v === x.value));
  return f.negated ? !any : any;
}

/** The rows matching `q`, in time order (oldest first; commands before screens at the same time). */
export function referenceSearch(rows: readonly RefRow[], q: ParsedQuery): RefRow[] {
  return rows
    .filter((row) => {
      if (q.scope === 'commands' && row.kind !== 'command') return false;
      if (q.scope === 'screen' && row.kind !== 'screen') return false;
      if (q.after !== null && row.tsUs < q.after.us) return false;
      if (q.before !== null && row.tsUs >= q.before.us) return false;
      if (!q.filters.every((f) => filterMatches(row, f))) return false;
      return q.text === null || textMatches(q.text, row.text);
    })
    .sort((a, b) => a.tsUs - b.tsUs || (a.kind === b.kind ? a.id - b.id : a.kind === 'command' ? -1 : 1));
}
