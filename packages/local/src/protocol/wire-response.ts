/** An encoded HTTP response. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The error shape answered, if this is an error (for the endpoint's counters). */
  errorType?: string;
}
