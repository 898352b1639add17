import { type PlanOptions, type PlanResult, planStacks } from "./terraform";

/** What a case hands to the batch: its stack, the plan's asserts, and anything its test wants back. */
export type Prepared<T> = T & PlanOptions & { readonly json: string };

/**
 * The stacks one suite plans, planned together in one `terraform test`
 * process the first time a test asks for a result (see planStacks for why).
 * Each case is prepared (synthesized) then too, and a case whose preparation
 * throws fails its own test only, with that error.
 */
export class PlanBatch {
  private readonly cases: Array<{ readonly label: string; readonly prepare: () => Prepared<object> }> = [];
  private outcomes: Map<string, { value?: Prepared<object>; error?: unknown; plan?: PlanResult }> | undefined;

  /** Adds a case; the returned function gives its prepared value and its plan. */
  add<T extends object>(label: string, prepare: () => Prepared<T>): () => Prepared<T> & { readonly plan: PlanResult } {
    if (this.outcomes) throw new Error(`PlanBatch: "${label}" was added after the batch ran`);
    this.cases.push({ label, prepare });
    return () => {
      const outcome = this.run().get(label)!;
      if (outcome.error !== undefined) throw outcome.error;
      return { ...(outcome.value as Prepared<T>), plan: outcome.plan! };
    };
  }

  private run(): Map<string, { value?: Prepared<object>; error?: unknown; plan?: PlanResult }> {
    if (this.outcomes) return this.outcomes;
    const outcomes = new Map<string, { value?: Prepared<object>; error?: unknown; plan?: PlanResult }>();
    for (const { label, prepare } of this.cases) {
      try {
        outcomes.set(label, { value: prepare() });
      } catch (error) {
        outcomes.set(label, { error });
      }
    }
    const ready = [...outcomes].filter(([, o]) => o.value);
    try {
      const plans = planStacks(ready.map(([label, o]) => ({ label, json: o.value!.json, asserts: o.value!.asserts })));
      for (const [label, outcome] of ready) outcome.plan = plans.get(label);
    } catch (error) {
      // Terraform could not run at all: every case fails with why, and nothing is retried.
      for (const [, outcome] of ready) outcome.error = error;
    }
    this.outcomes = outcomes;
    return outcomes;
  }
}
