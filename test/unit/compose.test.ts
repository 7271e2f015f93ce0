// The compose file is for users with Docker; this machine has no Docker engine, so the file is checked, not run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function composeConfig(): string {
  // `docker compose` (v2 plugin) where present, else Debian's docker-compose, which test/run.mjs installs
  const candidates: [string, string[]][] = [
    ['docker', ['compose', 'config']],
    ['docker-compose', ['config']],
  ];
  const failures: string[] = [];
  for (const [cmd, args] of candidates) {
    try {
      return execFileSync(cmd, [...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      failures.push(`${cmd} ${args.join(' ')}: ${(error as { stderr?: string }).stderr || (error as Error).message}`);
    }
  }
  throw new Error(`no compose implementation accepted docker-compose.yml:\n${failures.join('\n')}`);
}

describe('docker-compose.yml', () => {
  const resolved = composeConfig();

  it('is valid and has every service of the local stack', () => {
    for (const service of ['kafka', 'connect-1', 'connect-2', 'postgres', 'mariadb', 'console']) {
      expect(resolved).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    }
  });

  it('runs the same Kafka version as the local stack', () => {
    const pom = readFileSync(`${root}test/stack/kafka/pom.xml`, 'utf8');
    const version = /<kafka.version>([^<]+)</.exec(pom)?.[1];
    expect(version).toBeTruthy();
    expect(resolved).toContain(`image: apache/kafka:${version}`);
  });

  it('points every build at a Dockerfile that exists', () => {
    const dockerfiles = [...resolved.matchAll(/dockerfile: (\S+)/g)].map((m) => m[1]!);
    expect(dockerfiles.length).toBeGreaterThanOrEqual(3);
    for (const file of dockerfiles) expect(existsSync(`${root}${file}`), file).toBe(true);
  });
});
