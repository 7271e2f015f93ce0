// Plain words for why the server refused an archive (plugins/archive/errors.ts codes). The server's own
// message, naming the archive and the entry at fault, is always shown under the headline.

const HEADLINES: Record<string, string> = {
  path_traversal: 'An entry would land outside the plugin folder',
  absolute_path: 'An entry has an absolute path',
  invalid_path: 'An entry has a path no file system should accept',
  link_entry: 'The archive contains a link',
  special_file: 'The archive contains a device or other special file',
  unsupported_entry: 'The archive contains an entry of an unsupported kind',
  duplicate_entry: 'Two entries claim the same path',
  too_many_entries: 'The archive has too many entries',
  too_large: 'The archive is too large',
  compression_ratio: 'The archive expands suspiciously far (a zip bomb?)',
  no_jar: 'There is no jar in the archive',
  unsupported_type: 'This is not a zip, tar.gz or jar',
  corrupt: 'The archive is damaged',
  truncated: 'The archive is cut short',
  invalid_multipart: 'The upload did not arrive as expected',
};

/** Codes that mean "someone built this archive to do harm", not "this is the wrong file". */
const HOSTILE = new Set(['path_traversal', 'absolute_path', 'invalid_path', 'link_entry', 'special_file', 'duplicate_entry', 'compression_ratio', 'too_many_entries']);

export interface Refusal {
  headline: string;
  hostile: boolean;
}

export function describeRefusal(code: string): Refusal {
  return { headline: HEADLINES[code] ?? 'The archive was refused', hostile: HOSTILE.has(code) };
}
