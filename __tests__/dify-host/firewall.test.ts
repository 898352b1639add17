import { SSRF_PROXY_FRAGMENT, SSRF_REFUSED_RANGES, ssrfProxyConf } from "../../src/dify-host/ssrf-proxy";
import { readTemplate } from "../../src/dify-host/templates";
import { ALL_IN_ONE, HostSandbox, MANAGED } from "./host-sandbox";

/** dify-firewall, run for real against fake docker and iptables; the squid conf.d file. */

const sandboxes: HostSandbox[] = [];
afterAll(() => sandboxes.forEach((s) => s.dispose()));
const CONTAINERS = "api:172.18.0.6 worker:172.18.0.7 plugin_daemon:172.18.0.5 web:172.18.0.8 ssrf_proxy:172.18.0.9 sandbox:172.19.0.2";

describe("dify-firewall", () => {
  test.each([
    ["all-in-one", ALL_IN_ONE, ["172.18.0.5"]],
    ["managed", MANAGED, ["172.18.0.6", "172.18.0.7", "172.18.0.5"]],
  ])("%s: only the services that need the role reach the metadata service", (_tier, props, allowed) => {
    const host = new HostSandbox(props);
    sandboxes.push(host);
    const result = host.run("dify-firewall", { FAKE_CONTAINERS: CONTAINERS }, ["apply"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(host.calls("iptables")).toContain("-A DOCKER-USER -d 169.254.169.254/32 -j DIFY-IMDS");
    // One restore that replaces the whole chain, ending in REJECT.
    expect(host.calls("iptables-restore")).toEqual(["*filter", ":DIFY-IMDS - [0:0]", ...allowed.map((ip) => `-A DIFY-IMDS -s ${ip}/32 -j RETURN`), "-A DIFY-IMDS -j REJECT", "COMMIT"]);
  });

  test("with no allowed container running, everything is refused", () => {
    const host = new HostSandbox(MANAGED);
    sandboxes.push(host);
    expect(host.run("dify-firewall", { FAKE_CONTAINERS: "web:172.18.0.8" }, ["apply"]).status).toBe(0);
    expect(host.calls("iptables-restore")).toEqual(["*filter", ":DIFY-IMDS - [0:0]", "-A DIFY-IMDS -j REJECT", "COMMIT"]);
  });

  test("applying twice adds no second jump", () => {
    const host = new HostSandbox(ALL_IN_ONE);
    sandboxes.push(host);
    host.run("dify-firewall", {}, ["closed"]);
    host.run("dify-firewall", {}, ["closed"]);
    expect(host.calls("iptables").filter((r) => r.startsWith("-A DOCKER-USER"))).toHaveLength(1);
  });

  test("the unit closes the chain before Docker starts, then follows container starts", () => {
    const unit = readTemplate("units/dify-firewall.service");
    expect(unit).toMatch(/^Before=docker\.service$/m);
    expect(unit).toContain("ExecStartPre=/usr/local/sbin/dify-firewall closed");
    expect(unit).toContain("ExecStart=/usr/local/sbin/dify-firewall watch");
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
  });
});

describe("SSRF proxy conf.d file", () => {
  const conf = ssrfProxyConf();

  test("refuses link-local, the metadata endpoints (IPv4 and IPv6), loopback and the VPC", () => {
    expect(SSRF_REFUSED_RANGES).toEqual(expect.arrayContaining(["169.254.0.0/16", "fd00:ec2::/32", "fe80::/10", "127.0.0.0/8", "::1"]));
    expect(conf).toContain(`acl dify_refused dst ${SSRF_REFUSED_RANGES.join(" ")}\n`);
    expect(conf).toContain("acl dify_refused dst $VPC_CIDRS\n");
    expect(conf).toContain("http_access deny dify_refused\n");
    // Only deny rules: an allow here would open what upstream's `deny all` closes.
    expect(conf).not.toMatch(/http_access allow/);
  });

  test("is mounted read-only into conf.d under a name that sorts ahead of the image's own files", () => {
    expect(SSRF_PROXY_FRAGMENT.service).toBe("ssrf_proxy");
    const [volume] = SSRF_PROXY_FRAGMENT.volumes ?? [];
    expect(volume).toBe("/etc/dify/ssrf-proxy.conf:/etc/squid/conf.d/00-dify-aws.conf:ro");
  });
});
