import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '@telco-churn/infrastructure/config';
import { deployInputs, missingDeployInputs } from '../lib/preflight';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const clients = {
  ecr: new ECRClient({ region: 'eu-central-1', credentials }),
  s3: new S3Client({ region: 'eu-central-1', credentials }),
  ssm: new SSMClient({ region: 'eu-central-1', credentials }),
};
const ecr = mockClient(clients.ecr);
const s3 = mockClient(clients.s3);
const ssm = mockClient(clients.ssm);
const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

const config = loadConfig(
  { apiImageTag: 'abc123', uiImageTag: 'abc123', modelKey: 'models/f00d/model.tar.gz' },
  {},
);
const inputs = deployInputs(config, 'churn-dev-artifacts-111122223333-eu-central-1');

beforeEach(() => {
  ecr.reset();
  s3.reset();
  ssm.reset();
  ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageTags: ['abc123'] }] });
  s3.on(HeadObjectCommand).resolves({ ContentLength: 10 });
  ssm.on(GetParametersCommand).resolves({ Parameters: [], InvalidParameters: [] });
});

describe('the preflight before deploying the churn stack', () => {
  it('asks for the names the churn stack synthesizes', () => {
    expect(inputs).toEqual({
      images: [
        expect.objectContaining({ repository: 'churn-dev-api', tag: 'abc123' }),
        expect.objectContaining({ repository: 'churn-dev-ui', tag: 'abc123' }),
      ],
      model: { bucket: 'churn-dev-artifacts-111122223333-eu-central-1', key: 'models/f00d/model.tar.gz' },
      parameters: [
        '/churn/dev/ui/ADMIN_USERNAME',
        '/churn/dev/ui/ADMIN_PASSWORD_HASH',
        '/churn/dev/ui/SESSION_SECRET',
      ],
    });
  });

  it('finds nothing missing when every image, the model and the parameters exist', async () => {
    await expect(missingDeployInputs(inputs, clients)).resolves.toEqual([]);
    expect(ecr.commandCalls(DescribeImagesCommand)[1].args[0].input).toEqual({
      repositoryName: 'churn-dev-ui',
      imageIds: [{ imageTag: 'abc123' }],
    });
  });

  it('names a missing image tag with how to push it', async () => {
    ecr
      .on(DescribeImagesCommand, { repositoryName: 'churn-dev-ui' })
      .rejects(awsError('ImageNotFoundException', 400));
    expect(await missingDeployInputs(inputs, clients)).toEqual([
      expect.stringMatching(/^image churn-dev-ui:abc123: push it: npm run images:push -- --only ui/),
    ]);
  });

  it('names a missing model object and the missing parameters together', async () => {
    s3.on(HeadObjectCommand).rejects(awsError('NotFound', 404));
    ssm
      .on(GetParametersCommand)
      .resolves({ Parameters: [], InvalidParameters: ['/churn/dev/ui/SESSION_SECRET'] });
    expect(await missingDeployInputs(inputs, clients)).toEqual([
      expect.stringMatching(
        /^model s3:\/\/churn-dev-artifacts-111122223333-eu-central-1\/models\/f00d\/model\.tar\.gz: npm run model:upload/,
      ),
      expect.stringMatching(/^SSM parameter \/churn\/dev\/ui\/SESSION_SECRET: .*secrets:put/),
    ]);
  });

  it('points at the artifacts stack when a repository does not exist', async () => {
    ecr.on(DescribeImagesCommand).rejects(awsError('RepositoryNotFoundException', 400));
    expect(await missingDeployInputs(inputs, clients)).toEqual([
      expect.stringMatching(/^ECR repository churn-dev-api: deploy the artifacts stack/),
      expect.stringMatching(/^ECR repository churn-dev-ui: deploy the artifacts stack/),
    ]);
  });

  it('throws an access error instead of reporting it as missing', async () => {
    s3.on(HeadObjectCommand).rejects(awsError('Forbidden', 403));
    await expect(missingDeployInputs(inputs, clients)).rejects.toThrow('Forbidden');
  });

  it('checks the bucket of a user-supplied model URI', () => {
    const own = loadConfig({ modelDataUrl: 's3://my-models/churn/v7/model.tar.gz' }, {});
    expect(deployInputs(own, 'unused').model).toEqual({ bucket: 'my-models', key: 'churn/v7/model.tar.gz' });
  });
});
