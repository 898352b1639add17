import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Construct } from "constructs";
import { GITHUB_OIDC_HOST, GITHUB_STS_AUDIENCE } from "../config/github-subjects";

export interface GithubOidcProviderProps {
  /** Account that holds the identity provider (the state account). */
  readonly accountId: string;
  /** Create the provider, or name the one the account already has (IAM allows one per issuer URL and account). @default true */
  readonly create?: boolean;
}

/**
 * The IAM OIDC identity provider for GitHub Actions' tokens.
 *
 * No thumbprint is given: AWS provider 5.x makes thumbprint_list optional,
 * and IAM then fetches the issuer's certificate itself; for GitHub's issuer
 * IAM trusts its own library of root authorities anyway, so a pinned
 * thumbprint would only go stale.
 */
export class GithubOidcProvider extends Construct {
  /** ARN for the trust policies' Federated principal. */
  readonly arn: string;
  readonly identityProvider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: GithubOidcProviderProps) {
    super(scope, id);
    if (props.create === false) {
      this.arn = `arn:aws:iam::${props.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
      return;
    }
    this.identityProvider = new IamOpenidConnectProvider(this, "provider", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_STS_AUDIENCE],
    });
    this.arn = this.identityProvider.arn;
  }
}
