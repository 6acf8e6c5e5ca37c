"""SMS backends for the worker test: one whose gateway is down, one that fails once."""

import os

from registration.sms import FileBackend


class DownBackend(FileBackend):
    def send(self, phone, text):
        raise ConnectionError("SMS gateway unreachable")


class FailsOnceBackend(FileBackend):
    def send(self, phone, text):
        marker = os.environ["KEPU_SMS_FILE_PATH"] + ".failed-once"
        if not os.path.exists(marker):
            open(marker, "w").close()
            raise ConnectionError("SMS gateway busy")
        super().send(phone, text)
