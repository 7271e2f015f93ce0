// What a template's blanks dialog starts with and keeps: defaults, then what was typed earlier in this session
// (a reload, Back or Cancel must not lose it). Secret blanks are never stored.
import type { ConnectorTemplate } from './types';

type Placeholder = ConnectorTemplate['placeholders'][number];
const PREFIX = 'connectory:template-blanks:';

/** A generated blank (a MySQL server id) is left empty on purpose: the server draws a fresh value. */
export const isMissing = (placeholder: Placeholder, value: string | undefined) => placeholder.required && !placeholder.generate && !value?.trim();

export function initialBlanks(key: string, placeholders: Placeholder[]): Record<string, string> {
  const kept = readKept(key);
  return Object.fromEntries(placeholders.map((placeholder) => [placeholder.name, (!placeholder.secret && kept[placeholder.name]) || (placeholder.default ?? '')]));
}

export function keepBlanks(key: string, placeholders: Placeholder[], values: Record<string, string>): void {
  const kept = Object.fromEntries(placeholders.filter((placeholder) => !placeholder.secret && values[placeholder.name]).map((placeholder) => [placeholder.name, values[placeholder.name]!]));
  try {
    sessionStorage.setItem(`${PREFIX}${key}`, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the dialog still works, it only forgets on leaving.
  }
}

function readKept(key: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(`${PREFIX}${key}`) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The hint under a blank: its description, and for a generated one why it may stay empty. */
export const blankHint = (placeholder: Placeholder) =>
  placeholder.generate ? `${placeholder.description ?? ''} Leave it blank for a fresh value per connector.`.trim() : (placeholder.description ?? undefined);

export const missingErrors = (placeholders: Placeholder[], values: Record<string, string>) =>
  Object.fromEntries(placeholders.filter((placeholder) => isMissing(placeholder, values[placeholder.name])).map((placeholder) => [placeholder.name, 'Fill this in: the template needs it.']));

/** Brings the first blank marked invalid into view and puts the cursor there: a long dialog hides it below. */
export function revealFirstError(container: HTMLElement | undefined): void {
  const first = container?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!first) return;
  first.scrollIntoView({ block: 'center' });
  first.focus({ preventScroll: true });
}
