import { TerraformValidator, describeErrors, describeWithTerraform } from "../helpers/terraform";
import { CLOUD_BACKEND, synthBootstrap } from "./synth-bootstrap";

/** The bootstrap stack, with its aliased providers and deployer roles, against the real AWS provider schema. */
describeWithTerraform("terraform validate: bootstrap with deployer roles", () => {
  const validator = new TerraformValidator();
  afterAll(() => validator.dispose());

  test.each([
    ["s3 backend", {}],
    ["cloud backend", { "organization.json": CLOUD_BACKEND }],
    ["shared account with ExternalIds", { "prod.json": { accountId: "222222222222", externalId: "prod-id" }, "staging.json": { externalId: "staging-id" } }],
  ])("%s", (_, patches) => {
    const result = validator.validate(synthBootstrap(patches).json);
    expect(describeErrors(result)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
