"""The engine as a package: `pip install <repo>` gives a `loancoach` command that works from any
folder, carries its data, writes its records under the working directory, and claims no generic
top-level names. The wheel is installed into a fresh virtual environment (its dependencies are taken
from the project's own environment, so the test needs no network)."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile

import pytest
from conftest import PROJECT_ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("package")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(work),
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    [wheel] = work.glob("loancoach-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    env_site = next((env_dir / "lib").glob("python3*/site-packages"))
    # Dependencies from the project's environment, the package itself only from the wheel.
    (env_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(env_site)
    script = env_dir / "bin" / "loancoach"
    script.write_text(
        f"#!{env_dir / 'bin' / 'python'}\nimport sys\nfrom loancoach.cli.app import main\nsys.exit(main())\n"
    )
    script.chmod(0o755)
    return wheel, script, work


def run(script, *args, cwd):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LOANCOACH_VAR_DIR", "PYTHONPATH")
    }
    return subprocess.run([str(script), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_wheel_holds_the_engine_and_its_data_only(installed):
    wheel, _, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.startswith("loancoach-")}
    assert top == {"loancoach"}, top
    assert "loancoach/text/finance_dict.txt" in names
    assert "loancoach/knowledge/topics.yml" in names


def test_every_command_works_from_an_empty_folder(installed, tmp_path):
    _, script, _ = installed
    checked = run(script, "check-ad", "不看征信，先交保证金", "--json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["verdict"] == "misleading"
    afford = run(
        script, "afford", "--amount", "50000", "--months", "24", "--apr", "18", "--json", cwd=tmp_path
    )
    assert afford.returncode == 0, afford.stderr
    assert json.loads(afford.stdout)["monthly_payment"] == "2496.21"
    compare = run(script, "compare", "--help", cwd=tmp_path)
    assert compare.returncode == 0
    # Records go under the working directory, never under the install location.
    assert (tmp_path / "var" / "loancoach.db").exists()
    loaded = subprocess.run(
        [str(script.parent / "python"), "-c", "import loancoach; print(loancoach.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert str(PROJECT_ROOT) not in loaded.stdout
