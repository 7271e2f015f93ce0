import { resolve } from 'node:path';
import { artifactRoutes } from '../artifacts/routes';
import { catalogRoutes } from '../catalog/routes';
import type { ClientRegistry } from '../clusters/client-registry';
import type { Db } from '../db';
import type { Logger } from '../logger';
import { MAVEN_CENTRAL } from '../maven';
import type { SecretBox } from '../secrets/secret-box';
import { createDelivery, type DeliveryContext } from './context';
import { deliveryRoutes } from './routes';

export { createDelivery, type DeliveryContext, type DeliveryOptions } from './context';
export { deliverySettingsFromEnv, type DeliverySettings } from './settings';

/** For apps built without one (tests): artifacts under ./.data, catalog versions from Maven Central. */
export function defaultDelivery(deps: { db: Db; logger: Logger; secrets: SecretBox; clients: ClientRegistry }): DeliveryContext {
  return createDelivery({ ...deps, dataDir: resolve('.data'), mavenBaseUrl: MAVEN_CENTRAL });
}

/** The catalog, artifact and install routers, mounted under /api/v1. */
export function deliveryRouters(ctx: DeliveryContext) {
  return [
    catalogRoutes({ db: ctx.db, catalog: ctx.catalog, clients: ctx.clients }),
    artifactRoutes({ artifacts: ctx.artifacts, maxUploadBytes: ctx.settings.maxUploadBytes }),
    deliveryRoutes(ctx),
  ];
}
