import { Construct } from 'constructs';
import { check } from './errors';
import { Tags, tagProblem } from './tags';

/**
 * What every construct of modules/ opens with: a `<Kind>(<id>)` label for its prop errors and
 * the check that its tags are ones AWS accepts.
 */
export abstract class ChurnConstruct extends Construct {
  /** `<Kind>(<id>)`, the start of every InvalidPropsError this construct throws. */
  protected readonly where: string;

  protected constructor(scope: Construct, id: string, kind: string, tags: Tags | undefined) {
    super(scope, id);
    this.where = `${kind}(${id})`;
    const problem = tagProblem(tags);
    check(problem === undefined, this.where, 'tags', problem ?? '');
  }
}
