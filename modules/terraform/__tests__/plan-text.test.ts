import { destroyed, parseTestOutput } from '../plan-text';

const OUTPUT = `tests/redeploy.tftest.hcl... in progress
  run "deploy"... pass
  run "model"... pass

  # aws_sagemaker_endpoint.endpoint will be updated in-place
  ~ resource "aws_sagemaker_endpoint" "endpoint" {
  # aws_sagemaker_endpoint_configuration.config must be replaced
+/- resource "aws_sagemaker_endpoint_configuration" "config" {
  # aws_security_group.sg must be replaced
-/+ resource "aws_security_group" "sg" {
  # aws_vpc_security_group_egress_rule.old will be destroyed
  # (because aws_vpc_security_group_egress_rule.old is not in configuration)
  - resource "aws_vpc_security_group_egress_rule" "old" {
  # aws_vpc_security_group_egress_rule.new will be created
  + resource "aws_vpc_security_group_egress_rule" "new" {
  run "https"... fail
`;

describe('reading terraform test -verbose output', () => {
  const runs = parseTestOutput(OUTPUT);

  it('splits the output into runs with their outcome', () => {
    expect(runs.map((r) => [r.name, r.passed])).toEqual([
      ['deploy', true],
      ['model', true],
      ['https', false],
    ]);
  });

  it('tells create-before-destroy replacements from destroy-first ones', () => {
    expect(Object.fromEntries(runs[1].actions)).toEqual({
      'aws_sagemaker_endpoint.endpoint': 'update',
      'aws_sagemaker_endpoint_configuration.config': 'replace-create-first',
      'aws_security_group.sg': 'replace-destroy-first',
      'aws_vpc_security_group_egress_rule.old': 'delete',
      'aws_vpc_security_group_egress_rule.new': 'create',
    });
  });

  it('lists every address a plan destroys, replaced ones included', () => {
    expect(destroyed(runs[1].actions).sort()).toEqual(
      [
        'aws_security_group.sg',
        'aws_sagemaker_endpoint_configuration.config',
        'aws_vpc_security_group_egress_rule.old',
      ].sort(),
    );
  });
});
