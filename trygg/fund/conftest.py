from tests.fund_fixtures import *  # noqa: F403 - the shared fund fixtures
