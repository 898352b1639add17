import type { AwsRegion } from "./regions";

/**
 * Regions where new accounts see fewer than three availability zones. The
 * network picks zones with element(names, i), which wraps around, so asking
 * for more zones than the region offers would silently put two "AZs" of
 * subnets into one zone.
 *
 * Source: AWS "Regions and Availability Zones" documentation (US West
 * (N. California): new customers can access two zones). Checked: 2026-11-30.
 */
export const AVAILABILITY_ZONES_FOR_NEW_ACCOUNTS: Partial<Record<AwsRegion, number>> = {
  "us-west-1": 2,
};
