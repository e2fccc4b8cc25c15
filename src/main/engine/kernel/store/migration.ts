/** One numbered schema step. `version` is what `user_version` becomes once `up` has run. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}
