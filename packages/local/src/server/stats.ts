import { classifyOperation } from '../faults/fault-injector.js';

/** Counters of an endpoint since it started (or since `resetStats()`). */
export interface EndpointStats {
  /** Every call that named a known operation, faulted or not. */
  calls: number;
  reads: number;
  writes: number;
  /** Calls per operation name (`CreateMesh`, `DiscoverInstances`, …). */
  byOperation: Record<string, number>;
  /** Error answers per error type (`NotFoundException`, `TooManyRequestsException`, …). */
  errors: Record<string, number>;
  /** Faults injected. */
  faults: { delayed: number; throttled: number; serverErrors: number; dropped: number };
  /** Requests that named no operation or could not be decoded. */
  malformed: number;
}

/** Mutable counters behind `stats()`. */
export class StatsRecorder {
  private current: EndpointStats = StatsRecorder.empty();

  private static empty(): EndpointStats {
    return {
      calls: 0,
      reads: 0,
      writes: 0,
      byOperation: {},
      errors: {},
      faults: { delayed: 0, throttled: 0, serverErrors: 0, dropped: 0 },
      malformed: 0,
    };
  }

  call(operation: string): void {
    this.current.calls++;
    if (classifyOperation(operation) === 'read') this.current.reads++;
    else this.current.writes++;
    this.current.byOperation[operation] = (this.current.byOperation[operation] ?? 0) + 1;
  }

  error(type: string): void {
    this.current.errors[type] = (this.current.errors[type] ?? 0) + 1;
  }

  fault(kind: keyof EndpointStats['faults']): void {
    this.current.faults[kind]++;
  }

  malformed(): void {
    this.current.malformed++;
  }

  /** A deep copy, so callers can diff two snapshots. */
  snapshot(): EndpointStats {
    return structuredClone(this.current);
  }

  reset(): void {
    this.current = StatsRecorder.empty();
  }
}
