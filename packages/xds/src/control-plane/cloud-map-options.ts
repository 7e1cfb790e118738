import { defineOptions, type OptionRule, optionDependency, optionRule } from '@meshplane/core';
import { ONE_CLIENT_RULE } from '../sources/model-source.js';
import type { CloudMapPollerOptions } from './cloud-map-poller.js';

/** The defaults of the Cloud Map poll intervals, in milliseconds. */
export const POLLING_DEFAULTS = { revisionIntervalMs: 500, fullRefreshMs: 10_000 } as const;

// Below 50 ms a poll loop per service would spend DiscoverInstancesRevision's 3,000 TPS account
// quota on a few dozen services.
const milliseconds = optionRule(
  'must be a number of milliseconds >= 50',
  (v) => typeof v === 'number' && Number.isFinite(v) && v >= 50,
);

const POLL_INTERVALS = {
  revisionIntervalMs: milliseconds,
  fullRefreshMs: milliseconds,
} as const;

// A full fetch is the fallback for health changes the revision does not see: asking for it more
// often than for the revision is a mistake, not a tuning.
const FULL_AFTER_REVISION = optionDependency(
  'fullRefreshMs',
  ['revisionIntervalMs'],
  `must be at least revisionIntervalMs (${POLLING_DEFAULTS.revisionIntervalMs} when not given)`,
  (o) =>
    ((o.fullRefreshMs as number | undefined) ?? POLLING_DEFAULTS.fullRefreshMs) >=
    ((o.revisionIntervalMs as number | undefined) ?? POLLING_DEFAULTS.revisionIntervalMs),
);

/** The control plane's `polling` option: the poll intervals alone. */
export const POLLING_OPTIONS = defineOptions<
  Pick<CloudMapPollerOptions, 'revisionIntervalMs' | 'fullRefreshMs'>
>(POLL_INTERVALS, [FULL_AFTER_REVISION]);

const isFunction = (v: unknown) => typeof v === 'function';

/** The options of `createCloudMapPoller`: the intervals and the two callbacks. */
export const POLLER_OPTIONS = defineOptions<CloudMapPollerOptions>(
  {
    ...POLL_INTERVALS,
    onChange: optionRule('must be a function', isFunction),
    onProblem: optionRule('must be a function', isFunction),
  },
  [FULL_AFTER_REVISION],
);

/**
 * Cloud Map's client options (core's `CloudMapClientOptions`): the sources' one-client rule,
 * exactly one of `client` and `clientConfig`, printed `<hidden>`.
 */
export const CLOUD_MAP_CLIENT_RULE: OptionRule = ONE_CLIENT_RULE;

/** The poller's first argument, checked as the option `cloudMap` it is in the control plane. */
export const POLLER_CLIENT_OPTIONS = defineOptions<{ cloudMap: unknown }>({
  cloudMap: { ...CLOUD_MAP_CLIENT_RULE, required: true },
});
