// The state behind the connector form: one config object that the generated form and the JSON editor
// both edit, the plugin's definition that shapes the form, and the plugin's validation of the config.
import { ApiError, asApiError } from '../../lib/api';
import { createConnector, pluginDefinition, putConnector, validateConfig } from '../api';
import { clearDraft, isSecret, saveDraft } from './draft';
import type { ConfigKeyDefinition, ConfigValidation, ConnectorConfig, PluginDefinition, ValidationProblem, WriteResult } from '../types';

/** How long after the last keystroke a config that was already validated is validated again. */
const REVALIDATE_MS = 500;

export type EditorMode = 'create' | 'edit';

export interface EditorOptions {
  mode: EditorMode;
  connectId: string;
  config: ConnectorConfig;
  /** May the user validate (it needs connector:write, since plugins may reach out to their systems)? */
  canValidate: boolean;
  /** Where the create form keeps its draft (sessionStorage), secrets excepted; see draft.ts. */
  draftKey?: string;
}

export class ConnectorEditor {
  readonly mode: EditorMode;
  readonly connectId: string;
  readonly #canValidate: boolean;
  /** The connector's name as stored on Connect; fixed when editing. */
  readonly storedName: string | undefined;

  config = $state<ConnectorConfig>({});
  definition = $state<PluginDefinition | undefined>();
  definitionError = $state<ApiError | undefined>();
  validation = $state<ConfigValidation | undefined>();
  /** Field errors show once the user asked for a validation (or tried to save), not while they first type. */
  showErrors = $state(false);
  busy = $state<'validating' | 'saving' | undefined>();
  problem = $state<string | undefined>();
  /** Creating: a connector by this name exists already (Validate or the create call said so); the form links to it. */
  existing = $state<string | undefined>();
  /** Something typed that is not saved yet: leaving the page asks first. */
  dirty = $state(false);
  readonly #draftKey: string | undefined;
  #saveErrors = $state<Record<string, string[]>>({});
  /** Keys a validation said need a value: many plugins (Debezium) check this themselves, so their definition does not say it. */
  #learnedRequired = $state<string[]>([]);
  #validations = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: EditorOptions) {
    this.mode = options.mode;
    this.connectId = options.connectId;
    this.#canValidate = options.canValidate;
    this.config = { ...options.config };
    this.storedName = options.mode === 'edit' ? options.config.name : undefined;
    this.#draftKey = options.draftKey;
  }

  /** Settings other connectors on the cluster already use (server id, topic prefix, slot, publication). */
  get warnings(): ConfigValidation['warnings'] {
    return this.validation?.warnings ?? [];
  }

  /** Secrets typed in this form: a draft never keeps them, so leaving loses them. */
  get hasSecrets(): boolean {
    return Object.entries(this.config).some(([key, value]) => value !== '' && isSecret(key, this.definition));
  }

  get pluginClass(): string {
    return this.config['connector.class'] ?? '';
  }

  get name(): string {
    return (this.mode === 'edit' ? this.storedName : this.config.name)?.trim() ?? '';
  }

  /** Definitions the validation added for keys the static definition lacks (transforms.*, predicates.*). */
  get extraKeys(): ConfigKeyDefinition[] {
    return this.validation?.fields.map((field) => field.definition) ?? [];
  }

  /** Every error on screen, one per message, in field order: the plugin's validation, then what the save was refused for. */
  get problems(): ValidationProblem[] {
    if (!this.showErrors) return [];
    const found = [...(this.validation?.problems ?? [])];
    for (const [field, errors] of Object.entries(this.#saveErrors)) {
      for (const message of errors) {
        if (!found.some((problem) => problem.field === field && problem.message === message)) found.push({ field, message, hint: null, connection: false, missing: false });
      }
    }
    return found;
  }

  /** Errors about reaching or signing in to the external system: they belong to the connection settings, not the one field the plugin named. */
  get connectionProblems(): ValidationProblem[] {
    return this.problems.filter((problem) => problem.connection);
  }

  /** A field's own errors (connection errors show on its group instead). */
  errorsFor(key: string): string[] {
    return [...new Set(this.problems.filter((problem) => problem.field === key && !problem.connection).map((problem) => problem.message))];
  }

  get errorKeys(): string[] {
    return [...new Set(this.problems.filter((problem) => !problem.connection).map((problem) => problem.field))];
  }

  isRequired(key: ConfigKeyDefinition): boolean {
    return key.required || this.#learnedRequired.includes(key.name);
  }

  recommendedFor(key: string): string[] {
    return this.validation?.fields.find((field) => field.name === key)?.recommendedValues ?? [];
  }

  /** An empty value removes the key, so the plugin's default applies. */
  set(key: string, value: string): void {
    if (value === '') delete this.config[key];
    else this.config[key] = value;
    this.#changed();
  }

  /** Sets a key even to the empty string: for keys no definition describes, where empty may mean something. */
  put(key: string, value: string): void {
    this.config[key] = value;
    this.#changed();
  }

  remove(key: string): void {
    delete this.config[key];
    this.#changed();
  }

  replace(config: ConnectorConfig): void {
    const classChanged = config['connector.class'] !== this.pluginClass;
    this.config = { ...config };
    if (classChanged) void this.loadDefinition();
    this.#changed();
  }

  rename(from: string, to: string): void {
    if (!to || to === from || to in this.config) return;
    const value = this.config[from] ?? '';
    delete this.config[from];
    this.config[to] = value;
    this.#changed();
  }

  async loadDefinition(): Promise<void> {
    const pluginClass = this.pluginClass;
    if (!pluginClass) return;
    try {
      this.definition = await pluginDefinition(this.connectId, pluginClass);
      this.definitionError = undefined;
    } catch (cause) {
      this.definition = undefined;
      this.definitionError = asApiError(cause);
      return;
    }
    // Quietly, for what only validation knows: recommended values (converters…) and dynamic keys.
    if (this.#canValidate) {
      void this.validate({ quiet: true });
      void this.#probeRequired(pluginClass);
    }
  }

  /**
   * Which settings the plugin insists on: an empty config makes it name them all ("A value is required"), and
   * without a host or a user no plugin tries to connect. Only marks fields; a failure leaves the marks as they are.
   */
  async #probeRequired(pluginClass: string): Promise<void> {
    try {
      this.#learn(await validateConfig(this.connectId, pluginClass, { 'connector.class': pluginClass }, { create: false }));
    } catch {
      // the definition's own `required` still marks what it knows
    }
  }

  /** Asks the plugin; returns the validation, or undefined when it could not be asked. */
  async validate(options: { quiet?: boolean } = {}): Promise<ConfigValidation | undefined> {
    clearTimeout(this.#timer);
    const mine = ++this.#validations;
    if (!options.quiet) {
      this.busy = 'validating';
      this.problem = undefined;
    }
    try {
      const create = this.mode === 'create';
      const answer = await validateConfig(this.connectId, this.pluginClass, $state.snapshot(this.config), { connector: this.storedName, create });
      if (mine !== this.#validations) return undefined;
      this.validation = answer;
      this.#learn(answer);
      this.existing = answer.nameTaken ? this.name : undefined;
      this.#saveErrors = {};
      if (answer.errorCount === 0) this.problem = undefined;
      if (!options.quiet) this.showErrors = true;
      return answer;
    } catch (cause) {
      if (mine === this.#validations && !options.quiet) this.problem = asApiError(cause).message;
      return undefined;
    } finally {
      if (!options.quiet && this.busy === 'validating') this.busy = undefined;
    }
  }

  /** Validates, and writes the config only when the plugin accepts it. */
  async save(): Promise<WriteResult | undefined> {
    const validation = await this.validate();
    if (!validation) return undefined;
    if (validation.nameTaken) {
      this.problem = `A connector named "${this.name}" already exists on ${this.connectId}. Creating does not replace it: open it to change it, or choose another name.`;
      return undefined;
    }
    if (validation.errorCount > 0) {
      this.problem = `The plugin found ${validation.errorCount === 1 ? 'a problem' : `${validation.errorCount} problems`}: nothing was saved.`;
      return undefined;
    }
    this.busy = 'saving';
    try {
      const config = $state.snapshot(this.config);
      const result = this.mode === 'create' ? await createConnector(this.connectId, this.name, config) : await putConnector(this.connectId, this.name, config);
      this.dirty = false;
      if (this.#draftKey) clearDraft(this.#draftKey);
      return result;
    } catch (cause) {
      const error = asApiError(cause);
      this.problem = error.message;
      // Taken between Validate and Create: the same link to the connector that holds the name.
      if (error.status === 409 && error.field === 'name') this.existing = this.name;
      if (error.fields?.length) {
        this.#saveErrors = Object.fromEntries(error.fields.map((field) => [field.name, field.errors]));
        this.showErrors = true;
      }
      return undefined;
    } finally {
      this.busy = undefined;
    }
  }

  #learn(answer: ConfigValidation): void {
    const missing = answer.problems.filter((problem) => problem.missing && !this.#learnedRequired.includes(problem.field)).map((problem) => problem.field);
    if (missing.length) this.#learnedRequired = [...this.#learnedRequired, ...missing];
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }

  // Once errors are on screen, follow the user's fixes so each error clears at its field as it is fixed.
  #changed(): void {
    this.dirty = true;
    if (this.#draftKey) saveDraft(this.#draftKey, $state.snapshot(this.config), this.definition);
    if (!this.showErrors || !this.#canValidate) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.validate({ quiet: true }), REVALIDATE_MS);
  }
}

