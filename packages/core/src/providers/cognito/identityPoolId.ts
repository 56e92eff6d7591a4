/** Identity pool ids (`{region}:{GUID}`), read by the client (identityPoolApi.ts) and the kit. */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d+):[0-9a-f-]+$/;

/** The region of an identity pool id (`eu-west-1:0d6b…`), or undefined when it is not one. */
export function identityPoolRegion(identityPoolId: string): string | undefined {
  return POOL_ID.exec(identityPoolId)?.[1];
}
