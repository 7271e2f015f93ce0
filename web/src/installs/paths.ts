// Console paths of the plugin delivery pages (not API paths).
const enc = encodeURIComponent;

export const operationPagePath = (id: string) => `/installs/${enc(id)}`;
export const pluginsPagePath = (connectId?: string) => (connectId ? `/plugins?connect=${enc(connectId)}` : '/plugins');
export const uploadPagePath = '/plugins/upload';
export const catalogPagePath = '/catalog';
export const catalogEntryPath = (id: string) => `/catalog/${enc(id)}`;

/** The connector form, with its cluster and class chosen (and the catalog template it starts from). */
export function newConnectorFrom(connectId: string, pluginClass: string, template?: { catalogId: string; templateId: string }): string {
  const query = new URLSearchParams({ connect: connectId, class: pluginClass });
  if (template) query.set('template', `${template.catalogId}/${template.templateId}`);
  return `/connectors/new?${query.toString()}`;
}
