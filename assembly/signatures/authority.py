"""A test certification authority in the style of the National Certification Authority
(НУЦ РК): RSA keys, subjects with SERIALNUMBER=IIN… and, for an organization's employee,
OU=BIN…; detached CMS signatures made in Python, as NCALayer's createCAdESFromBase64
makes them. For the tests and the demo only: its root must never be a production trust
root."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

PEM = serialization.Encoding.PEM
DER = serialization.Encoding.DER
VALID_FROM = datetime(2020, 1, 1, tzinfo=UTC)
VALID_UNTIL = datetime(2040, 1, 1, tzinfo=UTC)
# Where the certificates say the CRL is (nothing answers there: the CRL is given as a file).
CRL_URL = "http://crl.test-authority.invalid/rsa.crl"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _usage(sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign, content_commitment=sign, key_encipherment=not sign,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False)


@dataclass
class Credential:
    """A key and its certificate: what a user's key store (a .p12 file) holds."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    def sign(self, data: bytes) -> bytes:
        """A detached CMS (CAdES-BES) over `data`, DER."""
        return (pkcs7.PKCS7SignatureBuilder().set_data(data)
                .add_signer(self.certificate, self.key, hashes.SHA256())
                .sign(DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]))

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(PEM)


def subject(name: str, iin: str, bin_: str | None = None) -> x509.Name:
    """A national-style subject: CN, SERIALNUMBER=IIN…, C=KZ, OU=BIN… for an employee."""
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, name),
             x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"),
             x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")]
    if bin_:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin_}"))
    return x509.Name(parts)


def self_made(name: str, iin: str, bin_: str | None = None) -> Credential:
    """A self-signed certificate naming anyone: what tools imitating NCALayer produce."""
    key = _key()
    who = subject(name, iin, bin_)
    certificate = (x509.CertificateBuilder().subject_name(who).issuer_name(who)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(VALID_FROM).not_valid_after(VALID_UNTIL)
                   .add_extension(_usage(True), critical=True)
                   .sign(key, hashes.SHA256()))
    return Credential(key, certificate)


@dataclass
class TestAuthority:
    """A root certificate that issues users' signing certificates and a CRL."""

    __test__ = False  # not a pytest class
    name: str = "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST ONLY)"
    key: rsa.RSAPrivateKey = field(default_factory=_key)
    revoked: dict[int, datetime] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, self.name),
                                  x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ")])
        self.root = (
            x509.CertificateBuilder().subject_name(self.subject).issuer_name(self.subject)
            .public_key(self.key.public_key()).serial_number(1)
            .not_valid_before(VALID_FROM).not_valid_after(VALID_UNTIL)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()),
                           critical=False)
            .sign(self.key, hashes.SHA256()))

    def issue(self, name: str, iin: str, bin_: str | None = None, *,
              valid_from: datetime = VALID_FROM, valid_until: datetime = VALID_UNTIL,
              signing: bool = True) -> Credential:
        """A user's certificate (`signing=False`: an authentication key, which may not sign)."""
        key = _key()
        certificate = (
            x509.CertificateBuilder().subject_name(subject(name, iin, bin_))
            .issuer_name(self.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from).not_valid_after(valid_until)
            .add_extension(_usage(signing), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]), critical=False)
            .sign(self.key, hashes.SHA256()))
        return Credential(key, certificate)

    def revoke(self, credential: Credential, at: datetime) -> None:
        self.revoked[credential.certificate.serial_number] = at

    def crl(self, issued_at: datetime, next_update: datetime) -> bytes:
        """The CRL as of `issued_at` (PEM)."""
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.subject)
                   .last_update(issued_at).next_update(next_update))
        for serial, at in self.revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at)
                .build())
        return builder.sign(self.key, hashes.SHA256()).public_bytes(PEM)

    def write_root(self, path: Path) -> Path:
        path.write_bytes(self.root.public_bytes(PEM))
        return path
