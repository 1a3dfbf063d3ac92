import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics the bot exports on GET /metrics. One registry per process, made in compose. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  });
  const jobRuns = new Counter({ name: 'job_runs_total', help: 'Background job runs by name and outcome', labelNames: ['job', 'outcome'], registers: [registry] });
  const jobDuration = new Histogram({
    name: 'job_duration_seconds', help: 'Background job run time by name', labelNames: ['job'],
    buckets: [0.05, 0.25, 1, 5, 15, 60, 300], registers: [registry],
  });
  return {
    registry,
    observeRequest: (method: string, route: string, status: number, seconds: number) => httpDuration.labels(method, route, String(status)).observe(seconds),
    observeJob: (job: string, outcome: 'success' | 'failure', seconds: number) => {
      jobRuns.labels(job, outcome).inc();
      jobDuration.labels(job).observe(seconds);
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
