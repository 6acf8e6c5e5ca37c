"""deploy/nginx/kepu.conf as an operator installs it: TLS and the HTTP redirect included,
which tools/with-nginx leaves out."""

import shutil
import subprocess

import pytest

from tests.conftest import ROOT
from tests.deploy.conftest import PURGE_MODULE, nginx_missing


def test_the_production_file_loads_in_nginx(tmp_path):
    if reason := nginx_missing() or (None if shutil.which("openssl") else "openssl is not installed"):
        pytest.skip(reason)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=kepu.example.cn"]
        + ["-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx" / "kepu.conf").read_text()
    # Only what the machine decides: where the certificates and the cache are.
    site = site.replace("/etc/ssl/kepu/", f"{tmp_path}/").replace("/var/cache/nginx/kepu", f"{tmp_path}/cache")
    (tmp_path / "kepu.conf").write_text(site)
    temp_paths = " ".join(f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"load_module {PURGE_MODULE};\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; client_body_temp_path {tmp_path}/body; {temp_paths}\n"
        f"include {tmp_path}/kepu.conf; }}\n"
    )
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
