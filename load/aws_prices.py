"""Published AWS prices the capacity model uses: us-east-1, on-demand, no free tier, as listed on each service's
pricing page (checked 2026-12). One file, so a price change is one edit and ``python -m load.capacity`` redoes
every figure from it."""

from __future__ import annotations

REGION = "us-east-1"

# AWS Lambda (arm64: the stacks deploy Graviton functions)
LAMBDA_PER_MILLION_REQUESTS = 0.20
LAMBDA_PER_GB_SECOND = 0.0000133334

# Amazon API Gateway
REST_API_PER_MILLION_REQUESTS = 3.50  # first 333 million a month
WEBSOCKET_PER_MILLION_MESSAGES = 1.00  # 32 KB units
WEBSOCKET_PER_MILLION_CONNECTION_MINUTES = 0.25

# Amazon DynamoDB, on-demand capacity, Standard table class
DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625
DYNAMODB_PER_MILLION_READ_UNITS = 0.125
DYNAMODB_PER_GB_MONTH = 0.25
DYNAMODB_STREAMS_PER_MILLION_READS = 0.02  # GetRecords; Lambda's reads of the stream are free

# Amazon S3 Standard
S3_PER_GB_MONTH = 0.023
S3_PER_THOUSAND_PUTS = 0.005
S3_PER_THOUSAND_GETS = 0.0004

# Amazon SQS (standard queues), Amazon EventBridge, AWS Secrets Manager, Amazon CloudFront, Amazon SES
SQS_PER_MILLION_REQUESTS = 0.40  # 64 KB chunks
EVENTBRIDGE_PER_MILLION_EVENTS = 1.00  # custom events
SECRETS_MANAGER_PER_SECRET_MONTH = 0.40
SECRETS_MANAGER_PER_10K_CALLS = 0.05
CLOUDFRONT_PER_GB_OUT = 0.085  # North America, first 10 TB
SES_PER_THOUSAND_EMAILS = 0.10
