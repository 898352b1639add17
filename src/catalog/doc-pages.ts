/**
 * The Amazon Bedrock documentation pages that the catalog's facts come from.
 * Every lifecycle date and every route in the catalog names one of these, so
 * a reviewer can check a fact at its source and `npm run models` can say
 * which page to re-read when AWS disagrees.
 */
const GUIDE = "https://docs.aws.amazon.com/bedrock/latest/userguide";

export const DOC = {
  lifecycle: `${GUIDE}/model-lifecycle.html`,
  lifecycleBefore2026_09_07: `${GUIDE}/model-lifecycle-legacy.html`,
  regions: `${GUIDE}/models-region-compatibility.html`,
  profiles: `${GUIDE}/inference-profiles-support.html`,
  globalProfiles: `${GUIDE}/global-cross-region-inference.html`,
  rerankRegions: `${GUIDE}/rerank-supported.html`,
  card: (slug: string) => `${GUIDE}/model-card-${slug}.html`,
} as const;
