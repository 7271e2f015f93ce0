// Whether setting explanations are shown, remembered per user in this browser:
// a newcomer wants every setting explained, a regular wants a compact form.
import { session } from '../auth/session.svelte';

export class HelpPreference {
  /** Choices made on this page, by storage key; the stored one is read until then. */
  #choices = $state<Record<string, boolean>>({});

  constructor(
    private readonly form: string,
    /** Before the user chooses: long lists (hundreds of broker settings) start compact. */
    private readonly shownByDefault = true,
  ) {}

  get shown(): boolean {
    const key = this.#key();
    return this.#choices[key] ?? stored(key, this.shownByDefault);
  }

  set shown(value: boolean) {
    const key = this.#key();
    this.#choices[key] = value;
    try {
      localStorage.setItem(key, value ? 'shown' : 'hidden');
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  }

  #key(): string {
    return `connectory:help:${this.form}:${session.user?.id ?? 'anonymous'}`;
  }
}

function stored(key: string, fallback: boolean): boolean {
  try {
    const choice = localStorage.getItem(key);
    return choice === null ? fallback : choice === 'shown';
  } catch {
    return fallback;
  }
}

/** One instance per form kind, so every topic settings form shares the choice. */
export const topicSettingsHelp = new HelpPreference('topic-settings');
