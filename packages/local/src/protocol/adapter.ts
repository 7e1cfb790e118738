import type { IncomingMessage } from 'node:http';
import type { HostedService } from '../server/hosted-service.js';
import type { WireResponse } from './wire-response.js';

/** One decoded call: the operation and how to read its input and write its output. */
export interface ProtocolCall {
  operation: string;
  /** Decodes the input; throws `MalformedRequestError` on input that cannot be decoded. */
  decode(): Record<string, unknown>;
  encode(output: unknown): WireResponse;
}

/** What an adapter makes of a request: a call to run, or an answer at once (unknown operation, bad path). */
export type Resolution = { call: ProtocolCall } | { reject: WireResponse };

/** The head of a request, enough to tell which protocol it speaks. */
export interface RequestHead {
  pathname: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One wire protocol (restJson1 for App Mesh, awsJson1_1 for Cloud Map) in front of one hosted
 * service: it maps requests to operations and encodes answers and errors the way that protocol's
 * SDK clients parse them. The endpoint itself knows no protocol.
 */
export interface ProtocolAdapter {
  readonly protocol: 'restJson1' | 'awsJson1_1';
  readonly hosted: HostedService;
  /** Whether a request (by its path and headers) speaks this protocol. */
  claims(head: RequestHead): boolean;
  resolve(request: IncomingMessage, url: URL, body: Buffer): Resolution;
  /** An error answer in this protocol's format. */
  error(type: string, status: number, message: string, fields?: Record<string, unknown>): WireResponse;
  /** The operations served, in the model's names, sorted. */
  operations(): string[];
}
