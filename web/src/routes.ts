import type { Component } from 'svelte';
import type { IconName } from './components/icons';
import HealthPage from './pages/HealthPage.svelte';
import DashboardPage from './pages/DashboardPage.svelte';
import BrokersPage from './pages/BrokersPage.svelte';
import BrokerPage from './pages/BrokerPage.svelte';
import TopicCreatePage from './pages/TopicCreatePage.svelte';
import TopicPage from './pages/TopicPage.svelte';
import ConsumerGroupPage from './pages/ConsumerGroupPage.svelte';
import ClustersPage from './pages/ClustersPage.svelte';
import ConnectorsPage from './pages/ConnectorsPage.svelte';
import ConnectorCreatePage from './pages/ConnectorCreatePage.svelte';
import ConnectorDetailPage from './pages/ConnectorDetailPage.svelte';
import ConnectorEditPage from './pages/ConnectorEditPage.svelte';
import CatalogPage from './pages/CatalogPage.svelte';
import PluginsPage from './pages/PluginsPage.svelte';
import CatalogEntryPage from './pages/CatalogEntryPage.svelte';
import PluginUploadPage from './pages/PluginUploadPage.svelte';
import InstallPage from './pages/InstallPage.svelte';
import TopicsPage from './pages/TopicsPage.svelte';
import ConsumerGroupsPage from './pages/ConsumerGroupsPage.svelte';
import SettingsPage from './pages/SettingsPage.svelte';
import AuditPage from './pages/AuditPage.svelte';
import SecurityPage from './pages/SecurityPage.svelte';
import PipelinesPage from './pages/PipelinesPage.svelte';
import AlertsPage from './pages/AlertsPage.svelte';
import SchemaRegistryPage from './pages/SchemaRegistryPage.svelte';
import SubjectPage from './pages/SubjectPage.svelte';
import MigrationsPage from './pages/MigrationsPage.svelte';
import TemplatesPage from './pages/TemplatesPage.svelte';
import type { Permission } from './auth/types';
import { matchPath, type RouteParams } from './lib/router.svelte';

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
  /** Shown only to principals holding it; the page itself still explains when it is missing. */
  permission?: Permission;
}

// A page that needs path parameters (e.g. `/connectors/:name`) reads them with
// matchPath(its pattern, router.path), so pages without parameters stay prop-free.
export interface Route {
  pattern: string;
  title: string;
  component: Component;
}

export const primaryNav: NavItem[] = [
  { path: '/', label: 'Dashboard', icon: 'dashboard' },
  { path: '/health', label: 'Health', icon: 'health' },
  { path: '/clusters', label: 'Clusters', icon: 'clusters' },
  { path: '/connectors', label: 'Connectors', icon: 'connectors' },
  { path: '/pipelines', label: 'Pipelines', icon: 'pipelines' },
  { path: '/migrations', label: 'Migrations', icon: 'rewind' },
  { path: '/catalog', label: 'Catalog', icon: 'catalog' },
  { path: '/templates', label: 'Templates', icon: 'catalog' },
  { path: '/plugins', label: 'Plugins', icon: 'plugins' },
  { path: '/brokers', label: 'Brokers', icon: 'brokers' },
  { path: '/topics', label: 'Topics', icon: 'topics' },
  { path: '/consumer-groups', label: 'Consumer groups', icon: 'groups' },
  { path: '/schemas', label: 'Schema registry', icon: 'catalog' },
  { path: '/security', label: 'Security', icon: 'shield' },
  { path: '/alerts', label: 'Alerts', icon: 'bell' },
];

export const secondaryNav: NavItem[] = [
  { path: '/audit', label: 'Audit log', icon: 'audit', permission: 'audit:read' },
  { path: '/settings', label: 'Settings', icon: 'settings' },
];

export const routes: Route[] = [
  { pattern: '/', title: 'Dashboard', component: DashboardPage },
  { pattern: '/health', title: 'Health', component: HealthPage },
  { pattern: '/clusters', title: 'Clusters', component: ClustersPage },
  { pattern: '/connectors', title: 'Connectors', component: ConnectorsPage },
  { pattern: '/connectors/new', title: 'New connector', component: ConnectorCreatePage },
  // Before the tab pattern below, which would otherwise take `edit` for a tab.
  { pattern: '/connectors/:connectId/:name/edit', title: 'Edit connector', component: ConnectorEditPage },
  { pattern: '/connectors/:connectId/:name', title: 'Connector', component: ConnectorDetailPage },
  { pattern: '/connectors/:connectId/:name/:tab', title: 'Connector', component: ConnectorDetailPage },
  { pattern: '/pipelines', title: 'Pipelines', component: PipelinesPage },
  { pattern: '/migrations', title: 'Migrations', component: MigrationsPage },
  { pattern: '/catalog', title: 'Catalog', component: CatalogPage },
  { pattern: '/templates', title: 'Templates', component: TemplatesPage },
  { pattern: '/catalog/:id', title: 'Catalog', component: CatalogEntryPage },
  { pattern: '/plugins', title: 'Plugins', component: PluginsPage },
  { pattern: '/plugins/upload', title: 'Upload a plugin', component: PluginUploadPage },
  { pattern: '/installs/:id', title: 'Plugin operation', component: InstallPage },
  { pattern: '/brokers', title: 'Brokers', component: BrokersPage },
  { pattern: '/brokers/:cluster/:id', title: 'Broker', component: BrokerPage },
  { pattern: '/security', title: 'Security', component: SecurityPage },
  { pattern: '/alerts', title: 'Alerts', component: AlertsPage },
  { pattern: '/schemas', title: 'Schema registry', component: SchemaRegistryPage },
  { pattern: '/schemas/:registry/:subject', title: 'Subject', component: SubjectPage },
  { pattern: '/topics', title: 'Topics', component: TopicsPage },
  { pattern: '/topics/new', title: 'Create topic', component: TopicCreatePage },
  { pattern: '/topics/:cluster/:topic', title: 'Topic', component: TopicPage },
  { pattern: '/topics/:cluster/:topic/:tab', title: 'Topic', component: TopicPage },
  { pattern: '/consumer-groups', title: 'Consumer groups', component: ConsumerGroupsPage },
  { pattern: '/consumer-groups/:cluster/:group', title: 'Consumer group', component: ConsumerGroupPage },
  { pattern: '/audit', title: 'Audit log', component: AuditPage },
  { pattern: '/settings', title: 'Settings', component: SettingsPage },
  { pattern: '/settings/:tab', title: 'Settings', component: SettingsPage },
];

export function resolveRoute(path: string): { route: Route; params: RouteParams } | undefined {
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}
