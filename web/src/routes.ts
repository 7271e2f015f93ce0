import type { Component } from 'svelte';
import type { IconName } from './components/icons';
import HealthPage from './pages/HealthPage.svelte';
import ClustersPage from './pages/ClustersPage.svelte';
import ConnectorsPage from './pages/ConnectorsPage.svelte';
import CatalogPage from './pages/CatalogPage.svelte';
import PluginsPage from './pages/PluginsPage.svelte';
import TopicsPage from './pages/TopicsPage.svelte';
import ConsumerGroupsPage from './pages/ConsumerGroupsPage.svelte';
import SettingsPage from './pages/SettingsPage.svelte';
import { matchPath, type RouteParams } from './lib/router.svelte';

export interface NavItem {
  path: string;
  label: string;
  icon: IconName;
}

// A page that needs path parameters (e.g. `/connectors/:name`) reads them with
// matchPath(its pattern, router.path), so pages without parameters stay prop-free.
export interface Route {
  pattern: string;
  title: string;
  component: Component;
}

export const primaryNav: NavItem[] = [
  { path: '/', label: 'Health', icon: 'health' },
  { path: '/clusters', label: 'Clusters', icon: 'clusters' },
  { path: '/connectors', label: 'Connectors', icon: 'connectors' },
  { path: '/catalog', label: 'Catalog', icon: 'catalog' },
  { path: '/plugins', label: 'Plugins', icon: 'plugins' },
  { path: '/topics', label: 'Topics', icon: 'topics' },
  { path: '/consumer-groups', label: 'Consumer groups', icon: 'groups' },
];

export const secondaryNav: NavItem[] = [{ path: '/settings', label: 'Settings', icon: 'settings' }];

export const routes: Route[] = [
  { pattern: '/', title: 'Health', component: HealthPage },
  { pattern: '/health', title: 'Health', component: HealthPage },
  { pattern: '/clusters', title: 'Clusters', component: ClustersPage },
  { pattern: '/connectors', title: 'Connectors', component: ConnectorsPage },
  { pattern: '/catalog', title: 'Catalog', component: CatalogPage },
  { pattern: '/plugins', title: 'Plugins', component: PluginsPage },
  { pattern: '/topics', title: 'Topics', component: TopicsPage },
  { pattern: '/consumer-groups', title: 'Consumer groups', component: ConsumerGroupsPage },
  { pattern: '/settings', title: 'Settings', component: SettingsPage },
];

export function resolveRoute(path: string): { route: Route; params: RouteParams } | undefined {
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) return { route, params };
  }
  return undefined;
}
