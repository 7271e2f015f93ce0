// Per-user form preferences, kept in this browser: whether the plugin's documentation shows under each
// field. Keyed by username so people sharing a browser each keep their own choice.
import { session } from '../../auth/session.svelte';

const keyFor = (username: string) => `connectory.connector-form.help.${username}`;

function read(username: string | undefined): boolean {
  if (!username) return true;
  try {
    return localStorage.getItem(keyFor(username)) !== 'hidden';
  } catch {
    return true; // storage blocked: help stays on
  }
}

class FormPreferences {
  #help = $state<{ username: string | undefined; shown: boolean }>({ username: undefined, shown: true });

  get showHelp(): boolean {
    const username = session.user?.username;
    if (this.#help.username !== username) return read(username);
    return this.#help.shown;
  }

  set showHelp(shown: boolean) {
    const username = session.user?.username;
    this.#help = { username, shown };
    if (!username) return;
    try {
      localStorage.setItem(keyFor(username), shown ? 'shown' : 'hidden');
    } catch {
      // storage blocked: the choice lasts for this page only
    }
  }
}

export const formPreferences = new FormPreferences();
