"""Columns shared by several sources (place and coordinates), declared once."""

from data_sources.contract import Column, Kind

KELURAHAN = Column(
    "kelurahan", Kind.KELURAHAN, required=True, aliases=("desa_kelurahan",), example="Pahlawan",
    doc_id="Nama atau kode Kemendagri kelurahan", doc_en="Name or Kemendagri code of the kelurahan",
)
KECAMATAN = Column(
    "kecamatan", Kind.KECAMATAN, example="Binjai Utara",
    doc_id="Kecamatan", doc_en="Kecamatan",
)


def latitude(required: bool) -> Column:
    """Latitude column, in Binjai."""
    return Column(
        "latitude", Kind.LATITUDE, required=required, aliases=("lat", "lintang"), minimum=3.52, maximum=3.68,
        example="3,6231", doc_id="Lintang", doc_en="Latitude",
    )


def longitude(required: bool) -> Column:
    """Longitude column, in Binjai."""
    return Column(
        "longitude", Kind.LONGITUDE, required=required, aliases=("lon", "lng", "bujur"), minimum=98.43, maximum=98.55,
        example="98,4972", doc_id="Bujur", doc_en="Longitude",
    )
