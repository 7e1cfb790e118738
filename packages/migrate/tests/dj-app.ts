import { djAppMesh } from '../../../examples/dj-app/src/mesh.js';

/** The DJ app mid-canary: jazz 90/10, metal 50/50 (the figures). */
export const djCanary = () => djAppMesh({ jazz: { v1: 90, v2: 10 }, metal: { v1: 50, v2: 50 } });

/** Roles of the DJ app's callers, for the API form. */
export const djApiOptions = {
  vpcId: 'vpc-0123456789abcdef0',
  taskRoleArns: { dj: 'arn:aws:iam::111122223333:role/dj-task' },
  cluster: 'dj-cluster',
  ecsInfrastructureRoleArn: 'arn:aws:iam::111122223333:role/ecsInfrastructureRole',
};
