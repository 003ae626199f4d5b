#!/usr/bin/env python3
"""Mints temporary credentials in moto, one set per role ARN, so each credential source has its own identity.

moto's sts:AssumeRole accepts any role ARN (in any account) and answers GetCallerIdentity for the keys
it returns with arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, and routes requests signed with them to
that account. A test tells which credentials the module used by the caller it names.

Usage: assume_role.py --endpoint URL NAME=ROLE_ARN [NAME=ROLE_ARN ...]
Prints one JSON object: NAME -> {AccessKeyId, SecretAccessKey, SessionToken, Arn}.
"""
import argparse
import json

import boto3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("roles", nargs="+", help="NAME=ROLE_ARN; the session is named after NAME in lower case")
    args = parser.parse_args()
    sts = boto3.client("sts", endpoint_url=args.endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    result = {}
    for pair in args.roles:
        name, role_arn = pair.split("=", 1)
        answer = sts.assume_role(RoleArn=role_arn, RoleSessionName=name.lower())
        keys = answer["Credentials"]
        result[name] = {
            "AccessKeyId": keys["AccessKeyId"],
            "SecretAccessKey": keys["SecretAccessKey"],
            "SessionToken": keys["SessionToken"],
            "Arn": answer["AssumedRoleUser"]["Arn"],
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
