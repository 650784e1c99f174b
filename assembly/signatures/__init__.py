"""EDS signatures (ЭЦП / ЭЦҚ): verifying a detached CMS over a canonical document, to the
configured trust roots (the National Certification Authority's in production).

`verify.py` holds the interface every verifier answers (`Verifier`, `Verified`,
`SignatureRefused`), `rsa.py` the in-process verifier (pyhanko), `remote.py` a verifier
behind an HTTP service (NCANode, for GOST keys), `roots.py` reads certificates and CRLs,
`authority.py` is the test authority of the tests and the demo."""
