// The error root alone, for packages whose own errors extend it at import time (the Lambda
// middleware): importing it does not load the model, validation or Smithy IR of the core root.
export { MeshplaneError } from './meshplane-error.js';
