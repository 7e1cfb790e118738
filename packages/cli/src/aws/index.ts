export {
  isLoopbackUrl,
  type MeshTarget,
  openMeshTarget,
  PLACEHOLDER_CREDENTIALS,
  type TargetFlags,
  TargetFlagsError,
} from './mesh-target.js';
