import { cloudMapError, invalidInput } from './errors.js';
import { filterMatches, parseFilters } from './list-filters.js';
import { paginate } from './pagination.js';
import type { OperationRecord } from './state.js';
import { type Call, type CloudMapStore, req } from './store.js';

const STATUSES = ['SUBMITTED', 'PENDING', 'SUCCESS', 'FAIL'];
const TYPES = [
  'CREATE_NAMESPACE',
  'DELETE_NAMESPACE',
  'UPDATE_NAMESPACE',
  'UPDATE_SERVICE',
  'REGISTER_INSTANCE',
  'DEREGISTER_INSTANCE',
];

function operationView(op: OperationRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    Id: op.Id,
    OwnerAccount: op.OwnerAccount,
    Type: op.Type,
    Status: op.Status,
    CreateDate: op.CreateDate,
    UpdateDate: op.UpdateDate,
    Targets: { ...op.Targets },
  };
  if (op.ErrorMessage !== undefined) view.ErrorMessage = op.ErrorMessage;
  if (op.ErrorCode !== undefined) view.ErrorCode = op.ErrorCode;
  return view;
}

/** GetOperation: polling an operation completes it (the local service's async model). */
export function getOperation(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const op = store.operation(req(input, 'OperationId'));
  const owner = input.OwnerAccount;
  if (owner !== undefined && owner !== op.OwnerAccount) {
    throw cloudMapError('OperationNotFound', `Operation ${op.Id} not found for account ${String(owner)}.`);
  }
  store.settle(op, true, call.now);
  return { Operation: operationView(op) };
}

/** Parses a Unix date/time filter value (seconds, possibly fractional). */
function epoch(value: string, index: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw invalidInput(
      `Filters UPDATE_DATE value ${index + 1} "${value}" is not a Unix date/time in seconds.`,
    );
  }
  return n;
}

export function listOperations(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const filters = parseFilters(input.Filters, {
    NAMESPACE_ID: ['EQ'],
    SERVICE_ID: ['EQ'],
    STATUS: ['EQ', 'IN'],
    TYPE: ['EQ', 'IN'],
    UPDATE_DATE: ['BETWEEN'],
  });
  const problems: string[] = [];
  for (const f of filters) {
    const allowed = f.name === 'STATUS' ? STATUSES : f.name === 'TYPE' ? TYPES : undefined;
    for (const v of allowed ? f.values : []) {
      if (!allowed!.includes(v)) problems.push(`${f.name} value "${v}" is not one of ${allowed!.join(', ')}`);
    }
  }
  if (problems.length > 0) throw invalidInput(`Filters are invalid: ${problems.join('; ')}.`);
  const matching = store.allOperations(call.now).filter((op) =>
    filters.every((f) => {
      switch (f.name) {
        case 'NAMESPACE_ID':
          return filterMatches(f, op.Targets.NAMESPACE ?? '');
        case 'SERVICE_ID':
          return filterMatches(f, op.Targets.SERVICE ?? '');
        case 'STATUS':
          return filterMatches(f, op.Status);
        case 'TYPE':
          return filterMatches(f, op.Type);
        default: {
          const from = epoch(f.values[0]!, 0);
          const to = epoch(f.values[1]!, 1);
          return op.UpdateDate >= from && op.UpdateDate <= to;
        }
      }
    }),
  );
  const { page, NextToken } = paginate(matching, input, 'ListOperations', { defaultSize: 100, maxSize: 100 });
  return {
    Operations: page.map((op) => ({ Id: op.Id, Status: op.Status })),
    ...(NextToken ? { NextToken } : {}),
  };
}
