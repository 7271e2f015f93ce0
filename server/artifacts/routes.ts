import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isArchiveError } from '../../plugins/archive';
import { auditActorOf } from '../audit/actor';
import { recordAudit, type AuditActor } from '../audit/record';
import { apiRoute } from '../auth/api-route';
import { PERMISSIONS } from '../auth/permissions';
import type { Db } from '../db';
import { isMultipart, MultipartError, readForm } from '../delivery/multipart';
import type { AppEnv } from '../http/env';
import { ApiError, errorResponses } from '../http/errors';
import { json } from '../http/openapi';
import { createRouter } from '../http/router';
import { getArtifact, listArtifacts, type ArtifactRecord } from './records';
import type { ArtifactDeps } from './service';
import { ArtifactStoreError } from './store';
import { IdentityError, missingIdentity, nameUpload, storeUpload, type UploadResult } from './upload';

const TAGS = ['Artifacts'];
/** Room for the multipart framing around the file itself. */
const FRAMING_BYTES = 64 * 1024;
/** The text fields `name` and `version`: far more than any plugin name or version needs. */
const MAX_FIELD_BYTES = 1024;

const ArchiveInspectionSchema = z
  .object({
    kind: z.enum(['zip', 'tar.gz', 'jar']),
    entries: z.number().int(),
    uncompressedBytes: z.number().int(),
    root: z.string().nullable().openapi({ description: 'The one top-level folder every entry sits in (stripped on extraction), or null' }),
    jars: z.array(z.object({ path: z.string(), size: z.number().int() })),
    classes: z.object({
      connectors: z.array(z.object({ class: z.string(), type: z.enum(['source', 'sink']) })),
      converters: z.array(z.string()),
      headerConverters: z.array(z.string()),
      transforms: z.array(z.string()),
      predicates: z.array(z.string()),
      configProviders: z.array(z.string()),
    }),
    classSource: z.enum(['service-manifest', 'heuristic', 'none']).openapi({ description: 'Declared in META-INF/services, or guessed from class names (older plugins)' }),
    manifest: z
      .object({
        name: z.string(),
        version: z.string().nullable(),
        title: z.string().nullable(),
        owner: z.string().nullable(),
        description: z.string().nullable(),
        componentTypes: z.array(z.string()),
      })
      .nullable()
      .openapi({ description: 'A Confluent Hub manifest.json at the top (or in the root folder)' }),
    warnings: z.array(z.string()),
  })
  .openapi('ArchiveInspection', { description: 'What archive inspection found: jars, connector/converter/transform classes, manifest, warnings' });

const ArtifactSourceSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('catalog'),
      catalogId: z.string(),
      version: z.string(),
      coordinates: z.string(),
      url: z.string(),
      files: z.array(z.object({ coordinates: z.string(), url: z.string(), sha512: z.string(), size: z.number().int() })).optional().openapi({ description: 'Every jar of a catalog version made of several' }),
    }),
    z.object({ kind: z.literal('upload'), filename: z.string(), uploadedBy: z.string().optional() }),
  ])
  .openapi('ArtifactSource', { description: 'Where the bytes came from' });

const ArtifactSchema = z
  .object({
    sha256: z.string(),
    name: z.string().openapi({ description: "The plugin's folder name on the workers" }),
    version: z.string().nullable(),
    kind: z.enum(['zip', 'tar.gz', 'jar']),
    size: z.number().int(),
    inspection: ArchiveInspectionSchema,
    source: ArtifactSourceSchema,
    needs: z.array(z.enum(['name', 'version'])).openapi({ description: 'What still has to be given (`?name=&version=`) before the archive says who it is' }),
    createdAt: z.string(),
  })
  .openapi('Artifact');

const UploadedSchema = ArtifactSchema.extend({ created: z.boolean().openapi({ description: 'False when the same bytes were uploaded before' }) }).openapi('UploadedArtifact');

const UploadQuerySchema = z.object({
  filename: z.string().min(1).max(255).optional().openapi({ description: 'The archive\'s file name, for a raw (application/octet-stream) upload' }),
  name: z.string().min(1).max(200).optional().openapi({ description: 'Plugin name, when the archive has no manifest naming it' }),
  version: z.string().min(1).max(100).optional().openapi({ description: 'Plugin version, when the archive has no manifest giving it' }),
});

const upload = apiRoute({
  method: 'post',
  path: '/artifacts',
  permission: PERMISSIONS.pluginManage,
  tags: TAGS,
  summary: 'Upload a plugin archive (zip, tar.gz or jar)',
  description: [
    '`multipart/form-data` with the archive in the field `file` (text fields `name` and `version` optional), or the raw archive as `application/octet-stream` with `?filename=`.',
    'Streamed to the store while hashed, never held in memory, up to MAX_UPLOAD_MB (default 512). The archive is inspected before it is kept: a hostile or unusable one is refused with 400 and the reason.',
  ].join('\n\n'),
  request: {
    query: UploadQuerySchema,
    body: {
      required: true,
      content: {
        'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string' }, version: { type: 'string' } }, required: ['file'] } },
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      },
    },
  },
  responses: {
    200: { description: 'The same bytes were uploaded before', ...json(UploadedSchema) },
    201: { description: 'Stored', ...json(UploadedSchema) },
    ...errorResponses(400, 413),
  },
});

const list = apiRoute({
  method: 'get',
  path: '/artifacts',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'Stored artifacts, newest first',
  request: {
    query: z.object({
      page: z.coerce.number().int().min(1).default(1),
      size: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: { description: 'A page of artifacts', ...json(z.object({ items: z.array(ArtifactSchema), total: z.number().int() }).openapi('ArtifactPage')) } },
});

const one = apiRoute({
  method: 'get',
  path: '/artifacts/{sha256}',
  permission: PERMISSIONS.clusterRead,
  tags: TAGS,
  summary: 'One stored artifact with its inspection',
  request: { params: z.object({ sha256: z.string().openapi({ param: { name: 'sha256', in: 'path' } }) }) },
  responses: { 200: { description: 'The artifact', ...json(ArtifactSchema) }, ...errorResponses(404) },
});

export interface ArtifactRouteDeps {
  artifacts: ArtifactDeps;
  maxUploadBytes: number;
}

/** Mounted under /api/v1. */
export function artifactRoutes(deps: ArtifactRouteDeps) {
  const db = deps.artifacts.db;
  return createRouter()
    .openapi(upload, async (c) => {
      const who = auditActorOf(c);
      const query = c.req.valid('query');
      try {
        const result = await receive(c, deps, who, query);
        await recordAudit(db, who, {
          action: 'artifact.upload',
          objectType: 'artifact',
          objectId: result.artifact.sha256,
          details: { name: result.artifact.name, version: result.artifact.version, size: result.artifact.size, created: result.created },
        });
        return c.json({ ...artifactView(result.artifact), created: result.created }, result.created ? 201 : 200);
      } catch (error) {
        // like every refused change, a refused upload leaves no audit entry
        throw uploadRefusal(error);
      }
    })
    .openapi(list, async (c) => {
      const { page, size } = c.req.valid('query');
      const { items, total } = await listArtifacts(db, { limit: size, offset: (page - 1) * size });
      return c.json({ items: items.map(artifactView), total }, 200);
    })
    .openapi(one, async (c) => {
      const sha256 = c.req.valid('param').sha256;
      const artifact = /^[0-9a-f]{64}$/.test(sha256) ? await getArtifact(db, sha256) : undefined;
      if (!artifact) throw ApiError.notFound(`No artifact ${sha256}`);
      return c.json(artifactView(artifact), 200);
    });
}

export function artifactView(artifact: ArtifactRecord) {
  return {
    sha256: artifact.sha256,
    name: artifact.name,
    version: artifact.version,
    kind: artifact.kind,
    size: artifact.size,
    inspection: artifact.inspection,
    source: artifact.source,
    needs: missingIdentity(artifact),
    createdAt: artifact.createdAt,
  };
}

type Identity = { name?: string; version?: string };

async function receive(c: Context<AppEnv>, deps: ArtifactRouteDeps, who: AuditActor, query: Identity & { filename?: string }): Promise<UploadResult> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > deps.maxUploadBytes + FRAMING_BYTES) {
    throw new ApiError(413, 'too_large', `Artifact upload: ${declared} bytes is more than the ${deps.maxUploadBytes}-byte limit (MAX_UPLOAD_MB)`);
  }
  const raw = c.req.raw.body;
  if (!raw) throw ApiError.badRequest('Artifact upload: the request has no body');
  const source = Readable.fromWeb(raw as unknown as WebReadableStream<Uint8Array>);
  const options = { maxBytes: deps.maxUploadBytes, uploadedBy: who.actor };
  const contentType = c.req.header('content-type');
  if (contentType && isMultipart(contentType)) return receiveMultipart(deps, source, contentType, options, query);
  if (!query.filename) throw ApiError.badRequest('Artifact upload: send multipart/form-data with the archive in the field "file", or the raw archive with ?filename=', 'filename');
  return withIdentity(deps, await storeUpload(deps.artifacts, source, query.filename, options), query);
}

async function receiveMultipart(deps: ArtifactRouteDeps, source: Readable, contentType: string, options: { maxBytes: number; uploadedBy: string }, query: Identity): Promise<UploadResult> {
  const form = await readForm(source, contentType, {
    fileField: 'file',
    textFields: ['name', 'version'],
    onFile: (file) => storeUpload(deps.artifacts, file.stream, file.filename || 'upload', options),
  });
  if (!form.file) throw ApiError.badRequest('Artifact upload: no file in the form field "file"', 'file');
  const identity: Identity = { ...query };
  for (const field of ['name', 'version'] as const) {
    const value = form.fields[field]?.trim();
    if (value !== undefined) identity[field] = value || undefined;
  }
  return withIdentity(deps, form.file, identity);
}

/** Names an upload its archive did not name; a name or version given for one that did replaces it. */
async function withIdentity(deps: ArtifactRouteDeps, result: UploadResult, identity: Identity): Promise<UploadResult> {
  if (!identity.name && !identity.version) return result;
  const name = identity.name ?? result.artifact.name;
  const version = identity.version ?? result.artifact.version;
  if (!version) throw new ApiError(400, 'invalid_input', `Artifact ${result.artifact.sha256} was stored, but a version is needed with the name: add ?version=`, 'version');
  const artifact = await nameUpload(deps.artifacts, result.artifact.sha256, { name, version });
  if (!artifact) throw ApiError.notFound(`No artifact ${result.artifact.sha256}`);
  return { ...result, artifact, needs: missingIdentity(artifact) };
}

function uploadRefusal(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isArchiveError(error)) return new ApiError(400, error.code, `Artifact upload refused: ${error.message}`);
  if (error instanceof ArtifactStoreError && error.code === 'too_large') return new ApiError(413, 'too_large', error.message);
  if (error instanceof MultipartError && error.field) return new ApiError(400, 'invalid_input', `Artifact upload: ${error.message}`, error.field);
  if (error instanceof MultipartError) return new ApiError(400, 'invalid_multipart', `Artifact upload: ${error.message}`);
  if (error instanceof IdentityError) return new ApiError(400, 'invalid_input', error.message, error.field);
  throw error;
}

