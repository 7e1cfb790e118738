/** The part of aws-xray-sdk-core that meshplane uses. */
export interface XRaySdk {
  Segment: new (name: string, rootId?: string | null, parentId?: string | null) => XRaySegment;
  Subsegment: new (name: string) => XRaySubsegment;
  setDaemonAddress(address: string): void;
  setContextMissingStrategy?(strategy: string | ((message: string) => void)): void;
}

/** The part of an X-Ray segment meshplane uses. */
export interface XRaySegment {
  id: string;
  trace_id: string;
  notTraced?: boolean;
  addNewSubsegment(name: string): XRaySubsegment;
  removeSubsegment(subsegment: XRaySubsegment): void;
}

/** The part of an X-Ray subsegment meshplane uses. */
export interface XRaySubsegment {
  id: string;
  notTraced?: boolean;
  namespace?: string;
  http?: unknown;
  addAnnotation(key: string, value: string | number | boolean): void;
  addMetadata(key: string, value: unknown, namespace?: string): void;
  addErrorFlag(): void;
  addFaultFlag(): void;
  addThrottleFlag(): void;
  addError(error: Error | string, remote?: boolean): void;
  close(error?: Error | string | null): void;
  flush(): void;
}

let loading: Promise<XRaySdk> | undefined;

/**
 * Imports aws-xray-sdk-core on first call and caches it. Importing it costs about 50 ms, so it
 * happens only when tracing is active: an untraced function never loads it.
 *
 * @example
 * ```ts
 * import { loadXRay } from '@meshplane/lambda/middleware';
 * const xray = await loadXRay();
 * console.log(typeof xray.Segment); // 'function'
 * ```
 */
export function loadXRay(): Promise<XRaySdk> {
  loading ??= import('aws-xray-sdk-core').then((module) => {
    const sdk = ((module as { default?: unknown }).default ?? module) as XRaySdk;
    return sdk;
  });
  return loading;
}
