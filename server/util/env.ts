/**
 * Settings from environment variables. Every setting the server reads goes through here, so everywhere an
 * empty variable means "the default" and a bad value stops the server with one message naming the variable.
 */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Connectory configuration: environment variable ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

export interface NumberRule {
  integer?: boolean;
  /** Greater than zero. */
  positive?: boolean;
  min?: number;
  max?: number;
  /** Says what is expected, e.g. "must be a positive number of hours"; built from the rule otherwise. */
  expected?: string;
}

export interface TextRule {
  /** Why a value is refused ("must be …"), or undefined when it is fine. */
  check?: (value: string) => string | undefined;
  /** How a refused value is shown in the error: secrets must never be echoed to logs and terminals. */
  shown?: (value: string) => string;
}

/** For ADMIN_PASSWORD and the like. */
export const hidden = (): string => '<hidden>';

/** Reads variables from `env` (process.env by default); each reader throws a ConfigError for a bad value. */
export class EnvReader {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  text(variable: string, fallback: string, rule?: TextRule): string;
  text(variable: string, fallback?: undefined, rule?: TextRule): string | undefined;
  text(variable: string, fallback?: string, rule: TextRule = {}): string | undefined {
    const raw = this.raw(variable);
    if (raw === undefined) return fallback;
    const problem = rule.check?.(raw);
    if (problem) throw this.invalid(variable, problem, rule.shown?.(raw) ?? raw);
    return raw;
  }

  number(variable: string, fallback: number, rule: NumberRule = {}): number {
    const raw = this.raw(variable);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    const fits =
      Number.isFinite(value) &&
      (!rule.integer || Number.isInteger(value)) &&
      (!rule.positive || value > 0) &&
      (rule.min === undefined || value >= rule.min) &&
      (rule.max === undefined || value <= rule.max);
    if (!fits) throw this.invalid(variable, rule.expected ?? expectedNumber(rule), raw);
    return value;
  }

  oneOf<const V extends string>(variable: string, values: readonly V[], fallback: V): V {
    const raw = this.raw(variable);
    if (raw === undefined) return fallback;
    if (!(values as readonly string[]).includes(raw)) throw this.invalid(variable, `must be one of ${values.join(', ')}`, raw);
    return raw as V;
  }

  /** true/false, or 1/0. */
  flag(variable: string, fallback: boolean): boolean {
    const raw = this.raw(variable);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw this.invalid(variable, 'must be true or false', raw);
  }

  /** Empty counts as unset: `FOO= npm start` should mean "default", not "invalid". */
  private raw(variable: string): string | undefined {
    const value = this.env[variable];
    return value === '' ? undefined : value;
  }

  private invalid(variable: string, problem: string, shown: string): ConfigError {
    return new ConfigError(variable, `is invalid: ${problem} (got ${JSON.stringify(shown)})`);
  }
}

function expectedNumber(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `must be ${kind} from ${rule.min} to ${rule.max}`;
  const positive = rule.positive ? `a positive ${rule.integer ? 'integer' : 'number'}` : kind;
  return rule.max !== undefined ? `must be ${positive} up to ${rule.max}` : rule.min !== undefined ? `must be ${kind} of at least ${rule.min}` : `must be ${positive}`;
}
