// ARI_ENV_VARIABLES
declare const ARI_ENV_VARIABLES: {
    readonly url: "ARI_URL";
    readonly username: "ARI_USERNAME";
    readonly password: "ARI_PASSWORD";
};

// CheckId
type CheckId = 'ari' | 'stasis-app' | 'ami-login' | 'test-call' | 'ami-permissions' | 'endpoints' | 'wss-tls' | 'wss-upgrade' | 'recordings';

// CheckResult
interface CheckResult {
    id: CheckId;
    title: string;
    status: CheckStatus;
    finding: string;
    fix?: string;
    docs?: string;
    durationMs: number;
}

// CheckStatus
type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

// CliIo
interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    env: Readonly<Record<string, string | undefined>>;
    cwd: string;
}

// COMMANDS
declare const COMMANDS: readonly CommandSpec[];

// CommandSpec
interface CommandSpec {
    name: string;
    summary: string;
    usage: readonly string[];
    description?: readonly string[];
    flags: Readonly<Record<string, FlagSpec>>;
    env: readonly EnvVarSpec[];
    examples: readonly string[];
    run(values: FlagValues, io: CliIo): Promise<number>;
}

// ConfigFileDiff
interface ConfigFileDiff {
    name: string;
    status: 'new' | 'changed' | 'same';
    diff: string;
}

// DEFAULT_ASTERISK_DIR
declare const DEFAULT_ASTERISK_DIR = "/etc/asterisk";

// diffAsteriskConfig
declare function diffAsteriskConfig(files: AsteriskConfigFiles, dir: string): Promise<ConfigFileDiff[]>;

// DoctorOptions
interface DoctorOptions {
    ari: {
        url?: string;
        username?: string;
        password?: string;
    };
    ami: {
        host?: string;
        port?: number;
        username?: string;
        secret?: string;
    };
    wss?: string;
    assistant?: string;
    context: string;
    app: string;
    ca?: string;
    recordingsDir?: string;
    recordingUrl?: string;
    timeoutMs: number;
}

// DoctorReport
interface DoctorReport {
    ok: boolean;
    checks: CheckResult[];
}

// EnvVarSpec
interface EnvVarSpec {
    name: string;
    description: string;
}

// EXIT_CODES
declare const EXIT_CODES: {
    readonly OK: 0;
    readonly FAILED: 1;
    readonly USAGE: 2;
};

// ExitCode
type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

// FlagSpec
interface FlagSpec {
    type: 'string' | 'boolean';
    value?: string;
    description: string;
}

// FlagValues
type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

// main
declare function main(argv: readonly string[]): Promise<number>;

// maskSecretLine
declare function maskSecretLine(line: string): string;

// maskSecrets
declare function maskSecrets(text: string): string;

// resolveDoctorOptions
declare function resolveDoctorOptions(flags: Readonly<Record<string, string | boolean | undefined>>, env: Readonly<Record<string, string | undefined>>, file?: DoctorInputFile, ca?: string): DoctorOptions;

// runCli
declare function runCli(argv: readonly string[], io: CliIo): Promise<number>;

// runDoctor
declare function runDoctor(options: DoctorOptions, run?: RunDoctorOptions): Promise<DoctorReport>;

// RunDoctorOptions
interface RunDoctorOptions {
    onStart?: (id: CheckId, title: string) => void;
}

// unifiedDiff
declare function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions): string;

// UnifiedDiffOptions
interface UnifiedDiffOptions {
    oldName: string;
    newName: string;
    context?: number;
}
