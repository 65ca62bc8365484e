/** The app's version: package.json's version, plus `+<PERTURBER_BUILD_ID>` when the build sets one. */
export const APP_VERSION: string = __APP_VERSION__;
