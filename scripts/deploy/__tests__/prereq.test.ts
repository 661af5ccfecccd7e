import {
  commandOnPath,
  MissingPrerequisitesError,
  requirePrerequisites,
  terraformAtLeast,
} from '../lib/prereq';

const noPath = { PATH: '/nonexistent' };

describe('prerequisites', () => {
  it('reports every missing tool at once, each with a hint', async () => {
    const error = await requirePrerequisites([
      commandOnPath('docker', ['--version'], noPath),
      terraformAtLeast(1, 10, noPath),
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(MissingPrerequisitesError);
    expect(error.message).toMatch(/docker: .*did not run\n\s+install Docker/);
    expect(error.message).toMatch(/terraform: .*did not run\n\s+install Terraform 1\.10\+/);
  });

  it('passes when every check passes', async () => {
    await expect(requirePrerequisites([commandOnPath('node')])).resolves.toBeUndefined();
  });
});
