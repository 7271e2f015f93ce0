/** Kafka prints a topic id (a 128-bit UUID) as unpadded base64url; the zero id means "none". */
export function topicIdToString(bytes: Buffer): string {
  return bytes.every((byte) => byte === 0) ? '' : bytes.toString('base64url');
}
