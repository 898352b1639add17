import { type PolicyAnnotationKind, parsePolicyAnnotation } from "../policy/annotations";
import { compareText } from "../terraform/compare-text";
import type { Annotation } from "./synth-output";

export interface PolicyEntry {
  readonly kind: PolicyAnnotationKind;
  readonly ruleId: string;
  /** "<problem>: <fix>", or the reason of a suppression. */
  readonly text: string;
  /** Construct path without the stack id, for example "alb/lb". */
  readonly resource: string;
}

export interface OtherAnnotation {
  readonly level: "error" | "warning" | "info";
  readonly message: string;
  readonly resource: string;
}

export interface PolicyResults {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  /** Policy-check annotations: errors, then warnings, then suppressions. */
  readonly entries: readonly PolicyEntry[];
  /** Annotations that no policy rule wrote (cdktf's own, for example). */
  readonly other: readonly OtherAnnotation[];
}

const KIND_ORDER: Record<PolicyAnnotationKind, number> = { error: 0, warning: 1, suppressed: 2 };

/** The policy-check results of one stack, read back from its manifest annotations. */
export function policyResults(annotations: readonly Annotation[]): PolicyResults {
  const entries: PolicyEntry[] = [];
  const other: OtherAnnotation[] = [];
  for (const a of annotations) {
    const resource = a.constructPath.split("/").slice(1).join("/") || a.constructPath;
    const parsed = parsePolicyAnnotation(a.message, a.level);
    if (parsed) entries.push({ ...parsed, resource });
    else other.push({ level: levelOf(a.level), message: a.message, resource });
  }
  entries.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.ruleId, b.ruleId) || compareText(a.resource, b.resource) || compareText(a.text, b.text));
  other.sort((a, b) => compareText(a.level, b.level) || compareText(a.resource, b.resource) || compareText(a.message, b.message));
  const count = (kind: PolicyAnnotationKind) => entries.filter((e) => e.kind === kind).length;
  return { errors: count("error"), warnings: count("warning"), suppressed: count("suppressed"), entries, other };
}

function levelOf(level: string): OtherAnnotation["level"] {
  if (level.endsWith("error")) return "error";
  if (level.endsWith("warn")) return "warning";
  return "info";
}
