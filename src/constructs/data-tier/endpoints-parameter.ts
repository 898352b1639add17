import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Fn } from "cdktf";
import { Construct } from "constructs";

/** The managed tier's service endpoints, as the hosts read them at boot. */
export interface Endpoints {
  readonly db: { readonly host: string; readonly port: number; readonly name: string; readonly secretArn: string };
  readonly redis: { readonly host: string; readonly port: number; readonly userId: string; readonly username: string };
  readonly storage: { readonly bucket: string; readonly region: string };
}

export interface EndpointsParameterProps {
  /** The environment's SSM path, ending in "/" (Names.ssmPrefix). */
  readonly ssmPrefix: string;
  /** Attribute references of Database, Cache and FileStorage (tokens are fine). */
  readonly endpoints: Endpoints;
}

/** Path of the parameter under the environment's SSM prefix. */
const ENDPOINTS_PARAMETER = "config/endpoints";

/**
 * `<ssmPrefix>config/endpoints`: a String parameter with the JSON
 * `{"db":{"host","port","name","secretArn"},"redis":{"host","port","userId","username"},"storage":{"bucket","region"}}`.
 * Ports are JSON numbers (jsonencode of the numeric attributes), so a host
 * reads them with `jq -r .db.port`. It holds no secret: the database password
 * stays in its Secrets Manager secret and the Redis token in SSM
 * `secrets/REDIS_PASSWORD`, both written outside Terraform.
 */
export class EndpointsParameter extends Construct {
  readonly parameter: SsmParameter;

  constructor(scope: Construct, id: string, props: EndpointsParameterProps) {
    super(scope, id);
    const { db, redis, storage } = props.endpoints;
    this.parameter = new SsmParameter(this, "parameter", {
      name: `${props.ssmPrefix}${ENDPOINTS_PARAMETER}`,
      description: "Dify managed tier: database, cache and file storage endpoints (no secrets)",
      type: "String",
      tier: "Standard",
      value: Fn.jsonencode({
        db: { host: db.host, port: db.port, name: db.name, secretArn: db.secretArn },
        redis: { host: redis.host, port: redis.port, userId: redis.userId, username: redis.username },
        storage: { bucket: storage.bucket, region: storage.region },
      }),
    });
  }

  get name(): string {
    return this.parameter.name;
  }

  get arn(): string {
    return this.parameter.arn;
  }
}
