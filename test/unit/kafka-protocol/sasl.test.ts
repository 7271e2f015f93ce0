import { describe, expect, it } from 'vitest';
import { ScramClient } from '../../../server/kafka/protocol/sasl';

describe('SCRAM client', () => {
  it('computes the RFC 7677 SCRAM-SHA-256 example exchange', () => {
    const client = new ScramClient('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    expect(client.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    expect(client.clientFinal(serverFirst)).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    expect(() => client.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).not.toThrow();
    expect(() => client.verifyServerFinal('v=AAAA')).toThrow(/server signature mismatch/);
  });

  it('refuses a server nonce that does not extend its own', () => {
    const client = new ScramClient('sha512', 'user', 'pencil', 'abc');
    expect(() => client.clientFinal('r=zzz,s=c2FsdA==,i=4096')).toThrow(/invalid first message/);
    expect(() => client.clientFinal('e=unknown-user')).toThrow(/refused: unknown-user/);
  });

  it('escapes = and , in the user name', () => {
    expect(new ScramClient('sha256', 'a=b,c', 'x', 'n').clientFirst()).toBe('n,,n=a=3Db=2Cc,r=n');
  });
});
