"""The OpenAPI schema tells the truth: Schemathesis, every check on, finds no failure in the real app.

This is what `schemathesis run --checks all` does (its engine: examples, coverage, fuzzing and stateful
phases, positive and negative data), driven from Python because its pytest plugin does not run under
pytest 9. Examples are bounded and derandomised, so the run is quick and the same every time.
"""

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from kb.api.app import create_app

CONFIG = """
[cache]
enabled = false

[generation]
max-examples = 30
deterministic = true
database = "none"
"""


def _failures(event: events.EngineEvent) -> list[str]:
    if isinstance(event, (events.NonFatalError, events.FatalError)):
        return [f"{type(event).__name__}: {getattr(event, 'info', None) or getattr(event, 'exception', None)}"]
    if not isinstance(event, events.ScenarioFinished):
        return []
    found = []
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status == Status.FAILURE:
                case = event.recorder.cases[case_id].value
                failure = check.failure_info.failure
                found.append(f"{event.label} [{event.phase.value}] {check.name}: {failure.title}\n  {case.as_curl_command()}")
    return found


def test_the_api_keeps_its_openapi_contract(content_kb):
    schema = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(kb=content_kb), config=SchemathesisConfig.from_str(CONFIG)
    )
    assert schema.config.checks.positive_data_acceptance.enabled  # every check is on, as with --checks all
    failures, cases = [], 0
    for event in from_schema(schema).execute():
        failures += _failures(event)
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.cases)
    assert failures == [], "\n".join(failures[:10])
    assert cases > 500  # the run did test: each operation many times
