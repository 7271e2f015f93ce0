// What a registering user reads when TLS goes wrong between Connectory and a broker: the words for Node's TLS
// failures, and plaintext spoken to a TLS listener (its first bytes are a TLS record, not a Kafka size prefix).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerConnection, socketErrorMessage } from '../../../server/kafka/protocol/connection';

const withCode = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('TLS failures in words', () => {
  it('names an untrusted broker certificate, a refused client certificate and a listener without TLS', () => {
    expect(socketErrorMessage(withCode('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'))).toBe(
      "TLS: the broker's certificate is not trusted (self-signed certificate in certificate chain); set the CA certificate that signed it",
    );
    expect(socketErrorMessage(withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'))).toMatch(/^TLS: the broker's certificate is not trusted/);
    expect(socketErrorMessage(withCode('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', '80CC…:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601'))).toBe(
      'TLS: the broker refused the handshake (alert "bad certificate"): the listener requires a client certificate it trusts (mutual TLS); set the client certificate and key',
    );
    expect(socketErrorMessage(withCode('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'x'))).toMatch(/alert "certificate required"/);
    expect(socketErrorMessage(withCode('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"))).toMatch(/does not name this host/);
    expect(socketErrorMessage(withCode('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'))).toMatch(/does not speak TLS/);
    expect(socketErrorMessage(withCode('ECONNRESET', 'read ECONNRESET'), true)).toMatch(/closed the connection during the handshake/);
    expect(socketErrorMessage(withCode('ECONNRESET', 'read ECONNRESET'), false)).toBe('read ECONNRESET');
    expect(socketErrorMessage(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });

  describe('plaintext to a TLS listener', () => {
    let server: net.Server | undefined;
    afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    it('says the listener speaks TLS instead of reporting a huge frame', async () => {
      // a TLS listener answers a plaintext Kafka request with a TLS alert record: 0x15 0x03 0x03 …
      server = net.createServer((socket) => socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]))));
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as net.AddressInfo).port;
      const opening = BrokerConnection.open({ host: '127.0.0.1', port }, { clientId: 't', connectTimeoutMs: 2_000, requestTimeoutMs: 2_000 });
      await expect(opening).rejects.toThrow(`Kafka broker 127.0.0.1:${port}: the broker answered with TLS: this is a TLS (SSL or SASL_SSL) listener; turn TLS on for this cluster`);
    });
  });
});
