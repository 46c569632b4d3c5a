/**
 * The path part of SigV2's CanonicalizedResource (§5.4): always path-style and always naming the bucket;
 * a bucket-level request is `/<bucket>/` with the trailing slash (what botocore signs for ListObjects, and
 * what a virtual-hosted `GET /` becomes). Service-level requests (ListBuckets) are `/`.
 */
export function sigv2AuthPath(rawPath: string, virtualHostedBucket: string | undefined): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (virtualHostedBucket !== undefined) return `/${virtualHostedBucket}${path}`;
  if (path !== '/' && path.indexOf('/', 1) === -1) return `${path}/`;
  return path;
}
