/** Bounds that keep a hostile or broken archive from exhausting disk, memory or time. */
export interface ArchiveLimits {
  /** Entries (files and directories) in the archive itself. */
  maxEntries: number;
  /** Sum of the uncompressed sizes of every entry. */
  maxTotalBytes: number;
  /** Uncompressed / compressed size, per zip entry and for the archive as a whole. */
  maxCompressionRatio: number;
  /** Below this many uncompressed bytes the ratio is not judged: tiny files compress absurdly well. */
  ratioThresholdBytes: number;
  /** A jar inside the archive is read into memory to look for service manifests; larger ones are only listed. */
  maxNestedJarBytes: number;
  /** Entries read inside one jar when looking for classes. */
  maxJarEntries: number;
  /** Service manifests and manifest.json are small text files. */
  maxTextFileBytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioThresholdBytes: 1024 * 1024,
  maxNestedJarBytes: 64 * 1024 * 1024,
  maxJarEntries: 200_000,
  maxTextFileBytes: 1024 * 1024,
};

export function withDefaults(limits: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
