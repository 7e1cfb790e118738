import { loadModelFromPath } from '@meshplane/core';

// AWS's template with the parameter its deploy script passes (`--parameter-overrides
// ProjectName=djapp`), for the commands that take no --parameter yet (export, migrate plan,
// destroy). The importer's warnings are `meshplane validate`'s job; an error stops here.
export default async function djapp() {
  const { model, issues } = await loadModelFromPath(new URL('djapp.yaml', import.meta.url).pathname, {
    parameters: { ProjectName: 'djapp' },
  });
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((issue) => issue.message).join('\n'));
  return model;
}
