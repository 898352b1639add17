import { invocationOf } from "../bedrock/model-ref";
import type { ModelRole, ResolvedBedrock } from "../bedrock/resolve";
import { parseQuotaName, type QuotaMode, type QuotaUnit, sameModelName } from "./quota-names";
import { LOW_REQUESTS_PER_MINUTE, LOW_TOKENS_PER_DAY, LOW_TOKENS_PER_MINUTE } from "./thresholds";

/** One Service Quotas entry of the bedrock service. */
export interface QuotaRecord {
  readonly code: string;
  readonly name: string;
  readonly value?: number;
  /** "applied" from ListServiceQuotas; "default" when only the AWS default is known. */
  readonly source: "applied" | "default";
}

export type QuotaStatus = "ok" | "low" | "zero" | "missing";

export interface QuotaRow {
  /** The roles that use the model, such as "chat" or "chat, light". */
  readonly roles: string;
  /** The configured model or profile id. */
  readonly modelId: string;
  readonly quotaName: string;
  readonly value?: number;
  readonly source?: QuotaRecord["source"];
  readonly status: QuotaStatus;
}

export interface QuotaReport {
  readonly rows: readonly QuotaRow[];
  /** A quota of 0 makes Bedrock refuse every call. */
  readonly failed: boolean;
}

const LOW: Readonly<Record<QuotaUnit, number>> = {
  "tokens per minute": LOW_TOKENS_PER_MINUTE,
  "requests per minute": LOW_REQUESTS_PER_MINUTE,
  "tokens per day": LOW_TOKENS_PER_DAY,
};

/**
 * The quotas that govern the configured models, as they are called: in-region
 * models draw on "On-demand" quotas, geographic profiles on "Cross-region"
 * ones and global. profiles on "Global cross-region" ones. Daily caps count
 * every call. A model with no matching quota gets a "missing" row, because a
 * renamed quota must show up rather than pass silently.
 */
export function checkQuotas(bedrock: ResolvedBedrock, quotas: readonly QuotaRecord[]): QuotaReport {
  const rolesById = new Map<string, ModelRole[]>();
  for (const role of Object.keys(bedrock.models) as ModelRole[]) {
    const id = bedrock.models[role];
    rolesById.set(id, [...(rolesById.get(id) ?? []), role]);
  }

  const rows: QuotaRow[] = [];
  for (const [modelId, roles] of rolesById) {
    const invocation = invocationOf(modelId, bedrock.region);
    const mode: QuotaMode = !invocation.profile ? "on-demand" : invocation.profile === "global" ? "global-cross-region" : "cross-region";
    const matching = quotas
      .map((quota) => ({ quota, parsed: parseQuotaName(quota.name) }))
      .filter(({ parsed }) => parsed && (parsed.mode === undefined || parsed.mode === mode))
      .filter(({ parsed }) => invocation.model.quotaNames.some((n) => sameModelName(n, parsed!.model)))
      .sort((a, b) => a.quota.name.localeCompare(b.quota.name));
    if (matching.length === 0) {
      rows.push({ roles: roles.join(", "), modelId, quotaName: `no ${mode} quota found for ${invocation.model.quotaNames[0]}`, status: "missing" });
      continue;
    }
    for (const { quota, parsed } of matching) {
      rows.push({
        roles: roles.join(", "),
        modelId,
        quotaName: quota.name,
        value: quota.value,
        source: quota.source,
        status: statusOf(quota.value, LOW[parsed!.unit]),
      });
    }
  }
  return { rows, failed: rows.some((r) => r.status === "zero") };
}

function statusOf(value: number | undefined, low: number): QuotaStatus {
  if (value === undefined) return "missing";
  if (value <= 0) return "zero";
  return value < low ? "low" : "ok";
}
