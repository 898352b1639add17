import * as fs from "node:fs";
import { TerraformStack, Testing } from "cdktf";
import type { AppConfig } from "../../src/config/types";
import { loadConfig } from "../../src/loader/load";
import { configureBackend } from "../../src/stacks/backend";
import { BootstrapStack } from "../../src/stacks/bootstrap-stack";
import { DifyStack } from "../../src/stacks/dify-stack";
import { environment, environmentsDir, merge } from "../helpers/fixtures";
import { S3TestServer } from "./s3-test-server";
import { stateAccountAuthorizer, synthesizedStateAccountPolicies } from "./state-account-policies";
import { localEndpointSettings, TerraformSandbox, tinyConfig } from "./terraform-sandbox";

type Json = Record<string, any>;

/** The key ARN AWS would assign to the state key; any fixed value does. */
export const STATE_KEY_ARN = "arn:aws:kms:ap-northeast-1:000000000000:key/0b5e8f1c-3d2a-4e6b-9c7d-1a2b3c4d5e6f";
/** Who runs bootstrap: admin credentials of the state account, no role. */
const BOOTSTRAP_CALLER = "arn:aws:iam::000000000000:user/bootstrap-admin";

/**
 * One state account as the bootstrap stack would leave it: the local S3 and
 * STS endpoint holding the state bucket, guarded by the bucket policy and the
 * state role policies that bootstrap synthesizes, with the state key's alias
 * resolving to its key.
 */
export class StateWorld {
  readonly config: AppConfig = configWith();
  readonly bucket = this.config.organization.state.bucket;
  readonly bootstrapTf: Json = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), this.config, { stateBackend: "s3" })));
  readonly policies = synthesizedStateAccountPolicies(this.bootstrapTf, this.bucket, this.config.organization.state.accountId, STATE_KEY_ARN);
  readonly policy = this.policies.bucketPolicy;
  /** The state key's alias ARN, from the alias resource bootstrap synthesizes. */
  readonly aliasArn: string;
  readonly server: S3TestServer;
  readonly terraform = new TerraformSandbox();

  constructor() {
    const { state } = this.config.organization;
    const aliases = Object.values<Json>(this.bootstrapTf.resource.aws_kms_alias).filter((a) => /^\$\{aws_kms_key\.state_/.test(a.target_key_id));
    if (aliases.length !== 1) throw new Error(`expected one alias on the state key, found ${aliases.length}`);
    this.aliasArn = `arn:aws:kms:${state.region}:${state.accountId}:${aliases[0].name}`;
    this.server = new S3TestServer({
      buckets: [this.bucket],
      accountId: state.accountId,
      kmsAliases: { [this.aliasArn]: STATE_KEY_ARN },
      authorize: stateAccountAuthorizer(this.policies, state.accountId),
      callerArn: BOOTSTRAP_CALLER,
    });
  }

  start(): Promise<string> {
    return this.server.start();
  }

  async dispose(): Promise<void> {
    await this.terraform.dispose();
    await this.server.stop();
  }

  /** A synthesized environment stack's `backend.s3` block, untouched. */
  environmentBackend(env: string, patches: Record<string, Json> = {}): Json {
    return this.environmentTerraformBlock(env, patches).backend as Json;
  }

  /**
   * An environment stack's synthesized `terraform` block (backend or cloud).
   * It comes from configureBackend, called exactly as DifyStack calls it, on
   * a stack with nothing else in it: a whole DifyStack takes two seconds to
   * synthesize. `fullEnvironmentTerraformBlock` checks that both agree.
   */
  environmentTerraformBlock(env: string, patches: Record<string, Json> = {}): Json {
    const config = configWith(patches);
    const e = environment(config, env);
    const stack = new TerraformStack(Testing.app(), env);
    configureBackend(stack, config.organization, { stack: e.name, namespace: e.namespace });
    return JSON.parse(Testing.synth(stack)).terraform as Json;
  }

  /** The same block from a whole synthesized DifyStack. */
  fullEnvironmentTerraformBlock(env: string, patches: Record<string, Json> = {}): Json {
    const config = configWith(patches);
    const stack = new DifyStack(Testing.app(), config.organization, environment(config, env));
    return JSON.parse(Testing.synth(stack)).terraform as Json;
  }

  /** The synthesized block plus only the endpoint settings of TOOLCHAIN.md. */
  pointed(backend: Json): Json {
    if (!backend.s3) return backend;
    return { s3: { ...backend.s3, ...localEndpointSettings(this.server.endpoint) } };
  }

  /** Writes the tiny configuration with this backend into `<project>/cdktf.out/stacks/<stack>`. */
  stack(project: string, stack: string, backend: Json): string {
    return this.terraform.stackDir(project, stack, tinyConfig(this.pointed(backend)));
  }

  /** Recorded S3 requests for one key. */
  requestsFor(key: string) {
    return this.server.requests.filter((r) => r.service === "s3" && r.key === key);
  }
}

/** The example configuration with patches, loaded from a temp folder that is removed again. */
function configWith(patches: Record<string, Json> = {}): AppConfig {
  const dir = environmentsDir((files) => {
    for (const [file, patch] of Object.entries(patches)) files[file] = merge(files[file] ?? {}, patch);
  });
  try {
    return loadConfig({ dir }).config;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
