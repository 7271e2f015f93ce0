// A confirmation carried from the page that did something to the page it leads to
// (e.g. "Topic orders created" shown on the new topic's page).
let pending = $state<string | undefined>();

export function flashNext(message: string): void {
  pending = message;
}

export function takeFlash(): string | undefined {
  const message = pending;
  pending = undefined;
  return message;
}
