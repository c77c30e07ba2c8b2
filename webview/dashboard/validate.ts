// The webview's guards for host messages: every message is checked before it touches the state.
// Pure (unit-tested in Node). Types come from the protocol, with `import type` only.
import type {
  CheckResultView,
  DashboardInit,
  FaultBand,
  FaultStateView,
  HostMessage,
  NotRunView,
  PanelUnit,
  Point,
  SeriesPoints,
  ServiceView,
  WindowMinutes,
} from '../../src/extension/webviews/dashboard/protocol';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isId = (x: unknown): x is string => isStr(x) && x.length > 0;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
const opt = <T>(x: unknown, guard: (v: unknown) => v is T): boolean => x === undefined || guard(x);
const arrayOf = <T>(x: unknown, guard: (v: unknown) => v is T): x is T[] => Array.isArray(x) && x.every(guard);

const UNITS: readonly string[] = ['seconds', 'reqps', 'percent', 'ratio', 'count', 'bytes', 'cost-per-hour'];
const OPS: readonly string[] = ['<', '<=', '==', '!=', '>=', '>'];
const HEALTH: readonly string[] = ['healthy', 'unhealthy', 'starting', 'none'];
const FAULT_STATES: readonly string[] = ['inactive', 'active', 'failed'];
const KINDS: readonly string[] = ['http', 'container', 'network'];

export const isWindow = (x: unknown): x is WindowMinutes => x === 5 || x === 15 || x === 30;
const isUnit = (x: unknown): x is PanelUnit => isStr(x) && UNITS.includes(x);

function isPoint(x: unknown): x is Point {
  return Array.isArray(x) && x.length === 2 && isNum(x[0]) && (x[1] === null || isNum(x[1]));
}

function isSeries(x: unknown): x is SeriesPoints {
  return isObj(x) && isStr(x.label) && Array.isArray(x.points) && x.points.every(isPoint);
}

function isBand(x: unknown): x is FaultBand {
  return isObj(x) && isId(x.faultId) && isStr(x.title) && isNum(x.start) && opt(x.end, isNum) && opt(x.failed, isBool);
}

function isFaultState(x: unknown): x is FaultStateView {
  return (
    isObj(x) &&
    isId(x.id) &&
    isStr(x.state) &&
    FAULT_STATES.includes(x.state) &&
    (x.pending === undefined || x.pending === 'inject' || x.pending === 'revert') &&
    opt(x.detail, isStr)
  );
}

function isService(x: unknown): x is ServiceView {
  return isObj(x) && isStr(x.service) && isStr(x.state) && isStr(x.health) && HEALTH.includes(x.health);
}

const isNotRun = (x: unknown): x is NotRunView => isObj(x) && isStr(x.file) && isStr(x.detail);
const isNotRunList = (x: unknown): x is NotRunView[] => arrayOf(x, isNotRun);

function isResult(x: unknown): x is CheckResultView {
  return (
    isObj(x) &&
    isId(x.id) &&
    isStr(x.title) &&
    isBool(x.passed) &&
    (x.measured === null || isNum(x.measured) || isStr(x.measured)) &&
    isStr(x.op) &&
    OPS.includes(x.op) &&
    (isNum(x.threshold) || isStr(x.threshold)) &&
    opt(x.unit, isUnit) &&
    opt(x.source, isStr) &&
    opt(x.note, isStr)
  );
}

function isInit(x: Obj): x is Obj & DashboardInit {
  const lab = x.lab;
  return (
    isObj(lab) &&
    isId(lab.id) &&
    isStr(lab.title) &&
    isStr(lab.summary) &&
    arrayOf(x.panels, (p): p is DashboardInit['panels'][number] => isObj(p) && isId(p.id) && isStr(p.title) && isUnit(p.unit)) &&
    arrayOf(
      x.faults,
      (f): f is DashboardInit['faults'][number] => isObj(f) && isId(f.id) && isStr(f.title) && isStr(f.kind) && KINDS.includes(f.kind) && opt(f.description, isStr),
    ) &&
    arrayOf(x.checks, (c): c is DashboardInit['checks'][number] => isObj(c) && isId(c.id) && isStr(c.title)) &&
    isWindow(x.window) &&
    isBool(x.trusted)
  );
}

/** True when `x` is a well-formed host message. */
export function isHostMessage(x: unknown): x is HostMessage {
  if (!isObj(x) || !isStr(x.type)) return false;
  switch (x.type) {
    case 'init':
      return isInit(x);
    case 'points':
      return isId(x.panelId) && arrayOf(x.series, isSeries) && isNum(x.end) && opt(x.replace, isBool);
    case 'panelError':
      return isId(x.panelId) && isStr(x.message);
    case 'prometheusDown':
      return isStr(x.where) && isStr(x.message);
    case 'faults':
      return arrayOf(x.states, isFaultState);
    case 'faultBands':
      return arrayOf(x.bands, isBand);
    case 'stack':
      return isBool(x.running) && arrayOf(x.services, isService) && opt(x.error, isStr) && opt(x.starting, isBool);
    case 'checkProgress':
      return isStr(x.phase) && isStr(x.message) && (x.fraction === undefined || (isNum(x.fraction) && x.fraction >= 0 && x.fraction <= 1));
    case 'checkResults':
      return isBool(x.passed) && arrayOf(x.results, isResult) && opt(x.reportPath, isStr) && opt(x.error, isStr) && opt(x.notRun, isNotRunList);
    case 'error':
      return isStr(x.message);
    default:
      return false;
  }
}
