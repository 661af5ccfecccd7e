import type { BestOffer } from '@telco-churn/core/retention/value';

/**
 * Each scored customer's compact result in growable typed arrays, 30 bytes a customer: what a
 * budgeted selection needs for its global ranking, and the file line the customer came from
 * (so the second pass need not read the rows again), without keeping rows or ids.
 */
export class CampaignResults {
  length = 0;
  p = new Float32Array(1024);
  valueAtRisk = new Float32Array(1024);
  net = new Float64Array(1024);
  cost = new Float64Array(1024);
  /** The best candidate's code in the compiled offers, -1 for none. */
  code = new Int16Array(1024);
  /** The customer's line in the file (the first, when a quoted field spans lines). */
  line = new Uint32Array(1024);

  push(best: BestOffer, line: number): void {
    if (this.length === this.p.length) this.grow();
    const k = this.length++;
    this.p[k] = best.p;
    this.valueAtRisk[k] = best.valueAtRisk;
    this.net[k] = best.expectedNetValue;
    this.cost[k] = best.cost;
    this.code[k] = best.code;
    this.line[k] = line;
  }

  /** The filled part of the columns selection reads. */
  view(): { net: Float64Array; cost: Float64Array } {
    return { net: this.net.subarray(0, this.length), cost: this.cost.subarray(0, this.length) };
  }

  private grow(): void {
    const size = this.p.length * 2;
    const grown = <T extends Float32Array | Float64Array | Int16Array | Uint32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.p = grown(this.p, new Float32Array(size));
    this.valueAtRisk = grown(this.valueAtRisk, new Float32Array(size));
    this.net = grown(this.net, new Float64Array(size));
    this.cost = grown(this.cost, new Float64Array(size));
    this.code = grown(this.code, new Int16Array(size));
    this.line = grown(this.line, new Uint32Array(size));
  }
}
