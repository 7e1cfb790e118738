export { type AppMeshSourceOptions, appMeshSource } from './appmesh-source.js';
export { type FileSourceOptions, fileSource } from './file-source.js';
export { type ModelSource, type SourceReading, XdsSourceError } from './model-source.js';
export { type S3SourceOptions, s3Source } from './s3-source.js';
export { staticSource } from './static-source.js';
