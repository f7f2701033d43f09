import pytest

from app import create_app
from sms import simulator
from tests.sms.helpers import TOKEN, URL, app_config


@pytest.fixture
def sms_app(tmp_path):
    return create_app(app_config(tmp_path))


@pytest.fixture
def phone(sms_app):
    """A phone texting the app as Twilio would deliver its texts."""
    return simulator.Phone(simulator.client_transport(sms_app.test_client()), URL, TOKEN)
