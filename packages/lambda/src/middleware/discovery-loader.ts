// Imported dynamically by the runtime, only when the model has Cloud Map nodes. A static named
// import here lets bundlers keep createDiscovery and drop the rest of @meshplane/core/cloudmap
// (registration, operations), which a dynamic import of the package would keep whole.
export { createDiscovery } from '@meshplane/core/cloudmap';
