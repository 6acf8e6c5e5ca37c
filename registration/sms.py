"""Text messages (短信) through a backend chosen by setting: KEPU_SMS_BACKEND is a dotted path
to a class with `send(phone, text)`. Kepu ships a console backend (development), a file
backend (one JSON line per message in KEPU_SMS_FILE_PATH; a test or a gateway's spooler reads
it) and an in-memory one for tests. A provider (阿里云短信, 腾讯云短信, a city's own gateway)
plugs in as one more class: raise on failure and the task queue retries the message.
"""

import json
import sys
import threading

from django.utils import timezone
from django.utils.module_loading import import_string

from core.conf import kepu_settings


class BaseSmsBackend:
    def send(self, phone, text):
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    def send(self, phone, text):
        sys.stdout.write(f"[短信] {phone}: {text}\n")
        sys.stdout.flush()


class FileBackend(BaseSmsBackend):
    lock = threading.Lock()

    def send(self, phone, text):
        path = kepu_settings.SMS_FILE_PATH
        if not path:
            raise RuntimeError("KEPU_SMS_FILE_PATH is not set for the file SMS backend")
        line = json.dumps({"at": timezone.now().isoformat(), "phone": phone, "text": text}, ensure_ascii=False)
        with self.lock, open(path, "a", encoding="utf-8") as spool:
            spool.write(line + "\n")


outbox = []


class MemoryBackend(BaseSmsBackend):
    def send(self, phone, text):
        outbox.append({"phone": phone, "text": text})


def send_sms(phone, text):
    backend = import_string(kepu_settings.SMS_BACKEND)()
    backend.send(phone, text)
