/**
 * The clock moved to server/core/clock.ts. This re-export stays only while server/embedded-app.ts,
 * client/demo/demo-runtime.ts and client/test/app.ts still import it from here; delete it once
 * they import the new home.
 */
export { systemClock, type Clock } from '../core/clock.ts';
