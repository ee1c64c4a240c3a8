"""The tests' S3 client (conftest's ``object_store`` fixture): what is really in the bucket."""

import boto3


def raw_client(options: dict):
    """A boto3 client for the store described by ``ObjectStorage``'s options."""
    return boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    )
