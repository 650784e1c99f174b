"""POST /tokens (sign in for a bearer token) and DELETE /tokens/current (revoke it)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from assembly import clock
from assembly.errors import Throttled
from assembly.models import ROLES
from assembly.services.tokens import issue_token, revoke_token
from assembly.services.users import sign_in
from assembly.web import database
from assembly.web.api import bp
from assembly.web.api.endpoint import Call, Payload, operation
from assembly.web.api.errors import ApiError
from assembly.web.api.schemas import TokenOut, TokenRequest
from assembly.web.extensions import limiter
from assembly.web.signin import throttle_policy, timer_now


def _failed(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code != 201


# Wrong passwords are limited per IP address (Flask-Limiter) and counted per account in
# the database, as on the sign-in page (assembly.web.signin).
LIMITS = (
    limiter.limit(lambda: current_app.config["SIGNIN_LIMIT_PER_IP"], deduct_when=_failed),
)


@operation(bp, "POST", "/tokens", summary="Issue a bearer token", tag="auth",
           body=TokenRequest, responses={201: TokenOut}, errors=(401, 429), limits=LIMITS)
def create_token(call: Call) -> tuple[Payload, int]:
    """Exchange an e-mail and password for a bearer token (shown once; it expires)."""
    session = database.session()
    try:
        user = sign_in(session, call.body["email"], call.body["password"], now=timer_now(),
                       policy=throttle_policy())
    except Throttled as exc:
        raise ApiError(429, "rate_limited",
                       {"Retry-After": str(exc.retry_after_seconds)}) from None
    if user is None:
        database.commit()  # the wrong password is counted
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
