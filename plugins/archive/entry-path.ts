import { ArchiveError, describe } from './errors';

/**
 * The entry's path as a plain relative path ("a/b/c.jar"), or an ArchiveError when it could land
 * outside the folder it is extracted into. Backslashes count as separators, so a Windows-made
 * "..\\x" is caught too. Returns "" for entries that name the root itself ("./").
 */
export function safeEntryPath(label: string, raw: string): string {
  if (raw.includes('\0')) throw new ArchiveError('invalid_path', `${describe(label, raw)}: the name contains a NUL byte`, raw);
  const path = raw.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    throw new ArchiveError('absolute_path', `${describe(label, raw)}: absolute paths are refused`, raw);
  }
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new ArchiveError('path_traversal', `${describe(label, raw)}: ".." would escape the extraction folder`, raw);
  }
  return segments.join('/');
}
