// Reading sql.js row values (unknown) into the contract's plain types, and the JSON columns the
// catalog keeps (signers, findings, problems). A value of an unexpected type becomes null rather
// than a lie: the catalog was checked on open, but the UI must never show a made-up value.
import type { TimeRange } from '../../core/api/contract.js';
import { formatTimestamp } from '../../core/timestamp.js';

export function str(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

export function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function numOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function timeRange(startUs: unknown, endUs: unknown): TimeRange | null {
  if (typeof startUs !== 'number' || typeof endUs !== 'number') return null;
  return { start: formatTimestamp(startUs), end: formatTimestamp(endUs), startUs, endUs };
}

/** A JSON list column; anything else (or unparsable text) is an empty list. */
export function jsonList(value: unknown): unknown[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

export function jsonObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function field(object: unknown, name: string): unknown {
  return typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[name] : undefined;
}

export const VERDICTS = ['verified', 'untrusted', 'unsigned', 'invalid', 'raw'] as const;
export type VerdictValue = (typeof VERDICTS)[number];

/** An unknown verdict string is shown as `invalid`: never green unless verified. */
export function verdict(value: unknown): VerdictValue {
  return (VERDICTS as readonly unknown[]).includes(value) ? (value as VerdictValue) : 'invalid';
}

export function severity(value: unknown): 'error' | 'warning' | 'note' {
  return value === 'warning' || value === 'note' ? value : 'error';
}
