import { z } from '@hono/zod-openapi';

const masked = z.string().openapi({ description: 'Always the mask `********`: stored secrets are never returned', example: '********' });

export const KafkaClusterSchema = z
  .object({
    id: z.string().openapi({ example: 'local' }),
    name: z.string(),
    bootstrapServers: z.array(z.string()),
    tls: z
      .object({
        enabled: z.boolean(),
        rejectUnauthorized: z.boolean(),
        caPem: z.string().nullable(),
        certPem: z.string().nullable(),
        key: masked.nullable(),
      })
      .nullable(),
    sasl: z.object({ mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']), username: z.string(), password: masked }).nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('KafkaCluster');

export const ConnectClusterSchema = z
  .object({
    id: z.string().openapi({ example: 'local' }),
    name: z.string(),
    kafkaClusterId: z.string().nullable(),
    auth: z
      .union([
        z.object({ kind: z.literal('basic'), username: z.string(), password: masked }),
        z.object({ kind: z.literal('bearer'), token: masked }),
      ])
      .nullable(),
    tls: z
      .object({ caPem: z.string().nullable(), rejectUnauthorized: z.boolean(), agentCertPem: z.string().nullable(), agentKey: masked.nullable() })
      .nullable()
      .openapi({ description: 'How the workers\' https REST API is verified; null for plain http or public certificates' }),
    workers: z.array(z.object({ url: z.string(), agentUrl: z.string().nullable(), agentToken: masked.nullable() })),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ConnectCluster');

export const KafkaClusterListSchema = z.object({ items: z.array(KafkaClusterSchema) }).openapi('KafkaClusterList');
export const ConnectClusterListSchema = z.object({ items: z.array(ConnectClusterSchema) }).openapi('ConnectClusterList');

export const KafkaIdParamsSchema = z.object({ kafkaId: z.string().min(1).openapi({ param: { name: 'kafkaId', in: 'path' }, example: 'local' }) });
export const ConnectIdParamsSchema = z.object({
  connectId: z.string().min(1).openapi({ param: { name: 'connectId', in: 'path' }, example: 'local' }),
});

// ---------------------------------------------------------------------------------------------- registration input

/** Ids are used in URLs and in users' cluster scopes. */
const ClusterIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lower-case letters, digits and hyphens, starting with a letter or digit, at most 63 characters')
  .openapi({ example: 'prod-eu' });

const secretInput = (description: string) =>
  z.string().min(1).openapi({ format: 'password', description: `${description}. Send \`********\` (as returned) to keep the stored value.` });

const pemText = z.string().min(1).openapi({ description: 'PEM text' });

/** The view names PEM fields `caPem`/`certPem`; input takes `ca`/`cert`, or the view's names so a form can send back what it got. */
const KafkaTlsInputSchema = z
  .object({
    enabled: z.boolean().default(true),
    ca: pemText.optional().openapi({ description: 'PEM of the CA that signed the brokers\' certificates (also accepted as `caPem`)' }),
    caPem: pemText.optional(),
    cert: pemText.optional().openapi({ description: 'Client certificate PEM for mutual TLS (also accepted as `certPem`)' }),
    certPem: pemText.optional(),
    key: secretInput('Client private key PEM for mutual TLS').optional(),
    rejectUnauthorized: z.boolean().optional().openapi({ description: 'Verify the brokers\' certificates; default true' }),
  })
  .transform(({ caPem, certPem, ...tls }) => ({ ...tls, ca: tls.ca ?? caPem, cert: tls.cert ?? certPem }));

const SaslInputSchema = z.object({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: secretInput('SASL password'),
});

const kafkaFields = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'Production (EU)' }),
  bootstrapServers: z
    .array(z.string().trim().regex(/^[^\s:,]+:\d{1,5}$/, 'must be host:port'))
    .min(1)
    .openapi({ example: ['kafka-1.example.com:9092', 'kafka-2.example.com:9092'] }),
  tls: KafkaTlsInputSchema.nullable().optional().openapi({ description: 'TLS to the brokers; leave out or null for plaintext' }),
  sasl: SaslInputSchema.nullable().optional().openapi({ description: 'SASL authentication; leave out or null for none' }),
};

export const CreateKafkaClusterSchema = z.object({ id: ClusterIdSchema, ...kafkaFields }).openapi('CreateKafkaCluster');
export const UpdateKafkaClusterSchema = z
  .object(kafkaFields)
  .openapi('UpdateKafkaCluster', { description: 'Replaces the registration; secrets sent as `********` keep their stored values' });

const ConnectAuthInputSchema = z
  .union([
    z.object({ kind: z.literal('basic').optional(), username: z.string().min(1), password: secretInput('Basic auth password') }),
    z.object({ kind: z.literal('bearer'), token: secretInput('Bearer token') }),
  ])
  .openapi({ description: 'Credentials for the Connect REST API: basic (`{username, password}`) or `{kind: "bearer", token}`' });

const connectFields = {
  name: z.string().trim().min(1).max(200).openapi({ example: 'Production Connect' }),
  kafkaClusterId: z.string().min(1).nullable().optional().openapi({ description: 'The registered Kafka cluster the workers use', example: 'prod-eu' }),
  workers: z
    .array(
      z.object({
        url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).openapi({ example: 'http://connect-1.example.com:8083' }),
        agentUrl: z
          .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
          .nullable()
          .optional()
          .openapi({ description: 'The plugin agent beside this worker', example: 'https://connect-1.example.com:8090' }),
        agentToken: secretInput('This worker\'s own agent token (overrides `agentToken`)').nullable().optional(),
      }),
    )
    .min(1)
    .openapi({ description: 'Every worker of the cluster: requests fail over between them' }),
  auth: ConnectAuthInputSchema.nullable().optional(),
  tls: z
    .object({
      ca: pemText.optional().openapi({ description: 'PEM of the CA that signed the workers\' certificates (also accepted as `caPem`)' }),
      caPem: pemText.optional(),
      rejectUnauthorized: z.boolean().optional().openapi({ description: 'Verify the workers\' (and agents\') certificates; default true' }),
      agentCert: pemText.optional().openapi({ description: 'Client certificate PEM for plugin agents that require mutual TLS (also accepted as `agentCertPem`)' }),
      agentCertPem: pemText.optional(),
      agentKey: secretInput('Client private key PEM for plugin agents that require mutual TLS').optional(),
    })
    .transform(({ caPem, agentCertPem, ...tls }) => ({ ...tls, ca: tls.ca ?? caPem, agentCert: tls.agentCert ?? agentCertPem }))
    .nullable()
    .optional()
    .openapi({ description: 'For workers and plugin agents serving https; `ca` verifies both' }),
  agentToken: secretInput('Bearer token of the plugin agents (for every worker without its own `workers[].agentToken`)').nullable().optional(),
};

export const CreateConnectClusterSchema = z.object({ id: ClusterIdSchema, ...connectFields }).openapi('CreateConnectCluster');
export const UpdateConnectClusterSchema = z
  .object(connectFields)
  .openapi('UpdateConnectCluster', { description: 'Replaces the registration; secrets sent as `********` keep their stored values' });

export const ForceQuerySchema = z.object({
  force: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: 'Save even when the connectivity test fails' }),
});

export const KafkaCheckSchema = z
  .object({
    status: z.enum(['up', 'down']),
    clusterId: z.string().optional().openapi({ description: "Kafka's own cluster id" }),
    brokers: z.number().int().optional(),
    controllerId: z.number().int().nullable().optional(),
    error: z.string().optional(),
  })
  .openapi('KafkaConnectivity', { description: 'The connectivity test run on save (describeCluster)' });

export const ConnectCheckSchema = z
  .object({
    status: z.enum(['up', 'degraded', 'down']),
    workers: z.array(
      z.object({
        url: z.string(),
        status: z.enum(['up', 'down']),
        version: z.string().optional(),
        kafkaClusterId: z.string().optional().openapi({ description: 'The Kafka cluster id the worker reports' }),
        error: z.string().optional(),
      }),
    ),
  })
  .openapi('ConnectConnectivity', { description: 'The connectivity test run on save (`GET /` on each worker)' });

export const SavedKafkaClusterSchema = KafkaClusterSchema.extend({ check: KafkaCheckSchema }).openapi('SavedKafkaCluster');
export const SavedConnectClusterSchema = ConnectClusterSchema.extend({ check: ConnectCheckSchema }).openapi('SavedConnectCluster');

export type CreateKafkaClusterInput = z.infer<typeof CreateKafkaClusterSchema>;
export type KafkaClusterInput = z.infer<typeof UpdateKafkaClusterSchema>;
export type CreateConnectClusterInput = z.infer<typeof CreateConnectClusterSchema>;
export type ConnectClusterInput = z.infer<typeof UpdateConnectClusterSchema>;
export type KafkaCheck = z.infer<typeof KafkaCheckSchema>;
export type ConnectCheck = z.infer<typeof ConnectCheckSchema>;
