import { LocalServiceError } from '../service.js';

/** App Mesh's error shapes (App Mesh API model) with their HTTP statuses. */
export const badRequest = (message: string) => new LocalServiceError('BadRequestException', 400, message);
export const notFound = (message: string) => new LocalServiceError('NotFoundException', 404, message);
export const conflict = (message: string) => new LocalServiceError('ConflictException', 409, message);
export const inUse = (message: string) => new LocalServiceError('ResourceInUseException', 409, message);
export const limitExceeded = (message: string) =>
  new LocalServiceError('LimitExceededException', 400, message);
export const tooManyTags = (message: string) => new LocalServiceError('TooManyTagsException', 400, message);
