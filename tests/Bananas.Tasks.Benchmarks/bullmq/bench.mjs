// BullMQ side of the Bananas.Tasks benchmark (scenarios 1-3 and 6), run by the .NET harness once per measured run.
// Usage: node bench.mjs --scenario enqueue-single|enqueue-bulk|drain|latency|memory --host H --port P [options]
//   --count N        jobs measured (default 10000)
//   --inflight N     enqueue-single: calls in flight (default 64)
//   --batch N        enqueue-bulk: jobs per addBulk call (default 1000)
//   --concurrency N  drain and latency: worker concurrency (default 16)
//   --rate N         latency: jobs per second enqueued (default 2000)
//   --warmup N       jobs run first (not measured) so V8 has compiled the hot path (default 2000)
//   --removeOnComplete 0|1  drain: jobs added with removeOnComplete: true (completed jobs removed) (default 0: kept)
//   --payload N      memory: bytes of each job's data as JSON, {"data":"xx…"} (default 200)
// (latency-worker is internal: the worker process that `latency` forks.)
// Prints one line `RESULT {json}` on stdout (enqueue and drain add redisMicrosPerJob and processMicrosPerJob: the CPU
// Redis and this Node process spent per job over the measured window, and `cmd.NAME`: the calls of each command Redis
// executed in it, from INFO commandstats, which counts the redis.calls inside scripts too; memory gives usedMemoryDelta:
// the growth of INFO memory used_memory while `count` jobs were added with addBulk, the harness's method for Bananas);
// exits non-zero with a message on stderr on any error.
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';

const scenarios = ['enqueue-single', 'enqueue-bulk', 'drain', 'latency', 'latency-worker', 'memory'];

function parseArgs(argv) {
  const opts = { count: 10000, inflight: 64, batch: 1000, concurrency: 16, rate: 2000, warmup: 2000, removeOnComplete: 0, payload: 200, host: null, port: null, scenario: null, queue: null };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name.startsWith('--') || value === undefined) throw new Error(`bench.mjs: bad argument '${name}'; expected --name value pairs (see the header of bench.mjs)`);
    const key = name.slice(2);
    if (!(key in opts)) throw new Error(`bench.mjs: unknown option '${name}'; accepted: ${Object.keys(opts).map(k => '--' + k).join(', ')}`);
    if (key === 'scenario' || key === 'host' || key === 'queue') opts[key] = value;
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`bench.mjs: ${name} is '${value}'; expected a whole number >= 0`);
      opts[key] = n;
    }
  }
  if (!scenarios.includes(opts.scenario)) throw new Error(`bench.mjs: --scenario is '${opts.scenario}'; expected one of ${scenarios.join(', ')}`);
  if (!opts.host || !opts.port) throw new Error('bench.mjs: --host and --port are required');
  return opts;
}

// CPU profile of a measured window: Redis's CPU (INFO cpu) and this process's, per job in microseconds.
let infoClient = null;
async function redisCpuSeconds() {
  const info = await infoClient.info('cpu');
  let total = 0;
  for (const line of info.split('\n')) {
    const [key, value] = line.trim().split(':');
    if (key === 'used_cpu_user' || key === 'used_cpu_sys') total += Number(value);
  }
  return total;
}
// Calls per command from INFO commandstats (the harness reads it the same way: RedisStats.CommandStatsAsync).
async function commandStats() {
  const info = await infoClient.info('commandstats');
  const stats = {};
  for (const line of info.split('\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (m) stats[m[1]] = Number(m[2]);
  }
  return stats;
}
async function usedMemory() {
  const info = await infoClient.info('memory');
  const m = /^used_memory:(\d+)/m.exec(info);
  if (!m) throw new Error('bench.mjs: INFO memory has no used_memory line');
  return Number(m[1]);
}
async function startCpu() {
  const commands = await commandStats();
  return { redis: await redisCpuSeconds(), process: process.cpuUsage(), wall: performance.now(), commands };
}
async function stopCpu(start, jobs) {
  const used = process.cpuUsage(start.process);
  const redis = await redisCpuSeconds() - start.redis;
  const commands = await commandStats();
  const proc = (used.user + used.system) / 1e6;
  const result = { redisMicrosPerJob: redis * 1e6 / jobs, processMicrosPerJob: proc * 1e6 / jobs };
  for (const [name, calls] of Object.entries(commands)) {
    const delta = calls - (start.commands[name] ?? 0);
    if (delta > 0 && name !== 'info') result['cmd.' + name] = delta;
  }
  return result;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
let queueSerial = 0;
const queueName = label => `bench-${label}-${process.pid}-${queueSerial++}`;

async function enqueueSingle(connection, count, inflight) {
  const queue = new Queue(queueName('single'), { connection });
  await queue.waitUntilReady();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await queue.add('noop', { i });
    }
  };
  const cpu = await startCpu();
  const start = performance.now();
  await Promise.all(Array.from({ length: inflight }, lane));
  const seconds = (performance.now() - start) / 1000;
  const profile = await stopCpu(cpu, count);
  await queue.close();
  return { jobs: count, seconds, perSecond: count / seconds, ...profile };
}

async function enqueueBulk(connection, count, batch) {
  const queue = new Queue(queueName('bulk'), { connection });
  await queue.waitUntilReady();
  const cpu = await startCpu();
  const start = performance.now();
  for (let done = 0; done < count; done += batch) {
    const size = Math.min(batch, count - done);
    const jobs = new Array(size);
    for (let j = 0; j < size; j++) jobs[j] = { name: 'noop', data: { i: done + j } };
    await queue.addBulk(jobs);
  }
  const seconds = (performance.now() - start) / 1000;
  const profile = await stopCpu(cpu, count);
  await queue.close();
  return { jobs: count, seconds, perSecond: count / seconds, ...profile };
}

async function preEnqueue(queue, count, opts) {
  for (let done = 0; done < count; done += 1000) {
    const size = Math.min(1000, count - done);
    const jobs = new Array(size);
    for (let j = 0; j < size; j++) jobs[j] = opts ? { name: 'noop', data: { i: done + j }, opts } : { name: 'noop', data: { i: done + j } };
    await queue.addBulk(jobs);
  }
}

// Pre-enqueues `count` no-op jobs, then one worker drains them: time from the first processor call to the
// `completed` event of the last job (BullMQ emits it after the job has been moved to completed in Redis).
// With removeOnComplete the jobs are added with { removeOnComplete: true }: moveToFinished deletes each at completion.
async function drain(connection, count, concurrency, removeOnComplete) {
  const name = queueName('drain');
  const queue = new Queue(name, { connection });
  await queue.waitUntilReady();
  await preEnqueue(queue, count, removeOnComplete ? { removeOnComplete: true } : null);
  let first = 0;
  let completed = 0;
  let resolveDone;
  const done = new Promise(resolve => { resolveDone = resolve; });
  const worker = new Worker(name, async () => {
    if (first === 0) first = performance.now();
  }, { connection, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++completed === count) resolveDone(performance.now());
  });
  worker.on('error', err => { console.error(`bench.mjs: worker error: ${err.message}`); process.exitCode = 1; });
  const cpu = await startCpu();
  worker.run();
  const end = await done;
  const profile = await stopCpu(cpu, count);
  await worker.close();
  if (removeOnComplete) {
    const left = await queue.getJobCountByTypes('completed');
    if (left !== 0) throw new Error(`bench.mjs: ${left} completed jobs are still kept although they were added with removeOnComplete: true`);
  }
  await queue.close();
  const seconds = (end - first) / 1000;
  return { jobs: count, seconds, perSecond: count / seconds, ...profile };
}

// Scenario 6: `count` jobs whose data is `payload` bytes of JSON, added with addBulk(1000), 4 calls in flight (as the
// harness pre-enqueues Bananas jobs), to a flushed server; the growth of used_memory over the adds (the harness
// measures Bananas the same way). Nothing runs them.
async function memory(connection, count, payload) {
  const filler = 'x'.repeat(payload - '{"data":""}'.length);
  if (JSON.stringify({ data: filler }).length !== payload) throw new Error(`bench.mjs: the memory payload is not ${payload} bytes`);
  const queue = new Queue(queueName('memory'), { connection });
  await queue.waitUntilReady();
  const before = await usedMemory();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const start = next;
      const size = Math.min(1000, count - start);
      next += size;
      const jobs = new Array(size);
      for (let j = 0; j < size; j++) jobs[j] = { name: 'blob', data: { data: filler } };
      await queue.addBulk(jobs);
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  const after = await usedMemory();
  const waiting = await queue.getWaitingCount();
  await queue.close();
  if (waiting !== count) throw new Error(`bench.mjs: ${waiting} jobs are waiting after adding ${count}`);
  return { jobs: count, usedMemoryDelta: after - before, bytesPerJob: (after - before) / count };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

// Wall-clock milliseconds with sub-millisecond resolution, comparable between processes on one machine.
const wallMs = () => performance.timeOrigin + performance.now();

// An idle worker in a process of its own (forked, like the .NET side's child worker); jobs enqueued from this process
// at a steady rate (paced on a 1 ms timer, like the .NET side); latency from just before `queue.add` to the start of
// the processor. The worker reports the measured latencies back over IPC.
async function latency(connection, count, rate, concurrency, warmup, name) {
  const { fork } = await import('node:child_process');
  const queue = new Queue(name, { connection });
  await queue.waitUntilReady();
  const workerArgs = ['--scenario', 'latency-worker', '--host', connection.host, '--port', String(connection.port),
    '--count', String(count), '--warmup', String(warmup), '--concurrency', String(concurrency), '--queue', name];
  const child = fork(new URL(import.meta.url).pathname, workerArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages = [];
  let wake = null;
  child.on('message', m => { messages.push(m); if (wake) wake(); });
  child.on('exit', code => { if (code !== 0) { messages.push({ error: `latency worker exited with code ${code}` }); if (wake) wake(); } });
  const next = async () => {
    while (messages.length === 0) await new Promise(resolve => { wake = resolve; });
    const m = messages.shift();
    if (m.error) throw new Error(m.error);
    return m;
  };
  await next(); // ready
  await sleep(500);

  const paced = async (n, measured) => {
    const adds = [];
    const start = performance.now();
    let sent = 0;
    while (sent < n) {
      const due = Math.min(n, Math.floor((performance.now() - start) * rate / 1000) + 1);
      while (sent < due) {
        adds.push(queue.add('probe', { t: wallMs(), m: measured ? 1 : 0 }));
        sent++;
      }
      await sleep(1);
    }
    await Promise.all(adds);
    return (performance.now() - start) / 1000;
  };

  if (warmup > 0) {
    await paced(warmup, false);
    await sleep(500);
  }
  const seconds = await paced(count, true);
  const { latencies } = await next();
  await queue.close();
  latencies.sort((a, b) => a - b);
  return {
    jobs: count, seconds, perSecond: count / seconds,
    p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), p999: percentile(latencies, 0.999), max: latencies[latencies.length - 1],
  };
}

async function latencyWorker(connection, count, warmup, concurrency, name) {
  const latencies = [];
  let seen = 0;
  let resolveDone;
  const done = new Promise(resolve => { resolveDone = resolve; });
  const worker = new Worker(name, async job => {
    const ms = wallMs() - job.data.t;
    if (job.data.m === 1) latencies.push(ms);
    if (++seen === count + warmup) resolveDone();
  }, { connection, concurrency, autorun: false });
  worker.on('error', err => { console.error(`bench.mjs: worker error: ${err.message}`); process.exitCode = 1; });
  worker.run();
  await worker.waitUntilReady();
  process.send({ ready: true });
  await done;
  await new Promise(resolve => process.send({ latencies }, resolve));
  await worker.close();
}

async function warm(connection, opts) {
  if (opts.warmup === 0) return;
  switch (opts.scenario) {
    case 'enqueue-single': await enqueueSingle(connection, opts.warmup, opts.inflight); break;
    case 'enqueue-bulk': await enqueueBulk(connection, opts.warmup, opts.batch); break;
    case 'drain': await drain(connection, opts.warmup, opts.concurrency, opts.removeOnComplete === 1); break;
    default: break; // latency warms up inside its own run; memory measures no speed
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const connection = { host: opts.host, port: opts.port, maxRetriesPerRequest: null };
  infoClient = new IORedis({ host: opts.host, port: opts.port });
  await warm(connection, opts);
  let result;
  switch (opts.scenario) {
    case 'enqueue-single': result = await enqueueSingle(connection, opts.count, opts.inflight); break;
    case 'enqueue-bulk': result = await enqueueBulk(connection, opts.count, opts.batch); break;
    case 'drain': result = await drain(connection, opts.count, opts.concurrency, opts.removeOnComplete === 1); break;
    case 'memory': result = await memory(connection, opts.count, opts.payload); break;
    case 'latency': result = await latency(connection, opts.count, opts.rate, opts.concurrency, opts.warmup, queueName('latency')); break;
    case 'latency-worker': await latencyWorker(connection, opts.count, opts.warmup, opts.concurrency, opts.queue); infoClient.disconnect(); return;
  }
  infoClient.disconnect();
  process.stdout.write('RESULT ' + JSON.stringify(result) + '\n');
}

main().then(() => process.exit(process.exitCode ?? 0), err => {
  console.error(`bench.mjs failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
