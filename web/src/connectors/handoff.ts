// What one connector page hands to the next across a navigation: the message to show after a save, and a
// config rendered from a template for the form to start from. Kept in memory only: a reload drops them.

let pendingFlash: string | undefined;
export interface HandedConfig {
  config: Record<string, string>;
  /** Where it came from, e.g. the template's name. */
  origin: string;
}

let pendingConfig: (HandedConfig & { key: string }) | undefined;

export function handFlash(message: string): void {
  pendingFlash = message;
}

export function takeFlash(): string | undefined {
  const message = pendingFlash;
  pendingFlash = undefined;
  return message;
}

/** `key` ties the config to the form it is meant for (cluster and class), so another form never picks it up. */
export function handConfig(key: string, handed: HandedConfig): void {
  pendingConfig = { key, ...handed };
}

export function takeConfig(key: string): HandedConfig | undefined {
  if (pendingConfig?.key !== key) return undefined;
  const { config, origin } = pendingConfig;
  pendingConfig = undefined;
  return { config, origin };
}
