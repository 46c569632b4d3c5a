"""Prints presigned S3 URLs made by botocore for fixed credentials and a frozen time, as JSON.

Used by sigv2.test.ts as the oracle: botocore is the client whose SigV2 output iamlab must accept
(aws-behaviour.md section 5.4). Run: python3 botocore-presign.py <epoch seconds>
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.session
from botocore.config import Config

NOW = int(sys.argv[1])
FROZEN = datetime.datetime.fromtimestamp(NOW, datetime.timezone.utc).replace(tzinfo=None)


def client(signature_version, token=None):
    session = botocore.session.get_session()
    return session.create_client(
        's3',
        region_name='us-east-1',
        endpoint_url='http://localhost:4566',
        aws_access_key_id='AKIAIOSFODNN7EXAMPLE',
        aws_secret_access_key='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        aws_session_token=token,
        config=Config(signature_version=signature_version, s3={'addressing_style': 'path'}),
    )


CASES = [
    ('get_object', {'Bucket': 'b', 'Key': 'k'}),
    ('get_object', {'Bucket': 'my-bucket', 'Key': 'dir/a b+c~é.txt'}),
    ('get_object', {'Bucket': 'b', 'Key': 'k', 'ResponseContentType': 'text/plain', 'VersionId': 'v1'}),
    ('put_object', {'Bucket': 'b', 'Key': 'up', 'ContentType': 'image/png'}),
    ('list_objects_v2', {'Bucket': 'b', 'Prefix': 'p/'}),
]

out = []
with mock.patch('botocore.auth.get_current_datetime', return_value=FROZEN), mock.patch(
    'botocore.auth.time.time', return_value=float(NOW)
):
    for version in ('s3', 's3v4'):
        for token in (None, 'FQoGZXIvYXdzEXAMPLETOKEN/+=='):
            c = client(version, token)
            for op, params in CASES:
                url = c.generate_presigned_url(op, Params=params, ExpiresIn=900)
                method = 'PUT' if op == 'put_object' else 'GET'
                headers = {'Content-Type': params['ContentType']} if 'ContentType' in params else {}
                out.append({'version': version, 'token': token, 'op': op, 'method': method, 'url': url, 'headers': headers})
print(json.dumps(out))
