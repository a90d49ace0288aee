// utmp/wtmp files have no magic number: they are recognised by their records. Every whole record
// in the head must look like a glibc `struct utmp` (type 0–9, zero padding, NUL-padded text in
// line/user/host, µs below a million, a time from 1980 on); a file whose size is a multiple of 384
// is more certain than one that is not (cut short, or bytes added). A head where a few records are
// damaged among many good ones is still claimed, with less confidence, so the importer can say
// which records are damaged instead of the file being skipped as unknown.
import { looksLikeRecord, RECORD_SIZE } from './record.js';

export function sniffUtmp(head: Buffer, size: number): number {
  const whole = Math.floor(head.length / RECORD_SIZE);
  if (size === 0 || whole === 0) return 0;
  let good = 0;
  let bad = 0;
  for (let i = 0; i < whole; i++) {
    const kind = looksLikeRecord(head.subarray(i * RECORD_SIZE, (i + 1) * RECORD_SIZE));
    if (kind === 'good') good++;
    else if (kind === 'bad') bad++;
  }
  const aligned = size % RECORD_SIZE === 0;
  if (good === 0) {
    // Nothing but zeroed slots: a utmp file nobody has logged into, or any zero-filled file.
    return bad === 0 && aligned ? 0.15 : 0;
  }
  if (bad === 0) {
    if (aligned) return good >= 2 ? 0.9 : 0.7;
    return good >= 2 ? 0.6 : 0.4;
  }
  // Some records damaged: still ours when most of them are good.
  return good >= 2 && good > bad ? 0.5 : 0;
}
