// Reads an embedded file out of a PDF without a PDF library: enough of the file structure
// (ISO 32000-1 §7.3, §7.11.4) to find the file specification named NAME, follow /EF /F to its
// embedded file stream, and return the stream's bytes (inflated when /FlateDecode) with the
// /CheckSum (MD5) stored beside it. It handles the plain object layout that Trailview (pdfkit)
// writes, including incremental updates (the last definition of an object wins); a PDF rewritten
// with compressed object streams is refused with a clear message.
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';

export class PdfAttachmentError extends Error {}

export interface PdfAttachment {
  name: string;
  data: Buffer;
  /** MD5 (hex) the PDF stores for the file, and whether the bytes match it (null: none stored). */
  checksum: string | null;
  checksumMatches: boolean | null;
}

interface PdfObject {
  start: number;
  body: string;
}

export function extractAttachment(pdf: Buffer, name: string): PdfAttachment {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new PdfAttachmentError('not a PDF file (no %PDF- header)');
  const text = pdf.toString('latin1');
  const objects = indexObjects(text);
  const literal = `(${name.replace(/[()\\]/g, (c) => `\\${c}`)})`;
  let spec: PdfObject | undefined;
  for (const obj of objects.values()) {
    if (/\/Type\s*\/Filespec\b/.test(obj.body) && (obj.body.includes(`/F ${literal}`) || obj.body.includes(`/UF ${literal}`) || obj.body.includes(`/F${literal}`) || obj.body.includes(`/UF${literal}`))) spec = obj;
  }
  if (spec === undefined) {
    if (/\/Type\s*\/ObjStm\b/.test(text)) throw new PdfAttachmentError(`no file specification for ${name} found; this PDF keeps objects in compressed object streams, which was not written by Trailview`);
    throw new PdfAttachmentError(`the PDF has no embedded file named ${name}`);
  }
  const ef = /\/EF\s*<<\s*\/F\s+(\d+)\s+(\d+)\s+R/.exec(spec.body);
  if (ef === null) throw new PdfAttachmentError(`the file specification of ${name} has no /EF /F stream`);
  const stream = objects.get(`${ef[1]} ${ef[2]}`);
  if (stream === undefined) throw new PdfAttachmentError(`object ${ef[1]} ${ef[2]} (the stream of ${name}) is missing`);
  const data = streamData(pdf, text, stream, objects, name);
  const checksum = /\/CheckSum\s*\(([0-9a-fA-F]{32})\)/.exec(stream.body)?.[1]?.toLowerCase() ?? null;
  return { name, data, checksum, checksumMatches: checksum === null ? null : createHash('md5').update(data).digest('hex') === checksum };
}

/** "N G" → the object's last definition: offset of its dictionary and the text up to `stream`/`endobj`. */
function indexObjects(text: string): Map<string, PdfObject> {
  const objects = new Map<string, PdfObject>();
  const re = /(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const streamAt = text.indexOf('stream', start);
    const endAt = text.indexOf('endobj', start);
    const end = endAt < 0 ? text.length : streamAt >= 0 && streamAt < endAt ? streamAt : endAt;
    objects.set(`${m[1]} ${m[2]}`, { start, body: text.slice(start, end) });
  }
  return objects;
}

function streamData(pdf: Buffer, text: string, obj: PdfObject, objects: Map<string, PdfObject>, name: string): Buffer {
  const lengthRef = /\/Length\s+(\d+)\s+(\d+)\s+R/.exec(obj.body);
  let length: number;
  if (lengthRef !== null) {
    const target = objects.get(`${lengthRef[1]} ${lengthRef[2]}`);
    const value = target === undefined ? null : /^\s*(\d+)/.exec(target.body);
    if (value === null || value === undefined) throw new PdfAttachmentError(`the length of ${name}'s stream (object ${lengthRef[1]}) cannot be read`);
    length = Number(value[1]);
  } else {
    const direct = /\/Length\s+(\d+)/.exec(obj.body);
    if (direct === null) throw new PdfAttachmentError(`${name}'s stream has no /Length`);
    length = Number(direct[1]);
  }
  const keyword = obj.start + obj.body.length;
  if (text.slice(keyword, keyword + 6) !== 'stream') throw new PdfAttachmentError(`${name}'s object holds no stream`);
  let dataStart = keyword + 6;
  if (text[dataStart] === '\r') dataStart++;
  if (text[dataStart] === '\n') dataStart++;
  if (dataStart + length > pdf.length) throw new PdfAttachmentError(`${name}'s stream is cut off (${length} bytes declared, the file ends first)`);
  const raw = pdf.subarray(dataStart, dataStart + length);
  if (/\/Filter\s*\/FlateDecode\b/.test(obj.body)) {
    try {
      return inflateSync(raw);
    } catch (error) {
      throw new PdfAttachmentError(`${name}'s compressed stream is damaged: ${(error as Error).message}`);
    }
  }
  if (/\/Filter\b/.test(obj.body)) throw new PdfAttachmentError(`${name}'s stream uses a filter other than FlateDecode`);
  return Buffer.from(raw);
}
