from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from dangvu.core.errors import NotFound

OPEN_PREFIXES = ("/login/", "/static/", "/i18n/", "/healthz")


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English (the language form in the header sets the
    cookie). The browser's languages are not asked: office computers often run an English
    browser for Vietnamese staff, who must not find the site in English."""

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class LoginRequiredMiddleware:
    """Every page needs a signed-in user, except the login page and static files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """An account given a temporary password (``User.must_change_password``) goes to the
    change of password from every page but that page, logout and the open ones, until it
    has chosen its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if getattr(user, "must_change_password", False) and user.is_authenticated:
            allowed = (reverse("accounts:password"), reverse("logout"), *OPEN_PREFIXES)
            if not request.path.startswith(allowed):
                return redirect("accounts:password")
        return self.get_response(request)


class DomainErrorMiddleware:
    """The domain's "not there for you" (``core.errors.NotFound``, raised by selectors for
    an object outside the actor's scope or nonexistent) answered as Django's 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404(str(exception)) from exception
        return None


class PrivatePagesMiddleware:
    """Pages and exports of a signed-in user hold personal data: no cache keeps them
    (``Cache-Control: no-store``), neither the browser's after logout nor a proxy's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy of every answer (settings.DANGVU_CSP): scripts only from
    the site's own static files (no inline script, no eval: HTMX runs with allowEval off),
    nothing framed, forms posted only to the site."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.DANGVU_CSP

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        return response
