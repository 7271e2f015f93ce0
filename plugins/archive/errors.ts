/**
 * Why an archive was refused. Each code is something a caller can show or test for; the message
 * names the archive and, where there is one, the entry at fault.
 */
export type ArchiveErrorCode =
  | 'unsupported_type'
  | 'corrupt'
  | 'truncated'
  | 'path_traversal'
  | 'absolute_path'
  | 'invalid_path'
  | 'link_entry'
  | 'special_file'
  | 'unsupported_entry'
  | 'duplicate_entry'
  | 'too_many_entries'
  | 'too_large'
  | 'compression_ratio'
  | 'no_jar';

export class ArchiveError extends Error {
  override name = 'ArchiveError';
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    /** The offending entry's name as written in the archive, when one is at fault. */
    readonly entry?: string,
  ) {
    super(message);
  }
}

export function isArchiveError(error: unknown): error is ArchiveError {
  return error instanceof ArchiveError;
}

/** `archive "x.zip": entry "../evil": ...` — every message starts by naming what it is about. */
export function describe(label: string, entry?: string): string {
  return entry === undefined ? `archive ${JSON.stringify(label)}` : `archive ${JSON.stringify(label)}: entry ${JSON.stringify(entry)}`;
}
