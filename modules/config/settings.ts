/**
 * Every infrastructure setting: its cdktf.json context key, its environment variable (which wins)
 * and what it means. The README's config table lists exactly these (a test checks it).
 */
export const SETTINGS = {
  namePrefix: { env: 'CHURN_NAME_PREFIX', doc: 'Prefix of every resource name' },
  environment: { env: 'CHURN_ENVIRONMENT', doc: 'Environment name (dev, prod, ...), part of names and tags' },
  region: { env: 'CHURN_REGION', doc: 'AWS region' },
  availabilityZones: { env: 'CHURN_AVAILABILITY_ZONES', doc: 'At least 2 AZs (comma list in the env var)' },
  vpcCidr: { env: 'CHURN_VPC_CIDR', doc: 'VPC range; subnets are carved from it' },
  singleNatGateway: {
    env: 'CHURN_SINGLE_NAT_GATEWAY',
    doc: 'Cost option: one shared NAT gateway instead of one per AZ',
  },
  vpcFlowLogs: { env: 'CHURN_VPC_FLOW_LOGS', doc: 'VPC flow logs to CloudWatch: REJECT, ALL or NONE' },
  apiImageTag: { env: 'CHURN_API_IMAGE_TAG', doc: 'Tag of the API image in its ECR repository' },
  uiImageTag: { env: 'CHURN_UI_IMAGE_TAG', doc: 'Tag of the UI image in its ECR repository' },
  modelKey: {
    env: 'CHURN_MODEL_KEY',
    doc: 'Key of model.tar.gz in the artifacts bucket (printed by model:upload)',
  },
  modelDataUrl: {
    env: 'CHURN_MODEL_DATA_URL',
    doc: 'Instead of modelKey: an s3:// URI of your own model.tar.gz',
  },
  sagemakerMemoryMb: {
    env: 'CHURN_SAGEMAKER_MEMORY_MB',
    doc: 'Serverless endpoint memory (1024..6144, steps of 1024)',
  },
  sagemakerMaxConcurrency: {
    env: 'CHURN_SAGEMAKER_MAX_CONCURRENCY',
    doc: 'Serverless endpoint max concurrency (1..200)',
  },
  lambdaMemoryMb: { env: 'CHURN_LAMBDA_MEMORY_MB', doc: 'API Lambda memory (128..10240)' },
  churnThreshold: {
    env: 'CHURN_THRESHOLD',
    doc: "Decision threshold passed to the API (default: the model's)",
  },
  logLevel: { env: 'CHURN_LOG_LEVEL', doc: 'API log level: error, warn, info, debug' },
  uiCpu: { env: 'CHURN_UI_CPU', doc: 'UI task CPU units (256, 512, 1024, ...)' },
  uiMemoryMb: { env: 'CHURN_UI_MEMORY_MB', doc: 'UI task memory, must fit the CPU (Fargate table)' },
  uiDesiredCount: { env: 'CHURN_UI_DESIRED_COUNT', doc: 'UI tasks at first deploy' },
  uiMinCount: { env: 'CHURN_UI_MIN_COUNT', doc: 'Auto scaling minimum' },
  uiMaxCount: { env: 'CHURN_UI_MAX_COUNT', doc: 'Auto scaling maximum' },
  uiCpuTargetPercent: { env: 'CHURN_UI_CPU_TARGET_PERCENT', doc: 'Auto scaling target average CPU' },
  fargateSpotWeight: { env: 'CHURN_FARGATE_SPOT_WEIGHT', doc: 'Opt-in FARGATE_SPOT weight (0 = off)' },
  alarmEmail: { env: 'CHURN_ALARM_EMAIL', doc: 'Email subscribed to the alarm topic' },
  certificateArn: {
    env: 'CHURN_CERTIFICATE_ARN',
    doc: 'ACM certificate: HTTPS on the ALB and HTTP->HTTPS redirect',
  },
  allowedIngressCidrs: {
    env: 'CHURN_ALLOWED_INGRESS_CIDRS',
    doc: 'Who may reach the ALB on 80/443 (comma list)',
  },
  logRetentionDays: { env: 'CHURN_LOG_RETENTION_DAYS', doc: 'Retention of every log group' },
  permissionsBoundaryArn: {
    env: 'CHURN_PERMISSIONS_BOUNDARY_ARN',
    doc: 'Permissions boundary for every role',
  },
  predictionLogRetentionDays: {
    env: 'CHURN_PREDICTION_LOG_DAYS',
    doc: 'Days prediction and outcome records are kept in S3',
  },
  monitorSchedule: {
    env: 'CHURN_MONITOR_SCHEDULE',
    doc: 'When the monitor job runs (EventBridge Scheduler, UTC)',
  },
  monitorWindowDays: {
    env: 'CHURN_MONITOR_WINDOW_DAYS',
    doc: 'Days of predictions each monitor run reads (1..90)',
  },
  monitorPsiThreshold: {
    env: 'CHURN_MONITOR_PSI_THRESHOLD',
    doc: 'Drift alarm: field or score PSI at least this',
  },
  monitorAucDrop: {
    env: 'CHURN_MONITOR_AUC_DROP',
    doc: "Performance alarm: realised AUC this far below the card's",
  },
  tags: { env: 'CHURN_TAGS', doc: 'Extra tags, JSON object (e.g. {"CostCenter":"42"})' },
} as const;

export type SettingName = keyof typeof SETTINGS;
