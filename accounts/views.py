"""The second-factor pages, under /admin/2fa/ (wagtail_hooks.py): verify after the password,
set up an authenticator, see and renew recovery codes, and a superuser's reset of
another user's second factor."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import devices
from accounts.forms import CodeForm, SetupCodeForm


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """Asks a signed-in user with a confirmed device for a code: the authenticator's or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not devices.is_enrolled(user):
        return redirect(f"{reverse('accounts:setup')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device, wait = devices.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            if not device.persistent_id.startswith("otp_totp"):
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)s are left.")
                    % {"left": devices.recovery_codes_left(user)},
                )
            return redirect(_next_url(request))
        if wait:
            form.add_error("code", _("Too many wrong codes. Try again in %(seconds)s seconds.") % {"seconds": wait})
        else:
            form.add_error("code", _("That code is not right. Check the app's current code, or use a recovery code."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """Shows the QR code of a new authenticator secret and confirms it with one of its codes;
    then shows the recovery codes, once."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(reverse("accounts:manage") if user.is_verified() else reverse("accounts:verify"))
    device = devices.pending_totp_device(user)
    form = SetupCodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            codes = devices.confirm(device)
            otp_login(request, device)
            request.session.cycle_key()
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
        form.add_error("code", _("That code is not right. Check the app's clock, or wait for the next code."))
    context = {
        "form": form,
        "qr_code": devices.qr_code_svg(device),
        "key": devices.readable_key(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/setup.html", context)


@never_cache
def manage(request):
    """The user's own second factor: whether it is set up, how many recovery codes are left."""
    user = request.user
    context = {
        "enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "codes_left": devices.recovery_codes_left(user),
        "required": devices.required(),
    }
    return render(request, "accounts/manage.html", context)


@never_cache
@require_POST
def new_recovery_codes(request):
    """Replaces the user's recovery codes; only a session that passed the second factor may."""
    if not request.user.is_verified():
        raise PermissionDenied
    codes = devices.new_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:manage")})


@never_cache
def reset_user(request, user_id):
    """A superuser removes another user's second factor (lost phone and codes)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        devices.reset(target)
        messages.success(
            request,
            _("%(user)s's second factor was removed; they set up a new one at their next sign-in.")
            % {"user": target.get_username()},
        )
        return redirect("wagtailusers_users:edit", target.pk)
    return render(request, "accounts/reset_user.html", {"target": target, "enrolled": devices.is_enrolled(target)})
