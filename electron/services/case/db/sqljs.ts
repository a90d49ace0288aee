// Loads sql.js (SQLite compiled to WebAssembly) once per process. The .wasm file ships inside the
// npm package, so this works offline and in worker threads alike.
import { createRequire } from 'node:module';
import path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  if (loading === null) {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('sql.js/dist/sql-wasm.wasm'));
    loading = initSqlJs({ locateFile: (file: string) => path.join(dist, file) });
  }
  return loading;
}
