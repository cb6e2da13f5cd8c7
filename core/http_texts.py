"""The texts of Werkzeug's HTTP errors and Flask-WTF's CSRF errors, marked so core's catalog holds them: the error
handler (core/errors.py `translated`) shows them in the reader's language, like the domain's own messages."""
from core.i18n import N_

HTTP_DESCRIPTIONS = (
    N_("The browser (or proxy) sent a request that this server could not understand."),
    N_("The server could not verify that you are authorized to access the URL requested. You either supplied the "
       "wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials "
       "required."),
    N_("You don't have the permission to access the requested resource. It is either read-protected or not readable "
       "by the server."),
    N_("The requested URL was not found on the server. If you entered the URL manually please check your spelling "
       "and try again."),
    N_("The method is not allowed for the requested URL."),
    N_("The data value transmitted exceeds the capacity limit."),
    N_("The server does not support the media type transmitted in the request."),
    N_("The server encountered an internal error and was unable to complete your request. Either the server is "
       "overloaded or there is an error in the application."),
    N_("The server is temporarily unable to service your request due to maintenance downtime or capacity problems. "
       "Please try again later."),
)
CSRF_REASONS = (
    N_("The CSRF token is missing."), N_("The CSRF token has expired."), N_("The CSRF tokens do not match."),
    N_("The CSRF session token is missing."), N_("The CSRF token is invalid."), N_("The referrer header is missing."),
    N_("The referrer does not match the host."),
)
