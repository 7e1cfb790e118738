import { Readable } from 'node:stream';
import type { ArmedAttempt } from './attempt.js';
import { LatticeAccessDeniedError } from './lattice-errors.js';
import type { LatticeSigner } from './sigv4-signer.js';
import type { AttemptSignal, Transport, TransportRequest, TransportResponse } from './transport.js';

// Lattice's refusals are short text bodies; read no more than this to tell one from a 403 of the
// service behind it.
const MAX_DENIAL_BYTES = 4096;

/**
 * Wraps a transport so that requests to Lattice services are signed (SigV4, service
 * `vpc-lattice-svcs`) when they are sent: once per attempt, so that a retry carries a new date
 * and signature. Which requests are for a Lattice service the attempt says (its signal is the
 * router's `ArmedAttempt`, whose plan names the Lattice service), not the origin: a Cloud Map
 * endpoint may share an address with a Lattice service. Other requests pass through untouched. A 403 whose body is Lattice's
 * `AccessDeniedException` becomes a {@link LatticeAccessDeniedError} (a router error: neither
 * retried nor counted against an endpoint); any other 403 is the service's own answer and is
 * returned as it came.
 *
 * @example
 * ```ts
 * import { createLatticeTransport } from './lattice-transport.js';
 * const transport = createLatticeTransport(createHttpTransport(), signer);
 * ```
 */
export function createLatticeTransport(inner: Transport, signer: LatticeSigner): Transport {
  return {
    async request(r: TransportRequest): Promise<TransportResponse> {
      const target = (r.signal as Partial<ArmedAttempt> | undefined)?.plan?.lattice;
      if (target === undefined) return inner.request(r);
      const signed = await untilAborted(signer.sign(r, target), r.signal);
      const response = await inner.request(signed);
      if (response.statusCode !== 403) return response;
      const { denial, body } = await peekDenial(response);
      if (denial === undefined) return { ...response, body };
      throw new LatticeAccessDeniedError({
        virtualServiceName: target.virtualServiceName,
        latticeUrl: target.url.origin,
        region: target.region,
        accessKeyId: signer.accessKeyId() ?? 'unknown',
        reason: denial.slice(0, 500),
      });
    },
    close: () => inner.close(),
  };
}

/** The signature, unless the attempt is aborted first (its timer, the caller): then its reason. */
function untilAborted<T>(work: Promise<T>, signal: AttemptSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.once('abort', onAbort);
    work.then(
      (value) => {
        signal.removeListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const DENIAL = 'AccessDeniedException';

/**
 * Tells Lattice's refusal from the service's own 403 by the start of the body (Lattice answers
 * `AccessDeniedException: User: … is not authorized to perform: vpc-lattice-svcs:Invoke …`).
 * A refusal's text is read (up to {@link MAX_DENIAL_BYTES}) and the response discarded; any other
 * body is handed on whole: what was read, then the rest of the stream.
 */
async function peekDenial(
  response: TransportResponse,
): Promise<{ denial: string | undefined; body: TransportResponse['body'] }> {
  const source = response.body;
  const chunks = (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  const pull = async () => {
    const next = await chunks.next();
    if (next.done) ended = true;
    else {
      const bytes = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      head.push(bytes);
      size += bytes.length;
    }
  };
  while (!ended && size < DENIAL.length) await pull();
  const start = Buffer.concat(head).toString('utf8');
  if (start.trimStart().startsWith(DENIAL)) {
    while (!ended && size < MAX_DENIAL_BYTES) await pull();
    source.destroy();
    return { denial: Buffer.concat(head).toString('utf8').trim(), body: source };
  }
  async function* whole() {
    yield* head;
    if (ended) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return { denial: undefined, body: Readable.from(whole(), { objectMode: false }) };
}
