/**
 * Import direction, checked by `npm test` (`depcruise src main.ts scripts`).
 *
 * Layers, lowest first; a file may import from its own layer and from the
 * layers below it, never from a layer above. Within a layer, no cycles either.
 * The point: the environment files' schema can be read without cdktf, the
 * Bedrock rules without constructs, the constructs without a stack, and no
 * app code depends on a review or reporting tool.
 */
const LAYERS = [
  // Data and arithmetic: regions, models, prices, CIDRs, the shape of Terraform JSON. Import nothing of ours.
  { name: "data", path: "^src/(catalog|network|terraform)/" },
  // The environment file format: zod schemas, errors, naming, the resolved config's types.
  { name: "config", path: "^src/config/" },
  // Rules and documents built from data + config: Bedrock residency and policies, IAM, the host's boot files, policy checks, costs.
  { name: "domain", path: "^src/(bedrock|iam|dify-host|policy|cost)/" },
  { name: "constructs", path: "^src/constructs/" },
  { name: "stacks", path: "^src/stacks/" },
  // Reads environments/ and resolves every file (calls the Bedrock checks, knows the ALB's ports).
  { name: "loader", path: "^src/loader/" },
  { name: "app", path: "^(main\\.ts|src/app\\.ts|src/synth\\.ts)$" },
  // Commands around the app; nothing in the layers below imports them.
  { name: "tools", path: "^(src/(review|quotas|models-drift)/|scripts/)" },
];

const layerRules = LAYERS.slice(0, -1).map((layer, i) => {
  const allowed = LAYERS.slice(0, i + 1).map((l) => l.name);
  return {
    name: `layer-${layer.name}`,
    comment: `${layer.name} may import only from ${allowed.join(", ")} (see the README's Architecture section)`,
    severity: "error",
    from: { path: layer.path },
    to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
  };
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Import cycles hide which module is the lower one; break them by moving the shared part down a layer",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "cost-only-from-catalog",
      comment: "The cost estimator prices Terraform JSON with the catalog's prices; it reads no config, constructs or review code",
      severity: "error",
      from: { path: "^src/cost/" },
      to: { path: "^src/", pathNot: ["^src/(catalog|cost|terraform)/"] },
    },
    {
      name: "no-unlayered-source",
      comment: "Every source folder has a layer in .dependency-cruiser.cjs; add a new one there",
      severity: "error",
      from: { path: "^src/", pathNot: LAYERS.map((l) => l.path) },
      to: {},
    },
    {
      name: "no-test-code-in-app",
      comment: "The app and tools do not import from the tests",
      severity: "error",
      from: { pathNot: "^__tests__/" },
      to: { path: "^__tests__/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: a type import upward ties the layers together as much as a value import.
    tsPreCompilationDeps: true,
    exclude: { path: "(^|/)(node_modules|cdktf\\.out)/" },
    // npm test runs this on every call: re-check only files whose content changed since the last run.
    cache: { folder: "node_modules/.cache/dependency-cruiser", strategy: "content" },
  },
};
