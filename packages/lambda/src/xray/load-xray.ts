/** The part of aws-xray-sdk-core that meshplane uses: its subsegment model. */
export interface XRaySdk {
  Subsegment: new (name: string) => XRaySubsegment;
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
 * Imports aws-xray-sdk-core's subsegment model on first call and caches it. Only the
 * `Subsegment` module is loaded (meshplane uses it for the `cause` of a failed call: its
 * exception and stack frames; the rest of a document is written directly): the SDK's index would
 * also load its patchers, sampling rules and continuation-local storage, none of which a
 * subsegment per mesh call needs. It happens only when tracing is active: an untraced function
 * never loads any of aws-xray-sdk-core.
 *
 * @example
 * ```ts
 * import { loadXRay } from '@meshplane/lambda/xray';
 * const xray = await loadXRay();
 * console.log(typeof xray.Subsegment); // 'function'
 * ```
 */
export function loadXRay(): Promise<XRaySdk> {
  loading ??= import('aws-xray-sdk-core/dist/lib/segments/attributes/subsegment.js').then((module) => {
    const Subsegment = ((module as { default?: unknown }).default ?? module) as XRaySdk['Subsegment'];
    return { Subsegment };
  });
  return loading;
}
