import { describe, expect, it } from 'vitest';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCertificate } from '../../local/self-signed-certificate.js';

function get(url: string, ca?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ...(ca ? { ca } : {}), agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('createSelfSignedCertificate', () => {
  it('creates a certificate node parses, signed by its own key, for 127.0.0.1 and localhost', async () => {
    const now = Date.parse('2026-11-24T12:00:00.000Z');
    const { cert, key } = await createSelfSignedCertificate({
      commonName: 'test issuer',
      validDays: 10,
      now,
    });
    const x509 = new X509Certificate(cert);

    expect(x509.subject).toBe('CN=test issuer');
    expect(x509.issuer).toBe('CN=test issuer');
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('10.0.0.1')).toBeUndefined();
    expect(new Date(x509.validFrom).toISOString()).toBe('2026-11-24T11:00:00.000Z');
    expect(new Date(x509.validTo).toISOString()).toBe('2026-12-04T12:00:00.000Z');
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    // The private key belongs to the certificate.
    expect(createPublicKey(createPrivateKey(key)).export({ format: 'jwk' })).toEqual(
      x509.publicKey.export({ format: 'jwk' }),
    );
  });

  it('uses GeneralizedTime for dates from 2050, as RFC 5280 requires', async () => {
    const { cert } = await createSelfSignedCertificate({
      now: Date.parse('2049-12-30T00:00:00.000Z'),
      validDays: 5,
    });
    expect(new Date(new X509Certificate(cert).validTo).toISOString()).toBe(
      '2050-01-04T00:00:00.000Z',
    );
  });

  it('gives every certificate its own positive serial number', async () => {
    const certificates = await Promise.all(
      Array.from({ length: 5 }, () => createSelfSignedCertificate()),
    );
    const serials = new Set(certificates.map(({ cert }) => new X509Certificate(cert).serialNumber));
    expect(serials.size).toBe(5);
    for (const serial of serials) expect(serial).toMatch(/^[0-7][0-9A-F]{31}$/);
  });

  it('serves HTTPS that a client trusting the certificate accepts and any other client refuses', async () => {
    const { cert, key } = await createSelfSignedCertificate();
    const server = https.createServer({ cert, key }, (_request, response) => response.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await expect(get(url, cert)).resolves.toBe('hello');
      await expect(get(url)).rejects.toThrow(/self-signed certificate/);
    } finally {
      server.close();
    }
  });

  it('is told apart from another trusted certificate with the same name', async () => {
    // Prepare: trust an older certificate of the same name first, as after an issuer restart.
    const older = await createSelfSignedCertificate({ commonName: 'same name' });
    const { cert, key } = await createSelfSignedCertificate({ commonName: 'same name' });
    const server = https.createServer({ cert, key }, (_request, response) => response.end('newer'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      // Act + Assess
      await expect(get(url, older.cert + cert)).resolves.toBe('newer');
    } finally {
      server.close();
    }
  });

  it('covers IPv6 addresses too', async () => {
    const { cert } = await createSelfSignedCertificate({ ipAddresses: ['127.0.0.1', '::1'] });
    const x509 = new X509Certificate(cert);
    expect(x509.checkIP('::1')).toBe('::1');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
