"""Documents handed to nginx once Django has said yes.

Wagtail's document view (/documents/<id>/<name>) checks the document's collection: a login,
a group or a password. With SENDFILE_BACKEND = "core.sendfile" (KEPU_SENDFILE=nginx) it then
answers with no body and an X-Accel-Redirect to nginx's internal location (KEPU_SENDFILE_URL,
deploy/nginx/kepu.conf), and nginx sends the file from MEDIA_ROOT: no worker is held for the
download. nginx refuses the files' own /media/documents/ URLs, so the view is the only door.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse

from .conf import kepu_settings


def sendfile(request, filename, **kwargs):
    path = Path(filename).resolve()
    try:
        relative = path.relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError as error:
        raise SuspiciousFileOperation(f"{filename} is outside MEDIA_ROOT") from error
    response = HttpResponse()
    # nginx decodes the URI it is given: a Chinese or spaced file name arrives percent-encoded.
    response["X-Accel-Redirect"] = kepu_settings.SENDFILE_URL + quote(relative.as_posix())
    return response
