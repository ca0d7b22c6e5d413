"""Log groups with the stage's retention for the Lambda functions CDK adds by itself.

Every operation's function gets its own log group from ``OperationFunction``. CDK also creates deploy-time helper
functions (the handler that configures S3 bucket notifications, and any other custom-resource handler a construct
brings); left alone, Lambda creates ``/aws/lambda/<name>`` for them on first run, without retention, and keeps
those logs forever. This gives each such function a log group of its stack with the stage's retention.
"""

from __future__ import annotations

from aws_cdk import CfnResource, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.cdk.settings import StageSettings

LAMBDA_FUNCTION = "AWS::Lambda::Function"


def give_helper_functions_log_groups(stack: Stack, settings: StageSettings) -> list[logs.LogGroup]:
    created: list[logs.LogGroup] = []
    for construct in stack.node.find_all():
        if not isinstance(construct, CfnResource) or construct.cfn_resource_type != LAMBDA_FUNCTION:
            continue
        if isinstance(construct, lambda_.CfnFunction) and construct.logging_config is not None:
            continue  # it names its own log group (every operation's function does)
        scope = construct.node.scope
        assert isinstance(scope, Construct)
        group = logs.LogGroup(scope, "StageLogs", retention=settings.log_retention,
                              removal_policy=settings.removal_policy)
        # raw CfnResource helpers (S3 notifications) and CfnFunctions alike take the property override
        construct.add_property_override("LoggingConfig", {"LogGroup": group.log_group_name})
        created.append(group)
    return created
