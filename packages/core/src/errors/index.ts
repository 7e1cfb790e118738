// The error root alone, for packages whose own errors extend it at import time (the Lambda
// middleware): importing it does not load the model, validation or Smithy IR of the core root.

// Each package's root error brands itself so that `instanceof` holds across copies (error-brand.ts).
export { brandErrorClass } from './error-brand.js';
export { MeshplaneError } from './meshplane-error.js';
