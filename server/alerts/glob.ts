/** `*` any run of characters, `?` one; everything else literal. A missing glob matches everything. */
export function globMatches(glob: string | null | undefined, value: string): boolean {
  if (glob === undefined || glob === null || glob === '' || glob === '*') return true;
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(value);
}
