"""DuckLake with its data files in S3 object storage (a local moto server that checks signatures): the files land
in the bucket, credentials come from the environment only, and an unreachable store, a missing bucket or refused
credentials are clear refusals in both languages that change nothing, also when the store fails in the middle of a
save from the upload page."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from binjai import db, lake
from binjai.i18n import t
from etl import cli, warehouse
from etl.loading import seed_database
from tests import upload_fixtures as fx
from tests.backends import S3Server, fingerprint, new_lake, s3_server  # noqa: F401 - fixtures
from tests.conftest import emas_frame, use_warehouse

SHARED_SIGN_IN = True  # the upload page signs in on the lake's shared store here, on both runs (tests/conftest.py)
S3_SETTINGS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
               "BINJAI_S3_ENDPOINT", "BINJAI_S3_URL_STYLE", "BINJAI_S3_USE_SSL")


@pytest.fixture
def s3_lake(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new lake whose data path is a fresh bucket on the session's S3 server."""
    return new_lake(request, "s3", tmp_path)


def _bucket(address: str) -> str:
    return lake.parse(address).bucket


def _count(address: str) -> int:
    return int(warehouse._read(address, "SELECT count(*) AS n FROM e_mas", [])["n"][0])


def test_sample_data_is_written_to_the_bucket_and_read_back(s3_lake: str, s3_server: S3Server) -> None:  # noqa: F811
    seed_database(s3_lake, scale=0.05)
    keys = [o["Key"] for o in s3_server.client().list_objects_v2(Bucket=_bucket(s3_lake)).get("Contents", [])]
    assert keys and all(k.startswith("lake/") for k in keys) and any(k.endswith(".parquet") for k in keys)
    reader = db.reader(s3_lake)
    assert reader.scalar("SELECT count(*) FROM e_mas") == _count(s3_lake) > 0


@pytest.mark.parametrize(("change", "key"), [
    ({"AWS_SECRET_ACCESS_KEY": "salah-rahasia-123"}, "lake.s3_refused"),
    ({"AWS_ACCESS_KEY_ID": "AKIAUNKNOWN0000", "AWS_SECRET_ACCESS_KEY": "salah-rahasia-123"}, "lake.s3_refused"),
    ({"BINJAI_S3_ENDPOINT": "http://127.0.0.1:9"}, "lake.s3_unreachable"),
])
def test_a_refused_or_unreachable_store_is_a_clear_refusal_that_changes_nothing(
        s3_lake: str, change: dict, key: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture) -> None:
    warehouse.load_frame(s3_lake, "e_mas", emas_frame([{"complaint_id": "A"}]), file_name="a.csv", sha256="a",
                         user="u")
    with monkeypatch.context() as patched:
        for name, value in change.items():
            patched.setenv(name, value)
        with caplog.at_level(logging.DEBUG), pytest.raises(lake.StorageError) as err:
            warehouse.load_frame(s3_lake, "e_mas", emas_frame([{"complaint_id": "B"}]), file_name="b.csv",
                                 sha256="b", user="u")
        assert err.value.key == key
        messages = {lang: err.value.message(lang) for lang in ("id", "en")}
        assert all(_bucket(s3_lake) in m for m in messages.values()) and messages["id"] != messages["en"]
        assert "no data was changed" in messages["en"] and "tidak ada data yang diubah" in messages["id"]
        with pytest.raises(db.WarehouseUnavailable) as shown:
            db.reader(s3_lake).scalar("SELECT 1")
        assert shown.value.message("en") == messages["en"]
        assert cli.main(["--db", s3_lake, "--lang", "en", "history"]) == 1
        assert messages["en"] in capsys.readouterr().err
        assert "salah-rahasia-123" not in caplog.text + str(messages)
    assert _count(s3_lake) == 1


def test_a_missing_bucket_is_named(s3_lake: str, tmp_path: Path) -> None:
    address = s3_lake.split("?")[0] + "?data_path=s3://tidak-ada-bucket/lake/"
    with pytest.raises(lake.StorageError) as err:
        lake.connect(address)
    assert err.value.key == "lake.s3_no_bucket" and "tidak-ada-bucket" in err.value.message("en")


def test_s3_settings_come_from_the_environment_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in S3_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    assert lake.s3_options() == {"REGION": "us-east-1", "USE_SSL": True}
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIA1")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    monkeypatch.setenv("AWS_REGION", "ap-southeast-3")
    monkeypatch.setenv("BINJAI_S3_ENDPOINT", "http://minio.kominfo.local:9000")
    assert lake.s3_options() == {"REGION": "ap-southeast-3", "KEY_ID": "AKIA1", "SECRET": "s",
                                 "ENDPOINT": "minio.kominfo.local:9000", "URL_STYLE": "path", "USE_SSL": False}
    monkeypatch.setenv("BINJAI_S3_ENDPOINT", "minio.kominfo.local:9000")
    monkeypatch.setenv("BINJAI_S3_URL_STYLE", "vhost")
    assert lake.s3_options()["USE_SSL"] is True and lake.s3_options()["URL_STYLE"] == "vhost"
    monkeypatch.setenv("BINJAI_S3_USE_SSL", "tidak")
    with pytest.raises(lake.StorageError) as err:
        lake.s3_options()
    assert err.value.key == "lake.s3_bad_setting" and "BINJAI_S3_USE_SSL" in err.value.message("id")


def test_credentials_in_the_address_are_refused() -> None:
    for address in ("ducklake+postgresql://ana:rahasia@db/kota?data_path=s3://lake/",
                    "ducklake+postgresql://ana@db/kota?data_path=s3://AKIA:rahasia@lake/"):
        with pytest.raises(ValueError, match="no credentials") as err:
            lake.parse(address)
        assert "rahasia" not in str(err.value)


def test_data_files_lost_from_the_bucket_are_a_refusal_on_the_dashboard(s3_lake: str,
                                                                        s3_server: S3Server) -> None:  # noqa: F811
    seed_database(s3_lake, scale=0.05)
    client, bucket = s3_server.client(), _bucket(s3_lake)
    files = client.list_objects_v2(Bucket=bucket)["Contents"]
    assert any("/e_mas/" in item["Key"] for item in files)
    for item in files:
        client.delete_object(Bucket=bucket, Key=item["Key"])
    with pytest.raises(db.WarehouseUnavailable) as err:
        db.reader(s3_lake).query("SELECT max(description) FROM e_mas")
    assert err.value.key == "lake.s3_read_failed"
    assert f"bucket {bucket}" in err.value.message("en") and "HTTP 404" in err.value.message("id")


def _take_bucket_away(server: S3Server, bucket: str) -> dict[str, bytes]:
    """Remove the bucket with every object in it; returns the objects, so that the test can put them back."""
    client = server.client()
    objects = {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
               for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}
    for key in objects:
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)
    return objects


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_store_lost_in_the_middle_of_a_save_is_told_on_the_upload_page_and_changes_nothing(
        s3_lake: str, s3_server: S3Server, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    use_warehouse(monkeypatch, s3_lake)
    fx.staff_env(monkeypatch, fx.write_accounts(None), s3_lake)
    bucket, before = _bucket(s3_lake), fingerprint(s3_lake)
    rows = [fx.csv_row(f"N{i:03d}", fx.recent_day(3)) for i in range(200)]  # enough rows to be written to Parquet
    at = fx.upload(fx.open_app("pages/10_unggah.py", lang=lang, user="rudi"), "aduan_banyak.csv", fx.csv_bytes(rows))
    assert [m.value for m in at.metric][0] == "200"
    taken: list[dict[str, bytes]] = []
    apply_batch = warehouse.apply_batch

    def bucket_lost(con: object, *args: object, **kwargs: object) -> object:
        taken.append(_take_bucket_away(s3_server, bucket))  # inside the save's transaction, before its writes
        return apply_batch(con, *args, **kwargs)

    monkeypatch.setattr(warehouse, "apply_batch", bucket_lost)
    at.button(key="upl_confirm").click().run()
    assert not at.exception and len(taken) == 1
    assert at.status[-1].label == t("lake.s3_no_bucket", lang, bucket=bucket, status=404)
    assert at.button(key="upl_confirm")  # the checked file is kept for another try
    client = s3_server.client()
    client.create_bucket(Bucket=bucket)
    for key, body in taken[0].items():
        client.put_object(Bucket=bucket, Key=key, Body=body)
    assert fingerprint(s3_lake) == before
    assert _count(s3_lake) == 3 and warehouse.history(s3_lake)["batch_id"].tolist() == [1]
