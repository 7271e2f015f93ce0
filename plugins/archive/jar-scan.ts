import type yauzl from 'yauzl';
import { guessClassKind, emptyClassSets, parseServiceFile, SERVICE_INTERFACES, SERVICES_PREFIX, type ClassSets } from './classes';
import { readAll } from './entries';
import { ArchiveError, describe } from './errors';
import type { ArchiveLimits } from './limits';
import { entryName, openZip, zipError } from './zip-reader';

export interface JarFindings {
  /** Classes the jar declares in META-INF/services. */
  declared: ClassSets;
  /** Classes whose names look like plugin classes (the fallback). */
  guessed: ClassSets;
  entries: number;
}

function readEntryText(zip: yauzl.ZipFile, entry: yauzl.Entry, label: string, name: string, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(zipError(label, err, name));
      const tooLarge = () => new ArchiveError('too_large', `${describe(label, name)}: larger than ${maxBytes} bytes`, name);
      readAll(stream, maxBytes, tooLarge).then((buf) => resolve(buf.toString('utf8')), reject);
    });
  });
}

/**
 * Reads a jar's directory (and only its service manifests' bytes): which plugin classes it
 * declares, and which class names look like plugin classes. The jar is never extracted, so its
 * inner names cannot touch the file system and are not held to the path rules.
 */
export async function scanJar(source: string | Buffer, label: string, limits: ArchiveLimits): Promise<JarFindings> {
  const zip = await openZip(source, label);
  const findings: JarFindings = { declared: emptyClassSets(), guessed: emptyClassSets(), entries: 0 };
  return new Promise<JarFindings>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown, name?: string) => {
      if (failed) return;
      failed = true;
      if (zip.isOpen) zip.close();
      reject(zipError(label, err, name));
    };
    zip.on('error', (err) => fail(err));
    zip.on('end', () => {
      if (!failed) resolve(findings);
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      findings.entries += 1;
      if (findings.entries > limits.maxJarEntries) {
        return fail(new ArchiveError('too_many_entries', `${describe(label)}: more than ${limits.maxJarEntries} entries`));
      }
      const name = entryName(entry);
      const guess = guessClassKind(name);
      if (guess) findings.guessed[guess.kind].add(guess.className);
      const kind = name.startsWith(SERVICES_PREFIX) ? SERVICE_INTERFACES[name.slice(SERVICES_PREFIX.length)] : undefined;
      if (!kind || !entry.canDecodeFileData()) return zip.readEntry();
      readEntryText(zip, entry, label, name, limits.maxTextFileBytes).then(
        (text) => {
          parseServiceFile(text).forEach((c) => findings.declared[kind].add(c));
          zip.readEntry();
        },
        (err) => fail(err, name),
      );
    });
    zip.readEntry();
  });
}
