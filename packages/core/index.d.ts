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

/** A state of a problem of the 问题清单, in the closed loop 发现 → 交办 → 整改 → 评价. */
export type ProblemState = "found" | "assigned" | "rectified" | "evaluated";

/** One move of a problem. */
export interface ProblemMove {
  from: ProblemState;
  to: ProblemState;
  note: string;
  by: string;
  at: string;
}

/** A problem of the 问题清单: one rule broken (or one kind of complaint) by one agency in one year. */
export interface ListedProblem {
  key: string;
  year: number;
  agency: string;
  category: "subject" | "items" | "procedure" | "special-unapproved" | "plan-or-cap" | "conduct" | "complaint";
  category_zh: string;
  category_en: string;
  rule: string;
  severity: "violation" | "warning" | "info";
  title: string;
  title_en: string;
  citations: { source: string; article: string }[];
  remedy: string;
  remedy_en: string;
  records: string[];
  state: ProblemState;
  state_zh: string;
  history: ProblemMove[];
  evaluations: { record: string; rating: number; complaints: string[]; text: string; at: string }[];
}

/** `GET /v1/problems`. */
export interface ProblemsAnswer {
  list: {
    year: number;
    agencies: { agency: string; agency_name: string; problems: ListedProblem[] }[];
    by_state: [ProblemState, number][];
  };
  states: { key: ProblemState; zh: string; en: string; next: ProblemState | null; targets: ProblemState[] }[];
}

/** `POST /v1/public/codes:verify`: what an enterprise sees of a code (no person named). */
export interface CodeVerification {
  verification: {
    status: "registered" | "expired" | "unknown" | "foreign";
    message: string;
    message_en: string;
    inspection: null | {
      agency: string;
      agency_name: string | null;
      joint_agencies: [string, string | null][];
      trigger: string;
      mode: "on-site" | "off-site";
      started_at: string;
      ended_at: string;
      items: { id: string; name: string | null; published: boolean }[];
      approved_at: string | null;
      code_assigned_at: string | null;
      notice_sent_at: string | null;
      notice_complete: boolean;
      notice_exemption: string | null;
      urgency: string | null;
      visits: null | { year: number; used: number; cap: number | null; exempt: boolean };
    };
  };
  /** Evaluations of this visit so far, whether another may be given, and how many a visit may have. */
  evaluations: number;
  evaluable: boolean;
  evaluations_max: number;
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
  /** `GET /v1/problems` (supervisors). */
  problems(year?: number): Promise<ServerAnswer<ProblemsAnswer>>;
  /** `POST /v1/problems/{key}/moves` (supervisors): to the next state, refused when the problem is no longer in `from`. */
  moveProblem(
    key: string,
    to: ProblemState,
    options?: { note?: string; from?: ProblemState },
  ): Promise<ServerAnswer<{ key: string; state: ProblemState; state_zh: string; seq: number }>>;
  /** `POST /v1/public/codes:verify` (no sign-in needed). */
  verifyCode(code: string, enterprise: string): Promise<ServerAnswer<CodeVerification>>;
  /** `POST /v1/public/evaluations` (no sign-in needed): up to `evaluations_max` a visit. */
  evaluate(evaluation: {
    code: string;
    enterprise: string;
    rating: 1 | 2 | 3 | 4 | 5;
    complaints?: string[];
    text?: string;
  }): Promise<ServerAnswer<{ received: boolean; message: string }>>;
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
