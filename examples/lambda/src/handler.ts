import type { MeshModel } from '@meshplane/core/model';
import { meshplane, type WithMeshContext } from '@meshplane/lambda/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import model from './dj-app-mesh.json' with { type: 'json' };

/**
 * The DJ app's `dj` front as a Lambda function: it is the `dj` virtual node of the mesh and asks
 * the `jazz` and `metal` virtual services for their artists through the proxyless router (routes,
 * weights, retries as App Mesh's Envoy would apply them). The mesh model is bundled JSON, so
 * nothing calls the App Mesh API at run time; Cloud Map is asked for the backends' instances.
 *
 * When a custom Cloud Map endpoint is configured (`AWS_ENDPOINT_URL_SERVICEDISCOVERY`, e.g. the
 * local endpoint) discovery goes straight to it instead of the `data-` host prefix.
 *
 * The DJ app's routes match by prefix, so the function does not register a regex engine and its
 * bundle carries none. A model with a path, header or metadata regex needs RE2 (Envoy's
 * `safe_regex`), registered once before the middleware: `import { register } from
 * '@meshplane/core/re2'; register();` (re2js: 147 KB more in the bundle). Without it the router
 * refuses that model, naming each route and field and this import.
 */
const mesh = meshplane({
  model: model as MeshModel,
  virtualNodeName: 'dj',
  discovery: {
    cloudMap: {
      clientConfig: { disableHostPrefix: process.env.AWS_ENDPOINT_URL_SERVICEDISCOVERY !== undefined },
    },
  },
});

async function artists(context: Context & WithMeshContext, genre: 'jazz' | 'metal') {
  const response = await context.mesh.fetch(`http://${genre}.prod.svc.cluster.local:9080/`);
  if (!response.ok) throw new Error(`${genre} answered ${response.status}`);
  return { artists: (await response.json()) as string[], from: response.mesh.targetNode };
}

/**
 * GET → `{ jazz: { artists, from }, metal: { artists, from } }`.
 *
 * @example
 * ```ts
 * import { handler } from './handler.js';
 * const result = await handler({}, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 10_000 } as never);
 * console.log(result.statusCode); // 200
 * ```
 */
export const handler = middy<unknown, APIGatewayProxyResultV2, Error, Context & WithMeshContext>(
  async (_event: unknown, context: Context & WithMeshContext) => {
    const [jazz, metal] = await Promise.all([artists(context, 'jazz'), artists(context, 'metal')]);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jazz, metal }),
    };
  },
).use(mesh);

/**
 * For graceful shutdown in scripts and tests: closes the router's connections and discovery.
 *
 * @example
 * ```ts
 * import { closeMesh } from './handler.js';
 * process.once('SIGTERM', () => void closeMesh());
 * ```
 */
export const closeMesh = () => mesh.runtime.close();
