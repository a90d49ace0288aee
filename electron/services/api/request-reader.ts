// Validation of requests at the boundary: every field of every call is checked for presence and
// type before a handler sees it, and unknown fields are refused, so a typo in the UI (or a forged
// request in web mode) fails loudly with BAD_REQUEST naming the call and the field.
import { badRequest } from './api-error.js';

export class RequestReader {
  private readonly seen = new Set<string>();
  private readonly fields: Record<string, unknown>;

  constructor(
    private readonly call: string,
    raw: unknown,
  ) {
    if (raw === undefined || raw === null) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest(`${call}: the request must be a JSON object, not ${describe(raw)}`);
    this.fields = raw as Record<string, unknown>;
  }

  string(name: string, options: { maxLength?: number; nonEmpty?: boolean } = {}): string {
    const value = this.take(name);
    if (typeof value !== 'string') throw this.wrong(name, 'a string', value);
    return this.checkString(name, value, options);
  }

  optionalString(name: string, options: { maxLength?: number; nonEmpty?: boolean } = {}): string | undefined {
    const value = this.take(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.wrong(name, 'a string', value);
    return this.checkString(name, value, options);
  }

  integer(name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.take(name);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw this.wrong(name, 'a whole number', value);
    if (value < min || value > max) throw badRequest(`${this.call}: "${name}" must be between ${min} and ${max}, not ${value}`);
    return value;
  }

  optionalInteger(name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    return this.fields[name] === undefined ? (this.take(name), undefined) : this.integer(name, min, max);
  }

  boolean(name: string): boolean {
    const value = this.take(name);
    if (typeof value !== 'boolean') throw this.wrong(name, 'true or false', value);
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.fields[name] === undefined ? (this.take(name), undefined) : this.boolean(name);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.take(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw this.wrong(name, `one of ${allowed.join(', ')}`, value);
    return value as T;
  }

  stringArray(name: string, options: { maxItems: number; nonEmpty?: boolean; maxLength?: number }): string[] {
    const value = this.take(name);
    if (!Array.isArray(value)) throw this.wrong(name, 'a list of strings', value);
    if (options.nonEmpty === true && value.length === 0) throw badRequest(`${this.call}: "${name}" must not be empty`);
    if (value.length > options.maxItems) throw badRequest(`${this.call}: "${name}" holds ${value.length} items; at most ${options.maxItems} are accepted`);
    return value.map((item: unknown, i) => {
      if (typeof item !== 'string') throw this.wrong(`${name}[${i}]`, 'a string', item);
      return this.checkString(`${name}[${i}]`, item, { nonEmpty: true, ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}) });
    });
  }

  /** A nested object, read with its own reader (and the same strictness). */
  optionalObject(name: string): RequestReader | undefined {
    const value = this.take(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.wrong(name, 'an object', value);
    return new RequestReader(`${this.call}: "${name}"`, value);
  }

  /** Refuses fields the call does not know. Call last. */
  done(): void {
    const unknown = Object.keys(this.fields).filter((k) => !this.seen.has(k));
    if (unknown.length > 0) throw badRequest(`${this.call}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  }

  private take(name: string): unknown {
    this.seen.add(name);
    return Object.hasOwn(this.fields, name) ? this.fields[name] : undefined;
  }

  private checkString(name: string, value: string, options: { maxLength?: number; nonEmpty?: boolean }): string {
    if (options.nonEmpty === true && value === '') throw badRequest(`${this.call}: "${name}" must not be empty`);
    const max = options.maxLength ?? 1 << 20;
    if (value.length > max) throw badRequest(`${this.call}: "${name}" is ${value.length} characters long; at most ${max} are accepted`);
    if (value.includes('\u0000')) throw badRequest(`${this.call}: "${name}" contains a NUL character`);
    return value;
  }

  private wrong(name: string, expected: string, value: unknown) {
    return badRequest(`${this.call}: "${name}" must be ${expected}, not ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
