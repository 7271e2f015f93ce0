/**
 * Hostile archives: each one is refused with its own error code and a message naming the entry,
 * by inspection and by extraction alike, and the file system outside the staging folder is left
 * exactly as it was.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError, extractToStaging, inspectArchive, type ArchiveErrorCode, type ArchiveLimits } from '../../../plugins/archive';
import { buildJar, buildTarGz, buildZip, snapshotTree, SOURCE_CONNECTOR, type NamePatch, type TarItem, type ZipItem } from '../../support/archives';

let root: string;
let jar: Buffer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'archives-hostile-'));
  jar = await buildJar({ services: { [SOURCE_CONNECTOR]: ['io.example.Connector'] } });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Case {
  name: string;
  file: string;
  bytes: () => Promise<Buffer> | Buffer;
  code: ArchiveErrorCode;
  /** The entry the error must name (undefined: the archive as a whole). */
  entry?: string;
  message: RegExp;
  limits?: Partial<ArchiveLimits>;
}

const zip = (items: ZipItem[], patches: NamePatch[] = []) => () => buildZip(items, patches);
const withJar = (items: ZipItem[]): ZipItem[] => [{ name: 'plugin/connector.jar', data: jar, compress: false }, ...items];
const tgz = (items: TarItem[]) => () => buildTarGz(items);
const withJarTar = (items: TarItem[]): TarItem[] => [{ name: 'plugin/connector.jar', data: jar }, ...items];
const zeros = (bytes: number) => Buffer.alloc(bytes);

const CASES: Case[] = [
  {
    name: 'zip slip (../ in a zip entry)',
    file: 'slip.zip',
    bytes: zip(withJar([{ name: 'xx/evil.txt', data: 'owned' }]), [{ from: 'xx/evil.txt', to: '../evil.txt' }]),
    code: 'path_traversal',
    entry: '../evil.txt',
    message: /entry "\.\.\/evil\.txt": "\.\." would escape the extraction folder/,
  },
  {
    name: 'zip slip hidden in the middle of a path',
    file: 'slip-deep.zip',
    bytes: zip(withJar([{ name: 'lib/xx/xx/evil.jar', data: 'owned' }]), [{ from: 'lib/xx/xx/evil.jar', to: 'lib/../../evil.jar' }]),
    code: 'path_traversal',
    entry: 'lib/../../evil.jar',
    message: /lib\/\.\.\/\.\.\/evil\.jar/,
  },
  {
    name: 'zip slip with Windows separators',
    file: 'slip-windows.zip',
    bytes: zip(withJar([{ name: 'xx_evil.txt', data: 'owned' }]), [{ from: 'xx_evil.txt', to: '..\\evil.txt' }]),
    code: 'path_traversal',
    entry: '..\\evil.txt',
    message: /would escape/,
  },
  {
    name: 'tar slip (../ in a tar entry)',
    file: 'slip.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/../../evil.txt', data: 'owned' }])),
    code: 'path_traversal',
    entry: 'plugin/../../evil.txt',
    message: /would escape the extraction folder/,
  },
  {
    name: 'absolute path in a zip',
    file: 'absolute.zip',
    bytes: zip(withJar([{ name: '_tmp/evil.txt', data: 'owned' }]), [{ from: '_tmp/evil.txt', to: '/tmp/evil.txt' }]),
    code: 'absolute_path',
    entry: '/tmp/evil.txt',
    message: /entry "\/tmp\/evil\.txt": absolute paths are refused/,
  },
  {
    name: 'drive-letter path in a zip',
    file: 'drive.zip',
    bytes: zip(withJar([{ name: 'C_/evil.txt', data: 'owned' }]), [{ from: 'C_/evil.txt', to: 'C:/evil.txt' }]),
    code: 'absolute_path',
    entry: 'C:/evil.txt',
    message: /absolute paths are refused/,
  },
  {
    name: 'absolute path in a tar',
    file: 'absolute.tar.gz',
    bytes: tgz(withJarTar([{ name: '/etc/cron.d/evil', data: 'owned' }])),
    code: 'absolute_path',
    entry: '/etc/cron.d/evil',
    message: /absolute paths are refused/,
  },
  {
    name: 'symlink entry in a zip',
    file: 'symlink.zip',
    bytes: zip(withJar([{ name: 'plugin/link.jar', data: '/etc/passwd', mode: 0o120777 }])),
    code: 'link_entry',
    entry: 'plugin/link.jar',
    message: /entry "plugin\/link\.jar": symbolic links are refused/,
  },
  {
    name: 'symlink entry in a tar',
    file: 'symlink.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/etc', type: 'symlink', linkname: '/etc' }, { name: 'plugin/etc/evil', data: 'owned' }])),
    code: 'link_entry',
    entry: 'plugin/etc',
    message: /symbolic links are refused \(target "\/etc"\)/,
  },
  {
    name: 'hard link entry in a tar',
    file: 'hardlink.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/passwd', type: 'hardlink', linkname: '/etc/passwd' }])),
    code: 'link_entry',
    entry: 'plugin/passwd',
    message: /hard links are refused/,
  },
  {
    name: 'character device in a tar',
    file: 'device.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/null', type: 'char' }])),
    code: 'special_file',
    entry: 'plugin/null',
    message: /CharacterDevice entries are refused/,
  },
  {
    name: 'fifo in a tar',
    file: 'fifo.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/pipe', type: 'fifo' }])),
    code: 'special_file',
    entry: 'plugin/pipe',
    message: /FIFO entries are refused/,
  },
  {
    name: 'fifo in a zip',
    file: 'fifo.zip',
    bytes: zip(withJar([{ name: 'plugin/pipe', data: '', mode: 0o010644 }])),
    code: 'special_file',
    entry: 'plugin/pipe',
    message: /device, fifo and socket entries are refused/,
  },
  {
    name: 'zip bomb (an entry expanding 1000x)',
    file: 'bomb.zip',
    bytes: zip(withJar([{ name: 'plugin/bomb.txt', data: zeros(20 * 1024 * 1024) }])),
    code: 'compression_ratio',
    entry: 'plugin/bomb.txt',
    message: /expands \d+x .* over the limit of 100x — refusing a possible zip bomb/,
  },
  {
    name: 'gzip bomb (a tar.gz expanding 1000x)',
    file: 'bomb.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/bomb.txt', data: zeros(20 * 1024 * 1024) }])),
    code: 'compression_ratio',
    message: /the archive expands \d+x/,
  },
  {
    name: 'too many entries in a zip',
    file: 'many.zip',
    bytes: zip(withJar(Array.from({ length: 30 }, (_, i) => ({ name: `plugin/f${i}.txt`, data: 'x' })))),
    code: 'too_many_entries',
    message: /31 entries, over the limit of 20/,
    limits: { maxEntries: 20 },
  },
  {
    name: 'too many entries in a tar',
    file: 'many.tar.gz',
    bytes: tgz(withJarTar(Array.from({ length: 30 }, (_, i) => ({ name: `plugin/f${i}.txt`, data: 'x' })))),
    code: 'too_many_entries',
    message: /more than 20 entries/,
    limits: { maxEntries: 20 },
  },
  {
    name: 'uncompressed size over the limit (zip)',
    file: 'large.zip',
    bytes: zip(withJar([{ name: 'plugin/random.bin', data: randomBytes(2 * 1024 * 1024) }])),
    code: 'too_large',
    entry: 'plugin/random.bin',
    message: /uncompressed content exceeds 1048576 bytes/,
    limits: { maxTotalBytes: 1024 * 1024 },
  },
  {
    name: 'uncompressed size over the limit (tar.gz, counted while streaming)',
    file: 'large.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/random.bin', data: randomBytes(2 * 1024 * 1024) }])),
    code: 'too_large',
    message: /uncompressed content exceeds 1048576 bytes/,
    limits: { maxTotalBytes: 1024 * 1024 },
  },
  {
    name: 'a zip without any jar',
    file: 'nojar.zip',
    bytes: zip([{ name: 'plugin/README.md', data: 'nothing to run' }, { name: 'plugin/config.properties', data: 'a=b' }]),
    code: 'no_jar',
    message: /no \.jar file anywhere in the archive/,
  },
  {
    name: 'a tar.gz without any jar',
    file: 'nojar.tar.gz',
    bytes: tgz([{ name: 'plugin/README.md', data: 'nothing to run' }]),
    code: 'no_jar',
    message: /no \.jar file/,
  },
  {
    name: 'a truncated zip',
    file: 'truncated.zip',
    bytes: async () => {
      const whole = await buildZip(withJar([{ name: 'plugin/README.md', data: 'a line of text\n'.repeat(4096), compress: false }]));
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    code: 'truncated',
    message: /truncated or not a zip file/,
  },
  {
    name: 'a truncated tar.gz',
    file: 'truncated.tar.gz',
    bytes: () => {
      const whole = buildTarGz(withJarTar([{ name: 'plugin/README.md', data: 'a line of text\n'.repeat(4096) }]));
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    code: 'truncated',
    message: /truncated \(the data ends before the archive does\)/,
  },
  {
    name: 'a gzip that holds no tar',
    file: 'notar.tar.gz',
    bytes: () => gzipSync(Buffer.from('just some text, not a tar archive at all '.repeat(20))),
    code: 'corrupt',
    message: /is not a tar archive|corrupt tar\.gz/,
  },
  {
    name: 'an unsupported file type',
    file: 'document.pdf',
    bytes: () => Buffer.from('%PDF-1.7\n...'),
    code: 'unsupported_type',
    message: /not a zip, tar\.gz or jar/,
  },
  {
    name: 'an empty file',
    file: 'empty.zip',
    bytes: () => Buffer.alloc(0),
    code: 'corrupt',
    message: /the file is empty/,
  },
  {
    name: 'two entries for one path (which copy would win?)',
    file: 'duplicate.tar.gz',
    bytes: tgz(withJarTar([{ name: 'plugin/connector.jar', data: 'a replacement' }])),
    code: 'duplicate_entry',
    entry: 'plugin/connector.jar',
    message: /clashes with another entry of the same path/,
  },
];

function expectRefusal(error: unknown, c: Case): void {
  expect(error, `${c.name}: should be refused`).toBeInstanceOf(ArchiveError);
  const refused = error as ArchiveError;
  expect(refused.code, `${c.name}: ${refused.message}`).toBe(c.code);
  expect(refused.message).toMatch(c.message);
  expect(refused.message).toMatch(new RegExp(`^archive "${c.file.replace(/\./g, '\\.')}"`));
  if (c.entry !== undefined) {
    expect(refused.entry).toBe(c.entry);
    expect(refused.message).toContain(`entry ${JSON.stringify(c.entry)}`);
  }
}

describe('hostile archives', () => {
  it.each(CASES)('inspection refuses $name', async (c) => {
    const dir = join(root, 'inspect', c.file);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, c.file);
    writeFileSync(file, await c.bytes());
    const error = await inspectArchive(file, { filename: c.file, ...(c.limits ? { limits: c.limits } : {}) }).catch((e: unknown) => e);
    expectRefusal(error, c);
  });

  it.each(CASES)('extraction refuses $name and changes nothing outside staging', async (c) => {
    // a little world around the staging folder: the plugin path with an installed plugin, a file
    // next to it, and the archive itself
    const world = join(root, 'extract', c.file);
    mkdirSync(join(world, 'plugins', 'installed'), { recursive: true });
    writeFileSync(join(world, 'plugins', 'installed', 'old.jar'), 'old');
    writeFileSync(join(world, 'evil.txt'), 'untouched');
    mkdirSync(join(world, 'staging'));
    const file = join(world, c.file);
    writeFileSync(file, await c.bytes());
    const before = snapshotTree(world);

    const error = await extractToStaging(file, {
      stagingParent: join(world, 'staging'),
      filename: c.file,
      ...(c.limits ? { limits: c.limits } : {}),
    }).catch((e: unknown) => e);

    expectRefusal(error, c);
    expect(snapshotTree(world)).toEqual(before);
  });
});
