// `node --import ./register.mjs out/main/desktop.js`: runs the built desktop door with
// `electron` resolved to the recording stub beside this file.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
