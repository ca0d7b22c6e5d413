"""The CDK app: renders the service descriptions (``design_agent.spec``) into AWS resources."""
