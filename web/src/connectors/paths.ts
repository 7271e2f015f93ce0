// Console paths of the connector pages (not API paths).
const enc = encodeURIComponent;

export const connectorsListPath = '/connectors';
export const newConnectorPath = '/connectors/new';
export const connectorPagePath = (connectId: string, name: string, tab?: 'offsets' | 'history') =>
  `/connectors/${enc(connectId)}/${enc(name)}${tab ? `/${tab}` : ''}`;
export const editConnectorPath = (connectId: string, name: string) => `${connectorPagePath(connectId, name)}/edit`;
