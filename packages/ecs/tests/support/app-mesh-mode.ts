// Tests written when every task definition was App Mesh-managed state that mode explicitly: the
// default is now the per-task control plane (controlPlane: 'task'), and their assertions describe
// the App Mesh-managed output, which stays byte for byte what it was.
export const appMesh = <T>(options: T): T =>
  options !== null && typeof options === 'object' && !Array.isArray(options) && !('controlPlane' in options)
    ? ({ controlPlane: 'appmesh', ...options } as T)
    : options;
