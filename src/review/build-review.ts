import { type CostEstimate, estimateCost } from "../cost/cost-estimate";
import { compareText } from "../terraform/compare-text";
import { diffSynth, type ResourceChange, type StackDiff } from "./diff";
import { type PolicyResults, policyResults } from "./policy-results";
import { countResources, type ResourceCount, totalResources } from "./resource-counts";
import { type SecurityFlag, securityFlag } from "./security-sensitive";
import { stackDiagram } from "./stack-diagram";
import type { SynthOutput, SynthStack } from "./synth-output";

export interface FlaggedChange {
  readonly stack: string;
  readonly change: ResourceChange;
  readonly flag: SecurityFlag;
}

export interface StackReview {
  readonly name: string;
  /** Undefined for a stack that only the base has (removed). */
  readonly head?: {
    readonly counts: readonly ResourceCount[];
    readonly resourceTotal: number;
    readonly policy: PolicyResults;
    readonly cost: CostEstimate;
    /** Mermaid flowchart of the head's architecture. */
    readonly diagram: string;
  };
  /** Set when a base was given. */
  readonly base?: { readonly cost?: CostEstimate };
  readonly diff?: StackDiff;
  /** Security flags by address, for the stack's changes. */
  readonly flags: ReadonlyMap<string, SecurityFlag>;
}

export interface Review {
  readonly compared: boolean;
  readonly stacks: readonly StackReview[];
  /** Every security-sensitive change, by stack then address. */
  readonly flagged: readonly FlaggedChange[];
}

/** Everything the PR comment shows, computed from the head synth and optionally a base synth. */
export function buildReview(head: SynthOutput, base?: SynthOutput): Review {
  const diffs = base ? diffSynth(base, head) : [];
  const names = [...new Set([...head.stacks.map((s) => s.name), ...(base?.stacks ?? []).map((s) => s.name)])].sort(compareText);
  const flagged: FlaggedChange[] = [];
  const stacks = names.map((name): StackReview => {
    const h = head.stacks.find((s) => s.name === name);
    const b = base?.stacks.find((s) => s.name === name);
    const diff = diffs.find((d) => d.stack === name);
    const flags = new Map<string, SecurityFlag>();
    for (const change of diff?.changes ?? []) {
      const flag = securityFlag(change);
      if (!flag) continue;
      flags.set(change.address, flag);
      flagged.push({ stack: name, change, flag });
    }
    return {
      name,
      head: h ? headReview(h) : undefined,
      base: base ? { cost: b ? estimateCost(b.document) : undefined } : undefined,
      diff,
      flags,
    };
  });
  return { compared: base !== undefined, stacks, flagged };
}

function headReview(stack: SynthStack): NonNullable<StackReview["head"]> {
  const counts = countResources(stack.document);
  return { counts, resourceTotal: totalResources(counts), policy: policyResults(stack.annotations), cost: estimateCost(stack.document), diagram: stackDiagram(stack.document) };
}

/** Monthly cost change of a stack, or undefined when either side has no estimate. */
export function costDelta(stack: StackReview): number | undefined {
  if (!stack.base) return undefined;
  const after = stack.head ? stack.head.cost.total : 0;
  const before = stack.base.cost ? stack.base.cost.total : 0;
  return after === undefined || before === undefined ? undefined : after - before;
}
