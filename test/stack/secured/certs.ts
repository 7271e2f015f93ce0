import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from '../errors';

/** Files of the secured broker's TLS material, all made at first start with openssl and keytool. */
export interface SecuredCerts {
  dir: string;
  /** the CA that signed the broker's and the mTLS client's certificates */
  caPem: string;
  /** PKCS12 key store (broker key + chain) and trust store (the CA), both with `storePassword` */
  keystore: string;
  truststore: string;
  storePassword: string;
  /** client certificate (CN=connectory-mtls) and its unencrypted PKCS#8 key, for the mTLS listener */
  clientCertPem: string;
  clientKeyPem: string;
  /** a CA nobody trusts, and a client certificate it signed: for the "untrusted" tests */
  untrustedCaPem: string;
  untrustedClientCertPem: string;
  untrustedClientKeyPem: string;
}

export const BROKER_CN = 'secured-broker';
export const MTLS_CLIENT_CN = 'connectory-mtls';

function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const err = error as { stderr?: Buffer; message: string };
    throw new StackError('secured kafka', `${command} ${args.slice(0, 2).join(' ')} failed: ${err.stderr?.toString().trim() || err.message}`);
  }
}

function newCa(dir: string, name: string, subject: string): void {
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650', '-subj', subject,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`)]);
}

/** A leaf key and certificate signed by `ca`: `extensions` is an openssl extension file's text. */
function newLeaf(dir: string, name: string, ca: string, cn: string, extensions: string): void {
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`)]);
  run('openssl', ['x509', '-req', '-sha256', '-days', '3650', '-in', join(dir, `${name}.csr`), '-CA', join(dir, `${ca}.pem`),
    '-CAkey', join(dir, `${ca}.key`), '-set_serial', `0x${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`,
    '-extfile', ext, '-out', join(dir, `${name}.pem`)]);
}

/**
 * Makes (once) a CA, the broker's certificate for 127.0.0.1/localhost (also its client certificate towards its
 * own controller listener, hence clientAuth), an mTLS client certificate, and an unrelated CA with a client
 * certificate of its own. A half-made folder from an interrupted start is made anew.
 */
export function ensureSecuredCerts(dir: string): SecuredCerts {
  const storePassword = 'connectory-secured-store';
  const done = join(dir, 'complete');
  const certs: SecuredCerts = {
    dir,
    caPem: join(dir, 'ca.pem'),
    keystore: join(dir, 'broker.p12'),
    truststore: join(dir, 'truststore.p12'),
    storePassword,
    clientCertPem: join(dir, 'client.pem'),
    clientKeyPem: join(dir, 'client.key'),
    untrustedCaPem: join(dir, 'untrusted-ca.pem'),
    untrustedClientCertPem: join(dir, 'untrusted-client.pem'),
    untrustedClientKeyPem: join(dir, 'untrusted-client.key'),
  };
  if (existsSync(done)) return certs;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  newCa(dir, 'ca', '/CN=Connectory Test CA');
  newLeaf(dir, 'broker', 'ca', BROKER_CN,
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n');
  newLeaf(dir, 'client', 'ca', MTLS_CLIENT_CN, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  newCa(dir, 'untrusted-ca', '/CN=Untrusted Test CA');
  newLeaf(dir, 'untrusted-client', 'untrusted-ca', MTLS_CLIENT_CN, 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  run('openssl', ['pkcs12', '-export', '-name', 'broker', '-in', join(dir, 'broker.pem'), '-inkey', join(dir, 'broker.key'),
    '-certfile', certs.caPem, '-out', certs.keystore, '-passout', `pass:${storePassword}`]);
  run('keytool', ['-importcert', '-noprompt', '-alias', 'connectory-test-ca', '-file', certs.caPem, '-keystore', certs.truststore,
    '-storetype', 'PKCS12', '-storepass', storePassword]);
  writeFileSync(done, new Date().toISOString());
  return certs;
}

export const readPem = (file: string): string => readFileSync(file, 'utf8');
