/**
 * A thin layer over @cloud-copilot/iam-simulate: one request, the policies
 * that decide it, and the verdict as one word (or the simulator's own errors,
 * which a test should show rather than swallow).
 */
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";

type Json = Record<string, any>;

export interface Request {
  /** ARN of the calling role. */
  readonly principal: string;
  readonly action: string;
  /** ARN the call authorizes against, or "*". */
  readonly resource: string;
  /** Account that owns the resource. */
  readonly account: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface Policies {
  readonly identity: ReadonlyArray<{ name: string; policy: Json }>;
  readonly boundary?: Json;
  readonly endpoint?: Json;
  readonly resource?: Json;
}

export type Verdict = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | `error: ${string}`;

export async function simulate(request: Request, policies: Policies): Promise<Verdict> {
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.account },
      contextVariables: Object.fromEntries(Object.entries(request.context ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : [...v]])),
    },
    identityPolicies: policies.identity.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(policies.boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: policies.boundary }] } : {}),
    ...(policies.endpoint ? { vpcEndpointPolicies: [{ name: "endpoint", policy: policies.endpoint }] } : {}),
    ...(policies.resource ? { resourcePolicy: policies.resource } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") return `error: ${JSON.stringify(result.errors)}`;
  return result.overallResult;
}
