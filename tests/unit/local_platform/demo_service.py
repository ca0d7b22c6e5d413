"""The made-up "demo" service the local platform tests render: one operation per machinery to exercise."""

from design_agent.spec import Auth, Operation, Queue, Secret, Service, Table, Trigger

H = "tests.unit.local_platform.handlers"
JOBS = Queue("jobs", visibility_timeout_s=0, max_receive_count=2)  # failed messages come back at once
THINGS = Table("things", stream="NEW_AND_OLD_IMAGES")
KEYS = Secret("demo-keys")

SERVICE = Service(
    name="demo",
    queues=(JOBS,),
    tables=(THINGS,),
    secrets=(KEYS,),
    operations=(
        Operation("Health", f"{H}.health", method="GET", path="/api/v1/health", auth=Auth.NONE),
        Operation("Echo", f"{H}.echo", method="GET", path="/api/v1/things/{thing_id}"),
        Operation("EchoStatic", f"{H}.echo", method="GET", path="/api/v1/things/special", auth=Auth.NONE),
        Operation("Upload", f"{H}.echo", method="POST", path="/api/v1/things", auth=Auth.NONE),
        Operation("Slow", f"{H}.slow", method="GET", path="/api/v1/slow", auth=Auth.NONE),
        Operation("SlowShortTimeout", f"{H}.slow", method="GET", path="/api/v1/slow-short", auth=Auth.NONE,
                  timeout_s=0),  # hits its own Lambda timeout before API Gateway's
        Operation("Crash", f"{H}.crash", method="GET", path="/api/v1/crash", auth=Auth.NONE),
        Operation("Malformed", f"{H}.malformed", method="GET", path="/api/v1/malformed", auth=Auth.NONE),
        Operation("Missing", f"{H}.does_not_exist", method="GET", path="/api/v1/missing", auth=Auth.NONE),
        Operation("Authorizer", f"{H}.authorizer", trigger=Trigger.AUTHORIZER),
        Operation("Internal", f"{H}.internal", trigger=Trigger.INTERNAL),
        Operation("Hog", f"{H}.hog", trigger=Trigger.INTERNAL, memory_mb=128),  # Lambda's smallest size
        Operation("HogRoute", f"{H}.hog", method="POST", path="/api/v1/hog", auth=Auth.NONE, memory_mb=128),
        Operation("Sleepy", f"{H}.sleepy", trigger=Trigger.INTERNAL, timeout_s=1),
        Operation("Environment", f"{H}.environment", trigger=Trigger.INTERNAL, memory_mb=256, timeout_s=7),
        Operation("Consume", f"{H}.consume", trigger=Trigger.QUEUE, source="jobs"),
        Operation("AwsCalls", f"{H}.aws_calls", trigger=Trigger.INTERNAL),
        Operation("Creates", f"{H}.creates", trigger=Trigger.INTERNAL),
        Operation("Changes", f"{H}.stream", trigger=Trigger.STREAM, source="things"),
        Operation("Tick", f"{H}.tick", trigger=Trigger.SCHEDULE, schedule_minutes=60),
        Operation("Rotate", f"{H}.rotate", trigger=Trigger.SECRET_ROTATION, secrets={"demo-keys": "rotate"}),
    ),
)
