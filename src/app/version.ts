/** The lab's version, shown by `iamlab --version` and `/_iamlab/health`. Kept in step with package.json by a test. */
export const VERSION = '0.1.0';
