import { jestConfig } from '@cso/platform/jest';

export default jestConfig(import.meta.url);
