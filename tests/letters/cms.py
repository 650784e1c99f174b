"""A detached CMS signature made in the test from a self-made RSA certificate, as an
officer's NCALayer would make one over a decision's canonical document (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID


def self_signed(common_name: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """An RSA key and a certificate it signs itself."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = datetime(2021, 1, 1, tzinfo=UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(start).not_valid_after(start + timedelta(days=3650))
                   .sign(key, hashes.SHA256()))
    return key, certificate


def detached_cms(document: bytes, key: rsa.RSAPrivateKey,
                 certificate: x509.Certificate) -> bytes:
    """A detached CMS (DER) over `document`."""
    return (pkcs7.PKCS7SignatureBuilder().set_data(document)
            .add_signer(certificate, key, hashes.SHA256())
            .sign(serialization.Encoding.DER,
                  [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]))
