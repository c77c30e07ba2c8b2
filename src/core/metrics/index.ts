// Metrics: the Prometheus HTTP API client and value comparison.
export { PrometheusClient, PrometheusError, prometheusFor, formatTime, PROMETHEUS_SERVICE, PROMETHEUS_PORT } from './prometheus';
export type { Sample, RangeSeries, QueryOptions } from './prometheus';
export { compare, singleValue } from './compare';
export type { SingleValue } from './compare';
