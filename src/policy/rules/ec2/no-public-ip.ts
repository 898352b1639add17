import type { PolicyResource } from "../../policy-resource";
import { referenceOf } from "../../references";
import type { Finding, PolicyRule, RuleContext } from "../../rule";
import { unverifiable } from "../../rule";
import { block, blocks, bool, strings } from "../../values";

const ID = "CKV_AWS_88";

/**
 * Dify hosts sit in private subnets behind the ALB. Besides the explicit
 * `associate_public_ip_address`, a host also gets a public IP when it
 * inherits it from a subnet with `map_public_ip_on_launch`, so the rule
 * follows the subnet references of instances and Auto Scaling Groups.
 */
export const noPublicIp: PolicyRule = {
  ids: [ID],
  title: "Hosts get no public IP address",
  severity: "error",
  resourceTypes: ["aws_instance", "aws_launch_configuration", "aws_launch_template"],
  check(resource, context) {
    if (resource.type === "aws_launch_template") return launchTemplate(resource, context);
    const fix = "set associate_public_ip_address = false and reach the host through the ALB or SSM Session Manager";
    const explicit = bool(resource.attributes.associate_public_ip_address);
    if (explicit === true) return [{ ruleId: ID, problem: "the host gets a public IP address", fix }];
    if (explicit === "unknown") return [unverifiable(ID, "associate_public_ip_address", fix)];
    if (explicit === false || resource.type !== "aws_instance") return [];
    return publicSubnets([resource.attributes.subnet_id], context).map((subnet) => inherited(subnet, fix));
  },
};

function launchTemplate(template: PolicyResource, context: RuleContext): Finding[] {
  const fix = 'set network_interfaces.associate_public_ip_address = "false"';
  const settings = blocks(template.attributes.network_interfaces).map((n) => bool(n.associate_public_ip_address));
  if (settings.includes(true)) return [{ ruleId: ID, problem: "hosts launched from this template get a public IP address", fix }];
  if (settings.includes("unknown")) return [unverifiable(ID, "network_interfaces.associate_public_ip_address", fix)];
  if (settings.includes(false)) return [];
  // Unset: the subnets of the Auto Scaling Groups that launch it decide.
  const subnets = context.stack
    .ofType("aws_autoscaling_group")
    .filter((group) => launchesTemplate(group, template))
    .flatMap((group) => {
      const ids = strings(group.attributes.vpc_zone_identifier);
      return ids === "unknown" ? [] : ids;
    });
  return publicSubnets(subnets, context).map((subnet) => inherited(subnet, fix));
}

function launchesTemplate(group: PolicyResource, template: PolicyResource): boolean {
  const direct = block(group.attributes.launch_template);
  const mixed = block(block(block(group.attributes.mixed_instances_policy)?.launch_template)?.launch_template_specification);
  const refs = [direct?.id, direct?.name, mixed?.launch_template_id, mixed?.launch_template_name];
  return refs.some((value) => referenceOf(value)?.address === template.address);
}

function publicSubnets(subnetIds: readonly unknown[], context: RuleContext): PolicyResource[] {
  return subnetIds
    .map((id) => referenceOf(id))
    .map((ref) => (ref ? context.stack.get(ref.address) : undefined))
    .filter((s): s is PolicyResource => s?.type === "aws_subnet" && bool(s.attributes.map_public_ip_on_launch) === true);
}

function inherited(subnet: PolicyResource, fix: string): Finding {
  return { ruleId: ID, problem: `hosts get a public IP address from subnet ${subnet.name} (map_public_ip_on_launch)`, fix };
}
