import { randomBytes } from 'node:crypto';
// @peculiar/x509 2.x resolves its algorithms through tsyringe, which needs this polyfill loaded first.
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';

/** A PEM certificate and its PEM private key, ready for `https.createServer({ cert, key })`. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
}

/** Options for `createSelfSignedCertificate`. */
export interface SelfSignedCertificateOptions {
  commonName?: string;
  /** IP addresses (v4 or v6) the certificate is valid for. Default `['127.0.0.1']`. */
  ipAddresses?: string[];
  /** Host names the certificate is valid for. Default `['localhost']`. */
  dnsNames?: string[];
  /** Default 30. */
  validDays?: number;
  /** Instant the validity is computed from (epoch ms). Default now. */
  now?: number;
}

const ECDSA_P256_SHA256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/**
 * Creates a self-signed X.509 v3 server certificate (ECDSA P-256, SHA-256) for local HTTPS
 * servers, with @peculiar/x509 over the global WebCrypto: no `openssl` CLI needed.
 */
export async function createSelfSignedCertificate(
  options: SelfSignedCertificateOptions = {},
): Promise<SelfSignedCertificate> {
  const now = options.now ?? Date.now();
  const keys = await crypto.subtle.generateKey(ECDSA_P256_SHA256, true, ['sign', 'verify']);
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [options.commonName ?? 'bedrock-certification local'] }],
    // An hour back, for clocks that run a little behind this one.
    notBefore: new Date(now - 60 * 60 * 1000),
    notAfter: new Date(now + (options.validDays ?? 30) * 86_400_000),
    signingAlgorithm: ECDSA_P256_SHA256,
    keys,
    extensions: [
      // What TLS clients check the host against.
      new SubjectAlternativeNameExtension([
        ...(options.dnsNames ?? ['localhost']).map((value) => ({ type: 'dns' as const, value })),
        ...(options.ipAddresses ?? ['127.0.0.1']).map((value) => ({ type: 'ip' as const, value })),
      ]),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
      // Key identifiers let OpenSSL tell apart trusted certificates that share a subject name;
      // without them it picks the first one by name and reports a bad self-signed certificate.
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      await AuthorityKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  // PEM files end with a newline; without one, two certificates concatenated into one trust
  // list (`ca: older + newer`) no longer parse.
  return {
    cert: `${certificate.toString('pem')}\n`,
    key: `${PemConverter.encode(await crypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY')}\n`,
  };
}

/** 16 random bytes (RFC 5280 allows up to 20), positive and without a leading zero byte. */
function randomSerial(): string {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  return serial.toString('hex');
}
