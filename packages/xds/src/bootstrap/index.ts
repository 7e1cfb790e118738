export { type AppMeshBootstrapOptions, appMeshBootstrap } from './app-mesh-bootstrap.js';
