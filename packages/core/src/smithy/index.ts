export { appMeshModel } from './generated/appmesh-model.js';
export { serviceDiscoveryModel } from './generated/servicediscovery-model.js';
export type {
  Bounds,
  MemberIR,
  MemberLocation,
  OperationIR,
  ShapeIR,
  ShapeType,
  SmithyModelIR,
} from './ir.js';
export { type ValidateShapeOptions, validateShape } from './validate-shape.js';
