/**
 * Builds plugin archives for tests, friendly and hostile: zips with yazl (names patched afterwards
 * where yazl would refuse them), tar.gz with a minimal ustar writer (so links, devices and "../"
 * can be written at all), jars with service manifests. Plus a file-tree snapshot to prove that a
 * refused archive changed nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';

export interface ZipItem {
  name: string;
  data?: Buffer | string;
  /** Unix mode including the file type bits (0o120777 makes a symlink whose target is `data`). */
  mode?: number;
  compress?: boolean;
  directory?: boolean;
}

/** yazl refuses "../x" and "/x" as names: write a same-length stand-in, then swap the bytes. */
export interface NamePatch {
  from: string;
  to: string;
}

export async function buildZip(items: ZipItem[], patches: NamePatch[] = []): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const item of items) {
    if (item.directory) zip.addEmptyDirectory(item.name, { mtime });
    else zip.addBuffer(Buffer.from(item.data ?? ''), item.name, { mtime, compress: item.compress ?? true, ...(item.mode !== undefined ? { mode: item.mode } : {}) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  let bytes: Buffer = Buffer.concat(chunks);
  for (const { from, to } of patches) bytes = replaceAll(bytes, from, to);
  return bytes;
}

function replaceAll(buffer: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error(`name patch must keep the length: ${from} -> ${to}`);
  const out = Buffer.from(buffer);
  let found = 0;
  for (let i = out.indexOf(a); i >= 0; i = out.indexOf(a, i + 1)) {
    b.copy(out, i);
    found += 1;
  }
  if (found === 0) throw new Error(`name patch: ${from} not found`);
  return out;
}

export interface JarSpec {
  /** META-INF/services/<interface> → classes */
  services?: Record<string, string[]>;
  /** Class names to add as (empty) .class entries. */
  classes?: string[];
  extra?: ZipItem[];
}

export const SOURCE_CONNECTOR = 'org.apache.kafka.connect.source.SourceConnector';
export const SINK_CONNECTOR = 'org.apache.kafka.connect.sink.SinkConnector';
export const CONVERTER = 'org.apache.kafka.connect.storage.Converter';
export const HEADER_CONVERTER = 'org.apache.kafka.connect.storage.HeaderConverter';
export const TRANSFORMATION = 'org.apache.kafka.connect.transforms.Transformation';
export const PREDICATE = 'org.apache.kafka.connect.transforms.predicates.Predicate';

export function buildJar(spec: JarSpec = {}): Promise<Buffer> {
  const items: ZipItem[] = [{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\r\n\r\n' }];
  for (const [iface, classes] of Object.entries(spec.services ?? {})) {
    items.push({ name: `META-INF/services/${iface}`, data: `# provided classes\n${classes.join('\n')}\n` });
  }
  for (const cls of spec.classes ?? []) items.push({ name: `${cls.replace(/\./g, '/')}.class`, data: Buffer.from([0xca, 0xfe, 0xba, 0xbe]) });
  return buildZip([...items, ...(spec.extra ?? [])]);
}

export type TarType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface TarItem {
  name: string;
  type?: TarType;
  data?: Buffer | string;
  linkname?: string;
  mode?: number;
  /** Declared size when it should differ from the data (a lying header). */
  size?: number;
}

const TYPEFLAG: Record<TarType, string> = { file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', directory: '5', fifo: '6' };

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A ustar header block: written by hand so nothing "helpfully" sanitises the hostile cases. */
function tarHeader(item: TarItem, size: number): Buffer {
  const block = Buffer.alloc(512);
  const type = item.type ?? 'file';
  block.write(item.name, 0, 100, 'utf8');
  block.write(octal(item.mode ?? (type === 'directory' ? 0o755 : 0o644), 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(1767225600, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(TYPEFLAG[type], 156, 'ascii');
  if (item.linkname) block.write(item.linkname, 157, 100, 'utf8');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

export function buildTar(items: TarItem[]): Buffer {
  const blocks: Buffer[] = [];
  for (const item of items) {
    const data = Buffer.from(item.data ?? '');
    const type = item.type ?? 'file';
    const size = type === 'file' ? (item.size ?? data.length) : 0;
    blocks.push(tarHeader(item, size));
    if (type === 'file' && data.length > 0) {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function buildTarGz(items: TarItem[]): Buffer {
  return gzipSync(buildTar(items));
}

export interface TreeEntry {
  type: 'file' | 'directory' | 'symlink' | 'other';
  size?: number;
  sha256?: string;
  target?: string;
}

/** Every path under `dir` with its type and content hash: compare before and after to prove nothing changed. */
export function snapshotTree(dir: string): Record<string, TreeEntry> {
  const result: Record<string, TreeEntry> = {};
  if (!existsSync(dir)) return result;
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      const rel = relative(dir, full);
      const info = lstatSync(full);
      if (info.isSymbolicLink()) result[rel] = { type: 'symlink', target: readlinkSync(full) };
      else if (info.isDirectory()) {
        result[rel] = { type: 'directory' };
        walk(full);
      } else if (info.isFile()) result[rel] = { type: 'file', size: info.size, sha256: createHash('sha256').update(readFileSync(full)).digest('hex') };
      else result[rel] = { type: 'other' };
    }
  };
  walk(dir);
  return result;
}

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
export const sha512Hex = (data: Buffer | string): string => createHash('sha512').update(data).digest('hex');
