// Shapes of the template API (/api/v1/templates): a connector config with ${placeholder} blanks.

export interface TemplatePlaceholder {
  name: string;
  description?: string | null;
  default?: string | null;
  /** Rendered into a secret config value: typed into a password input. */
  secret?: boolean;
  required: boolean;
}

export interface ConnectorTemplate {
  id: string;
  name: string;
  description?: string | null;
  connectorClass: string;
  config: Record<string, string>;
  placeholders: TemplatePlaceholder[];
}
