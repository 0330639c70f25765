// The public API of @jiancha/core. The data types (Inspection, Finding, OutputLine, Stats, …) are in types.d.ts,
// generated from the engine's Rust types (schema/api.schema.json).
import type {
  ApiError,
  CapUse,
  CheckAnswer,
  CheckStatsAnswer,
  DatasetObject,
  Failure,
  Finding,
  FindingsAnswer,
  Inspection,
  LabelsAnswer,
  OutputLine,
  Plan,
  QuotaAnswer,
  RulesAnswer,
  Stats,
} from './types.js';

export type * from './types.js';

/** `{ok: true, …}` or `{ok: false, error}`. */
export type Answer<T> = T | Failure;

/** What `ready()` answers. */
export type Ready = Answer<{ ok: true; version: string }>;

/** A record as an object or as JSON text (read by the engine's own parser, so errors name the same paths). */
export type Json<T> = T | string;

/**
 * Loads the engine (once; later calls answer the same promise). In a browser the .wasm is fetched next to this
 * module; in Node it is read from the package. `source` overrides where it comes from (a URL, a Response or bytes).
 */
export function ready(source?: URL | string | Response | BufferSource | WebAssembly.Module): Promise<Ready>;

/** A dataset loaded once and checked against many times (what a form does on every change). */
export class Checker {
  private constructor();
  /** One inspection against the enterprise's earlier records (the server's `history` answers them). */
  validateInspection(inspection: Json<Inspection>, history?: Json<Inspection[]>): Answer<FindingsAnswer>;
  /** One plan against the dataset (replacing a plan of the same id). */
  validatePlan(plan: Json<Plan>): Answer<FindingsAnswer>;
  /** Many records, as `jiancha check --format jsonl` checks them: the output's JSON Lines. */
  check(records: string | Array<Inspection | string>): Answer<CheckAnswer>;
  /** `check`, with what its output adds up to. */
  checkWithStats(records: string | Array<Inspection | string>): Answer<CheckStatsAnswer>;
  /** What a check of these records adds up to: counts by severity, rule, agency, burden, alerts, joint rates. */
  stats(records: string | Array<Inspection | string>): Answer<{ ok: true; stats: Stats }>;
  /**
   * The frequency caps of `agency` for `enterprise` in `year`, counted over `history`, as in force on `day`
   * (default: today in Asia/Shanghai within this year, else 31 December of `year`).
   */
  quota(history: Json<Inspection[]> | null, enterprise: string, agency: string, year: number, day?: string): Answer<QuotaAnswer>;
  /** Frees the engine's copy of the dataset (optional). */
  free(): void;
}

/** Loads a dataset in the one-object form (object or JSON text) with an optional policy.toml. */
export function load(dataset: Json<DatasetObject>, policyToml?: string | null): Answer<{ ok: true; checker: Checker }>;
/** Loads the directory form, file name (`agencies.json`, `policy.toml`, …) → text. */
export function loadFiles(files: Record<string, string>): Answer<{ ok: true; checker: Checker }>;
/** Loads what `GET /v1/bundle` of `jiancha serve` answers. */
export function loadBundle(bundle: BundleAnswer): Answer<{ ok: true; checker: Checker }>;

/** The rule catalogue: ids, severities, titles, citations, parameters, notes, remedies. */
export function rules(): Answer<RulesAnswer>;
/** The contract's enumerations with their Chinese and English labels. */
export function labels(): Answer<LabelsAnswer>;
/** How a citation reads in Chinese text. */
export function citeZh(source: string, article: string): string;
/** The engine's version (`""` before `ready()`). */
export function version(): string;
/** The lines of a check's output. */
export function parseOutput(output: string): OutputLine[];
/** Today in Asia/Shanghai, `YYYY-MM-DD`. */
export function todayInShanghai(now?: Date): string;

/** `GET /v1/bundle`: the reference data in force as uploaded. */
export interface BundleAnswer {
  revision: number;
  name: string;
  digest: string;
  content: { files: Record<string, string> } | { object: string };
}

/** `GET /v1/enterprises/{uscc}/history`: the facts the cross-record rules read, without people's names. */
export interface HistoryAnswer {
  enterprise: string;
  bundle_revision: number;
  records: Inspection[];
}

/** `GET /v1/enterprises/{uscc}/quota`. */
export interface ServerQuota {
  enterprise: string;
  agency: string;
  year: number;
  as_of: string;
  bundle_revision: number;
  caps: CapUse[];
}

/** The server's answer to a check: the record's output line, and where the answer came from. */
export interface ServerCheck extends OutputLine {
  decision_id: string;
  provenance: {
    engine_version: string;
    rules_hash: string;
    bundle_revision: number;
    bundle_digest: string;
    history_records: number;
    plugins: string[];
  };
}

/** `GET /v1/me`: who the token is. */
export interface Me {
  id: string;
  label: string;
  agency: string;
  agency_name: string | null;
  role: "officer" | "supervisor" | "admin";
  expires_at: string | null;
}

/** A server answer: its JSON with `ok: true`, or the problem it answered. */
export type ServerAnswer<T> = ({ ok: true; status: number } & T) | { ok: false; status: number; error: ApiError };

/** A client of `jiancha serve` (same origin by default). Never throws. */
export interface Client {
  bundle(): Promise<ServerAnswer<BundleAnswer>>;
  history(uscc: string, year?: number): Promise<ServerAnswer<HistoryAnswer>>;
  quota(uscc: string, agency?: string, year?: number): Promise<ServerAnswer<ServerQuota>>;
  validate(inspection: Inspection): Promise<ServerAnswer<ServerCheck>>;
  file(inspection: Inspection): Promise<ServerAnswer<ServerCheck & Record<string, unknown>>>;
  me(): Promise<ServerAnswer<Me>>;
  /**
   * Any endpoint: an object answer's fields; an array answer as `items`; anything else as `text`. The body is sent
   * as JSON, or as it is with `options.type` its content type (a file upload, a TOML text).
   */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options?: { type?: string },
  ): Promise<ServerAnswer<T extends unknown[] ? { items: T } : T>>;
  /** The token it sends. */
  token: string;
}

export function client(options: { base?: string; token: string; fetch?: typeof fetch }): Client;

export type { Finding };
