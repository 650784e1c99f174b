"""POST /tokens (sign in for a bearer token) and DELETE /tokens/current (revoke it)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request

from assembly import clock
from assembly.models import ROLES
from assembly.services.tokens import issue_token, revoke_token
from assembly.services.users import authenticate
from assembly.web import database
from assembly.web.api import bp
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.errors import ApiError
from assembly.web.api.schemas import TokenOut, TokenRequest
from assembly.web.extensions import limiter


def _email_key() -> str:
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else None
    return "api-email:" + (email.strip().lower() if isinstance(email, str) else "")


def _failed(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code != 201


# Wrong passwords are rate-limited per address and per e-mail, as the sign-in page is.
LIMITS = (
    limiter.limit(lambda: current_app.config["SIGNIN_LIMIT_PER_IP"], deduct_when=_failed),
    limiter.limit(lambda: current_app.config["SIGNIN_LIMIT_PER_EMAIL"], key_func=_email_key,
                  deduct_when=_failed),
)


@operation(bp, "POST", "/tokens", summary="Issue a bearer token", tag="auth",
           body=TokenRequest, responses={201: TokenOut}, errors=(401, 429), limits=LIMITS)
def create_token(call: Call) -> tuple[Payload, int]:
    """Exchange an e-mail and password for a bearer token (shown once; it expires)."""
    session = database.session()
    user = authenticate(session, call.body["email"], call.body["password"])
    if user is None:
        raise ApiError(401, "invalid_credentials")
    now = clock.now()
    lifetime = timedelta(hours=float(current_app.config["API_TOKEN_HOURS"]))
    token, row = issue_token(session, user, now=now, lifetime=lifetime)
    database.commit()
    return {"token": token, "role": user.role, "expires_at": row.expires_at.isoformat()}, 201


@operation(bp, "DELETE", "/tokens/current", summary="Revoke the token of this request",
           tag="auth", roles=ROLES, responses={204: None})
def revoke_current_token(call: Call) -> tuple[Payload, int]:
    """Revoke the bearer token sent with this request: it stops working at once."""
    assert call.user is not None
    revoke_token(database.session(), call.user.token_id, now=clock.now())
    database.commit()
    return None, 204
