#!/usr/bin/env node
// `npx connectory`: runs the TypeScript CLI through tsx (a runtime dependency already, as for `npm start`).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
