export {
  type CommandFailure,
  failureOf,
  invalidModelJson,
  printFailure,
  printFlagProblems,
} from './failure.js';
export {
  countIssues,
  formatIssue,
  formatIssueLocation,
  type IssueCounts,
  issueToJson,
  plural,
  sortIssues,
} from './issues.js';
export { type Output, printJson, processOutput } from './writer.js';
