import { type Price, type PriceUnit, pricesFor, type RegionPrices } from "../catalog/prices";
import type { TerraformDocument } from "../terraform/terraform-document";
import { instanceCount, managedResources, providerRegion, type TerraformResource } from "../terraform/terraform-json";
import type { CostLine } from "./cost-line";

export interface LineInput {
  readonly service: string;
  readonly item: string;
  readonly count: number;
  readonly perThing: number;
  readonly unit: PriceUnit;
  readonly nominal?: boolean;
  readonly addresses: readonly string[];
}

/**
 * What the per-service estimators share: the stack's resources, the price
 * table of each resource's region, and the lines and caveats they produce.
 */
export class EstimateContext {
  readonly lines: CostLine[] = [];
  /** Things with no price in the table, as "<what> (<address>)". */
  readonly unknown: string[] = [];
  /** Caveats about quantities the estimate had to assume. */
  readonly notes: string[] = [];
  private readonly all: TerraformResource[];
  private readonly byAddress: Map<string, TerraformResource>;

  constructor(
    readonly doc: TerraformDocument,
    /** Region of the stack's default AWS provider. */
    readonly region: string,
  ) {
    this.all = managedResources(doc);
    this.byAddress = new Map(this.all.map((r) => [r.address, r]));
  }

  resources(...types: string[]): TerraformResource[] {
    return this.all.filter((r) => types.includes(r.type));
  }

  resource(address: string): TerraformResource | undefined {
    return this.byAddress.get(address);
  }

  regionOf(r: TerraformResource): string {
    return r.body.provider === undefined ? this.region : (providerRegion(this.doc, r.body.provider) ?? this.region);
  }

  /** The price table for a resource's region; records a "no price table" entry when there is none. */
  prices(r: TerraformResource): RegionPrices | undefined {
    const region = this.regionOf(r);
    const table = pricesFor(region);
    if (!table) this.unknown.push(`${r.type} (${r.address}): no price table for ${region}`);
    return table;
  }

  /** How many resources a block stands for; notes a count/for_each expression. */
  count(r: TerraformResource): number {
    const { count, known } = instanceCount(r.body);
    if (!known) this.notes.push(`${r.address} has a count/for_each expression: counted once.`);
    return count;
  }

  add(line: LineInput, price: Price | undefined): void {
    this.lines.push({ ...line, nominal: line.nominal ?? false, price });
  }

  /** A line whose price is not in the table: shown as "price unknown" and left out of the total. */
  addUnknown(line: LineInput, what: string): void {
    this.lines.push({ ...line, nominal: line.nominal ?? false });
    for (const address of line.addresses) this.unknown.push(`${what} (${address})`);
  }

  note(text: string): void {
    this.notes.push(text);
  }
}
