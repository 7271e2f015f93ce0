// Errors shown at a template's blanks: each stands only until its blank is changed, so filling one in clears it.

/** Errors at blanks, with the value each was given for: an error stands only until its blank is changed. */
export interface BlankErrors {
  messages: Record<string, string>;
  values: Record<string, string>;
}

export const noBlankErrors = (): BlankErrors => ({ messages: {}, values: {} });

export function blankErrors(messages: Record<string, string>, values: Record<string, string | undefined>): BlankErrors {
  return { messages, values: Object.fromEntries(Object.keys(messages).map((name) => [name, values[name] ?? ''])) };
}

/** The error to show at a blank now: none once the user has filled it in or changed it. */
export function liveError(errors: BlankErrors, name: string, value: string | undefined): string | undefined {
  const message = errors.messages[name];
  return message !== undefined && errors.values[name] === (value ?? '') ? message : undefined;
}
