"""Kepu's Content-Security-Policy and Permissions-Policy, on every response Django makes.

Public pages get CONTENT_SECURITY_POLICY: every script, style and font from Kepu's own
origin, no inline script or style at all, so the policy needs no nonce. A nonce would not
work here anyway: the page cache (page_cache.py) and nginx's cache replay one copy of a
page to every anonymous visitor, nonce and all. The Wagtail admin, whose templates carry
inline scripts and styles, gets its own looser KEPU_ADMIN_CONTENT_SECURITY_POLICY, for its
paths only. A response that already has a policy keeps it (Wagtail's document view sends
"default-src 'none'").
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config

from .conf import kepu_settings


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(kepu_settings.ADMIN_PATH):
            parts.config = default_config(kepu_settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy()
        return response


def permissions_policy():
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in kepu_settings.PERMISSIONS_POLICY.items())
