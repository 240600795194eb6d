import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIPv4 } from 'node:net';

/** A PEM certificate and its PEM private key, ready for `https.createServer({ cert, key })`. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
}

/** Options for `createSelfSignedCertificate`. */
export interface SelfSignedCertificateOptions {
  commonName?: string;
  /** IPv4 addresses the certificate is valid for. Default `['127.0.0.1']`. */
  ipAddresses?: string[];
  /** Host names the certificate is valid for. Default `['localhost']`. */
  dnsNames?: string[];
  /** Default 30. */
  validDays?: number;
  /** Instant the validity is computed from (epoch ms). Default now. */
  now?: number;
}

/**
 * Creates a self-signed X.509 v3 certificate (ECDSA P-256, SHA-256) for local HTTPS servers.
 * Written against node:crypto alone, so the local stack needs neither the `openssl` CLI nor a
 * certificate package: the encoder below covers exactly the DER this certificate uses.
 */
export function createSelfSignedCertificate(options: SelfSignedCertificateOptions = {}): SelfSignedCertificate {
  const now = options.now ?? Date.now();
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(options.commonName ?? 'bedrock-certification local'))));
  const altNames = [
    ...(options.dnsNames ?? ['localhost']).map((dns) => tagged(0x82, Buffer.from(dns, 'ascii'))),
    ...(options.ipAddresses ?? ['127.0.0.1']).map((ip) => tagged(0x87, ipv4Bytes(ip))),
  ];

  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(spki).digest();

  const tbs = sequence(
    tagged(0xa0, integer(Buffer.from([2]))), // version v3
    integer(serialNumber()),
    ecdsaWithSha256,
    name, // issuer: itself
    sequence(time(new Date(now - 60 * 60 * 1000)), time(new Date(now + (options.validDays ?? 30) * 86_400_000))),
    name,
    spki,
    tagged(
      0xa3,
      sequence(
        extension('2.5.29.17', sequence(...altNames)), // subjectAltName: what TLS clients check
        extension('2.5.29.37', sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        // Key identifiers let OpenSSL tell apart trusted certificates that share a subject name;
        // without them it picks the first one by name and reports a bad self-signed certificate.
        extension('2.5.29.14', tagged(0x04, keyId)), // subjectKeyIdentifier
        extension('2.5.29.35', sequence(tagged(0x80, keyId))), // authorityKeyIdentifier: itself
      ),
    ),
  );
  // For EC keys node:crypto emits the DER-encoded ECDSA signature X.509 expects.
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, ecdsaWithSha256, tagged(0x03, Buffer.concat([Buffer.from([0]), signature])));

  return {
    cert: `-----BEGIN CERTIFICATE-----\n${certificate.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

// --- a minimal DER encoder ---

function tagged(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

function sequence(...items: Buffer[]): Buffer {
  return tagged(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tagged(0x31, Buffer.concat(items));
}

function integer(bigEndian: Buffer): Buffer {
  // DER integers are signed: a leading 1 bit needs a zero byte in front to stay positive.
  const first = bigEndian[0] ?? 0;
  return tagged(0x02, first & 0x80 ? Buffer.concat([Buffer.from([0]), bigEndian]) : bigEndian);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tagged(0x06, Buffer.from(bytes));
}

function utf8(text: string): Buffer {
  return tagged(0x0c, Buffer.from(text, 'utf8'));
}

function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-24T12:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z'; // 20261124120000Z
  // RFC 5280: UTCTime through 2049, GeneralizedTime after.
  return date.getUTCFullYear() < 2050 ? tagged(0x17, Buffer.from(digits.slice(2), 'ascii')) : tagged(0x18, Buffer.from(digits, 'ascii'));
}

function extension(extensionOid: string, value: Buffer): Buffer {
  return sequence(oid(extensionOid), tagged(0x04, value));
}

function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive and without a leading zero byte
  return serial;
}

function ipv4Bytes(ip: string): Buffer {
  if (!isIPv4(ip)) throw new RangeError(`Only IPv4 addresses are supported, got "${ip}"`);
  return Buffer.from(ip.split('.').map(Number));
}
