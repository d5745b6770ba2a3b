export { bootstrap, buildSchema, definition, entities } from './app.js';
export { District } from './district/district.entity.js';
