/**
 * Bedrock model lifecycle as data: Active, then Legacy from a date, then end
 * of life (EOL) on a date, after which requests fail with
 * "ResourceNotFoundException ... reached the end of its life". AWS publishes
 * the dates per model and, for some models, per region; only the dates on
 * AWS's pages count for Bedrock (a provider's own retirement dates do not).
 *
 * A state is always judged against a date (the synth date), never stored as
 * "legacy: true", so a catalog written today turns a model Legacy or EOL on
 * the right day without an edit.
 */

/** `YYYY-MM-DD`, a UTC calendar day. */
export type IsoDate = `${number}-${number}-${number}`;

export interface Lifecycle {
  /** First day AWS lists the model as Legacy. Absent while no date is announced. */
  readonly legacyFrom?: IsoDate;
  /** First day requests fail. Absent while no date is announced. */
  readonly endOfLife?: IsoDate;
  /** The documentation page the dates come from. */
  readonly source: string;
}

export type LifecycleState = "active" | "legacy" | "end-of-life";

/** The state on `date` (compared as a UTC calendar day). */
export function lifecycleState(lifecycle: Lifecycle, date: Date): LifecycleState {
  const day = isoDay(date);
  if (lifecycle.endOfLife && day >= lifecycle.endOfLife) return "end-of-life";
  if (lifecycle.legacyFrom && day >= lifecycle.legacyFrom) return "legacy";
  return "active";
}

export function isoDay(date: Date): IsoDate {
  return date.toISOString().slice(0, 10) as IsoDate;
}

export function isIsoDate(value: string): value is IsoDate {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
