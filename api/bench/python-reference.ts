import { spawnSync } from 'node:child_process';

/**
 * The older system's start, as the cold-start bench's reference: its Python service imported
 * fastapi, pydantic, loguru and boto3 and built a `sagemaker-runtime` client before it could
 * answer. This is only that start (no app, no request), so the comparison favours Python.
 * Debian packages: python3-fastapi python3-boto3 python3-loguru (pydantic comes with fastapi).
 */
export const PYTHON = '/usr/bin/python3';
export const PYTHON_MODULES = ['fastapi', 'pydantic', 'loguru', 'boto3'];

/** Why the reference cannot run here, or undefined when it can. */
export function pythonReferenceMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', `import ${PYTHON_MODULES.join(', ')}`], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) {
    const reason = probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`;
    return `${PYTHON} lacks ${PYTHON_MODULES.join('/')}: ${reason} (apt: python3-fastapi python3-boto3 python3-loguru)`;
  }
  return undefined;
}

/**
 * The reference as a script: imports, then a client for `endpointUrl` with dummy credentials
 * (as our stub setup has), then the bench's RESULT line. Python has no clock that starts with
 * its process, so `at` is null and the bench compares spawn-to-ready times, measured by the
 * parent the same way for both.
 */
export function pythonReferenceScript(endpointUrl: string, region: string): string {
  return [
    'import json, time',
    `import ${PYTHON_MODULES.join(', ')}`,
    `client = boto3.client("sagemaker-runtime", region_name=${JSON.stringify(region)}, ` +
      `endpoint_url=${JSON.stringify(endpointUrl)}, aws_access_key_id="stub", aws_secret_access_key="stub")`,
    'print("RESULT " + json.dumps({"at": None, "cpu": time.process_time() * 1000, "status": 0}), flush=True)',
  ].join('\n');
}
