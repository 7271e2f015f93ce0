// Shapes of the template API (/api/v1/templates): a connector config with ${placeholder} blanks.
export type { ConnectorTemplate, ConnectorTemplateView, TemplateBody, TemplatePlaceholder } from '../api/types';
