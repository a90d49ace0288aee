// Text held as JS strings (asciicast's JSON strings, tlog's in_txt/out_txt) as stream fields.
// asciinema and tlog already decoded the bytes as UTF-8, so a string is what the file holds and
// what we import. A string with a lone surrogate (`"\ud800"`, written by neither tool) has no
// UTF-8 form; it is imported with U+FFFD in its place and the caller reports it.
import type { StreamFields } from '../../../core/records.js';

const ANY_SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(data: string): boolean {
  return ANY_SURROGATE.test(data) && LONE_SURROGATE.test(data);
}

export function textFields(data: string): { fields: StreamFields; lossy: boolean } {
  if (hasLoneSurrogate(data)) return { fields: { text: Buffer.from(data, 'utf8').toString('utf8') }, lossy: true };
  return { fields: { text: data }, lossy: false };
}
