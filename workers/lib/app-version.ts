import { version } from '../../package.json';

/** This build's version, from package.json; recorded with every registered model version. */
export const APP_VERSION: string = version;
