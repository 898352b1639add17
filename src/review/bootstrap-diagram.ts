import { compareText } from "../terraform/compare-text";
import type { TerraformDocument } from "../terraform/terraform-document";
import { managedResources, stringValue, type TerraformResource } from "../terraform/terraform-json";
import { type AwsProviderFacts, accountOf, awsProviders, providerOf } from "./aws-accounts";
import { iamStatements, referencesIn } from "./iam-statements";
import { type Flowchart, type FlowEdge, type FlowItem, IdPool } from "./mermaid-flowchart";
import { stateDiagram } from "./state-diagram";
import { accountOfArn } from "./state-location";

/**
 * The picture of a stack that builds the ground the environments stand on
 * (the bootstrap stack): per account, the state bucket, the deployer roles
 * and the state roles, with who may assume which role and which state keys
 * each state role reaches.
 */
export function bootstrapFlowchart(doc: TerraformDocument): Flowchart {
  const ids = new IdPool();
  const providers = awsProviders(doc);
  const all = managedResources(doc);
  const byAddress = new Map(all.map((r) => [r.address, r]));
  const ofType = (type: string) => all.filter((r) => r.type === type);
  const accountOfResource = (r: TerraformResource) => accountOf(providerOf(providers, r.body.provider)) ?? "unpinned";
  const inAccount = new Map<string, FlowItem[]>();
  const add = (account: string, item: FlowItem) => inAccount.set(account, [...(inAccount.get(account) ?? []), item]);
  const edges: FlowEdge[] = [];
  const idOf = (r: TerraformResource) =>
    ids.named(
      r.address,
      r.type
        .replace(/^aws_(iam_)?/, "")
        .replace(/openid_connect_provider/, "oidc")
        .replace(/s3_bucket/, "bucket"),
      accountOfResource(r),
      stringValue(r.body.name) ?? stringValue(r.body.bucket) ?? stringValue(r.body.url)?.replace(/^https:\/\//, "") ?? r.name,
    );

  const kmsAliases = ofType("aws_kms_alias")
    .map((a) => stringValue(a.body.name))
    .filter((n): n is string => !!n);
  for (const bucket of ofType("aws_s3_bucket")) {
    const name = stringValue(bucket.body.bucket) ?? bucket.address;
    add(accountOfResource(bucket), { node: { id: idOf(bucket), lines: ["State bucket", name, ...kmsAliases.map((a) => `KMS ${a}`)], shape: "cylinder" } });
  }
  for (const table of ofType("aws_dynamodb_table")) {
    add(accountOfResource(table), { node: { id: idOf(table), lines: ["Lock table (DynamoDB)", stringValue(table.body.name) ?? table.address], shape: "cylinder" } });
  }
  for (const oidc of ofType("aws_iam_openid_connect_provider")) {
    add(accountOfResource(oidc), { node: { id: idOf(oidc), lines: ["OIDC provider", stringValue(oidc.body.url) ?? ""], shape: "hexagon" } });
  }

  const rolePolicies = ofType("aws_iam_role_policy");
  const principalNodes = new Map<string, string>();
  for (const role of ofType("aws_iam_role")) {
    const id = idOf(role);
    const name = stringValue(role.body.name) ?? role.address;
    const policies = rolePolicies.filter((p) => referencesIn(p.body.role).includes(role.address));
    // Which state keys the role reaches: the bucket ARN references and what follows them.
    const reach = new Map<string, Set<string>>();
    for (const s of policies.flatMap((p) => iamStatements(p.body.policy)).filter((s) => s.effect === "Allow")) {
      for (const resource of s.resources) {
        for (const ref of referencesIn(resource)) {
          if (byAddress.get(ref)?.type !== "aws_s3_bucket") continue;
          const suffix = resource.replace(/^.*\}/, "").replace(/^\//, "");
          const set = reach.get(ref) ?? new Set<string>();
          if (suffix) set.add(suffix);
          reach.set(ref, set);
        }
      }
    }
    const kind = role.body.permissions_boundary !== undefined ? "Deployer role" : reach.size ? "State role" : "Role";
    add(accountOfResource(role), { node: { id, lines: [kind, name], shape: "box" } });
    for (const [bucket, keys] of [...reach.entries()].sort(([a], [b]) => compareText(a, b))) {
      edges.push({ from: id, to: idOf(byAddress.get(bucket)!), label: keys.size ? [...keys].sort(compareText).join(", ") : "bucket" });
    }
    for (const s of iamStatements(role.body.assume_role_policy).filter((st) => st.effect === "Allow")) {
      // Terraform Cloud's subject names the workspaces whose runs may take the role.
      const workspaces = s.conditions.filter((c) => c.key.endsWith(":sub")).flatMap((c) => c.values.map((v) => /workspace:([^:]+)/.exec(v)?.[1] ?? v));
      const federated = workspaces.length ? `web identity: ${[...new Set(workspaces)].sort(compareText).join(", ")}` : "web identity";
      for (const [kind, values] of Object.entries(s.principals).sort(([a], [b]) => compareText(a, b))) {
        for (const value of [...values].sort(compareText)) {
          const refs = referencesIn(value);
          const from = refs.length ? refs.map((r) => byAddress.get(r)).find((r) => r?.type === "aws_iam_role" || r?.type === "aws_iam_openid_connect_provider") : undefined;
          if (from) {
            edges.push({ from: idOf(from), to: id, label: kind === "Federated" ? federated : "assume" });
            continue;
          }
          if (refs.length) continue;
          let principal = principalNodes.get(value);
          if (!principal) {
            principal = ids.id("principal", value);
            principalNodes.set(value, principal);
          }
          edges.push({ from: principal, to: id, label: kind === "Federated" ? federated : "assume" });
        }
      }
    }
  }

  // Principals named by ARN sit in their account when the chart draws it.
  const drawn = new Set([...inAccount.keys(), ...providers.map((p) => accountOf(p) ?? "unpinned")]);
  const top: FlowItem[] = [];
  for (const [arn, id] of [...principalNodes.entries()].sort(([a], [b]) => compareText(a, b))) {
    const account = accountOfArn(arn) ?? (/^\d{12}$/.test(arn) ? arn : undefined);
    const node = { node: { id, lines: [principalLabel(arn)], shape: "stadium" as const } };
    if (account && drawn.has(account)) add(account, node);
    else top.push(node);
  }

  const main = providers.find((p) => p.alias === undefined) ?? providers[0];
  const mainAccount = accountOf(main) ?? "unpinned";
  const accountGroup = ids.id("account", mainAccount);
  const state = stateDiagram(doc, { ids, accountId: accountOf(main), accountGroup, roleArn: main?.roleArn });
  for (const item of state.inAccount) add(mainAccount, item);
  // The run's edge points at this group, so it is drawn even when it holds nothing.
  if (!inAccount.get(mainAccount)?.length) add(mainAccount, { node: { id: ids.id("nothing", mainAccount), lines: ["nothing created here"], shape: "box" } });

  const accounts = [...drawn].sort((a, b) => (a === mainAccount ? -1 : b === mainAccount ? 1 : compareText(a, b)));
  const items: FlowItem[] = [...top, ...state.outside];
  for (const account of accounts) {
    const provider = providers.find((p) => (accountOf(p) ?? "unpinned") === account);
    items.push({ group: { id: ids.id("account", account), title: accountTitle(account, account === mainAccount, provider), children: inAccount.get(account) ?? [] } });
  }
  return { direction: "LR", items: items.filter((i) => !("group" in i) || i.group.children.length), edges: [...edges, ...state.edges] };
}

function principalLabel(arn: string): string {
  const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(arn);
  if (root) return `Account ${root[1]} (root: its own IAM policies decide)`;
  return arn;
}

function accountTitle(account: string, isMain: boolean, provider: AwsProviderFacts | undefined): string {
  const name = account === "unpinned" ? "Account not pinned" : `${isMain ? "State account" : "Account"} ${account}`;
  const via = provider?.roleArn ? `, reached through ${provider.roleArn.replace(/^.*:role\//, "")}` : "";
  return `${name}${via}`;
}
