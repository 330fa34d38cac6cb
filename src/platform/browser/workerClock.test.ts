import { expect, test } from 'vitest';
import { WorkerClock } from './workerClock';

test('the worker clock follows ticks, runs at the hub speed in between, stops when paused and never goes back', () => {
  let real = 1000;
  const c = new WorkerClock(() => real);
  c.setPace({ atMs: 0, speed: 0.5, paused: false, tickMs: 100 });
  c.tick(200);
  real += 10;
  expect(c.now()).toBe(205);
  real += 1000; // no tick for a long time: at most one tick ahead
  expect(c.now()).toBe(300);
  c.tick(250); // a late tick does not move the clock back
  expect(c.now()).toBe(300);
  c.setPace({ atMs: 300, speed: 1, paused: true, tickMs: 100 });
  real += 50;
  expect(c.now()).toBe(300);
});
