/** The bed's own generator input and the doctor's environment, rebuilt from what the bed reports. */
import type { AsteriskConfigInput } from '@aipbx/core/asterisk';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { testbedConfigInput } from '@aipbx/testbed/testbed-config.js';

export function bedConfigInput(bed: TestbedInfo): AsteriskConfigInput {
  const passwords = bed.operators.map((o) => o.password) as [string, string, string, string];
  return testbedConfigInput(
    bed.ports,
    {
      ariPassword: bed.ari.password,
      amiSecret: bed.ami.secret,
      monitorSecret: bed.ami.monitor.secret,
      operatorPasswords: passwords,
    },
    bed.recordingsDirInChroot,
  );
}

/** The folder the bed's Asterisk reads its configuration from. */
export function bedEtc(bed: TestbedInfo): string {
  return `${bed.chroot}/aipbx/${bed.name}/etc`;
}

/** ARI and AMI as the doctor reads them from the environment. */
export function bedEnv(bed: TestbedInfo, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ARI_URL: bed.ari.url,
    ARI_USERNAME: bed.ari.username,
    ARI_PASSWORD: bed.ari.password,
    AMI_HOST: bed.ami.host,
    AMI_PORT: String(bed.ami.port),
    AMI_USERNAME: bed.ami.username,
    AMI_SECRET: bed.ami.secret,
    ...overrides,
  };
}
