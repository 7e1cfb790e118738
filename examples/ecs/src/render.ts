import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { djAppTemplate, renderDjAppTasks } from './task-definitions.js';

// Writes, for each DJ app node, the RegisterTaskDefinition input and the IAM policies, plus one
// CloudFormation template with the five task definitions, into the folder given (default ./out).
// Run: node --conditions=@meshplane/source --import tsx examples/ecs/src/render.ts [out-dir] [region]
const outDir = resolve(process.argv[2] ?? 'out');
const region = process.argv[3] ?? process.env.AWS_REGION ?? 'us-east-1';
const tasks = renderDjAppTasks({ region });
await mkdir(outDir, { recursive: true });
for (const task of tasks) {
  await writeFile(
    join(outDir, `${task.node}.task-definition.json`),
    `${JSON.stringify(task.taskDefinition.api, null, 2)}\n`,
  );
  await writeFile(join(outDir, `${task.node}.iam.json`), `${JSON.stringify(task.iam, null, 2)}\n`);
}
await writeFile(join(outDir, 'template.json'), `${JSON.stringify(djAppTemplate(tasks), null, 2)}\n`);
process.stdout.write(
  `wrote ${tasks.length} task definitions (${tasks.map((t) => t.node).join(', ')}) to ${outDir}\n`,
);
