import type { Api } from '../../shared/contract/api.ts';
import { createBridgeApi } from './bridge-api.ts';
import { createHttpApi } from './http-api.ts';

/** Desktop when the preload exposed a bridge, otherwise the server that served this page. */
export function chooseApi(target: Window = window): Api {
  return target.tach ? createBridgeApi(target.tach) : createHttpApi(target.location.origin);
}
