// Shapes of the template API (/api/v1/templates): a connector config with ${placeholder} blanks.
export type { ConnectorTemplate, ConnectorTemplateView, NewConnectorTemplate, TemplateBody, TemplatePlaceholder } from '../api/types';
